#!/usr/bin/python3
"""Cluster pairwise precision/recall/F1 and cluster sizes of a run's clusters.h5 against a
synthetic truth table, computed independently of xjslink's evaluator (numpy; every record pair
inside a cluster is a predicted link, every record pair of one person a true one).
Usage: cluster_quality.py RUN_DIR DATA_DIR"""
import csv
import sys

import h5py
import numpy as np


def pairs(counts):
    counts = counts.astype(np.int64)
    return int((counts * (counts - 1) // 2).sum())


run, data = sys.argv[1], sys.argv[2]
person_of = {}
with open(f"{data}/truth.csv", newline="") as f:
    r = csv.reader(f)
    next(r)
    for src, uid, pid in r:
        person_of[(src, uid)] = int(pid)
cols = h5py.File(f"{run}/clusters.h5", "r")["clusters/columns"]
sources = cols["source_dataset"][:]
uids = cols["unique_id"][:]
cluster_ids = cols["cluster_id"][:]
person = np.fromiter((person_of[(s.decode(), u.decode())] for s, u in zip(sources, uids)),
                     dtype=np.int64, count=len(uids))
del person_of, sources, uids
_, cluster = np.unique(cluster_ids, return_inverse=True)
del cluster_ids
cluster = cluster.astype(np.int64)
cluster_sizes = np.bincount(cluster)
person_sizes = np.bincount(person)
# Record pairs in both the same cluster and the same person: pairs of each (cluster, person) cell.
cell = cluster * (int(person.max()) + 1) + person
_, cell_sizes = np.unique(cell, return_counts=True)
tp, predicted, true = pairs(cell_sizes), pairs(cluster_sizes), pairs(person_sizes)
precision, recall = tp / predicted, tp / true
print(f"records {len(person)} clusters {len(cluster_sizes)} persons {np.count_nonzero(person_sizes)} "
      f"largest_cluster {cluster_sizes.max()} largest_person {person_sizes.max()} "
      f"cluster_pairwise precision {precision:.4f} recall {recall:.4f} "
      f"f1 {2 * precision * recall / (precision + recall):.4f}")
