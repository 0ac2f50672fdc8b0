#!/usr/bin/python3
"""Pairwise precision/recall of a run's predictions.h5 against a synthetic truth table, computed
independently of xjslink's evaluator (numpy over the record indices; no clusters needed).
Usage: pairwise_quality.py RUN_DIR DATA_DIR [threshold]   (the datasets are read from DATA_DIR in
the order of the run's inputs, from run.json; full or compact predictions)."""
import csv
import json
import os
import sys

import h5py
import numpy as np

run, data = sys.argv[1], sys.argv[2]
threshold = float(sys.argv[3]) if len(sys.argv) > 3 else 0.5
with open(f"{run}/run.json") as f:
    files = [os.path.basename(i["path"])[:-len(".csv")] for i in json.load(f)["inputs"]]
person_of = {}
with open(f"{data}/truth.csv", newline="") as f:
    r = csv.reader(f)
    next(r)
    for src, uid, pid in r:
        person_of[(src, uid)] = int(pid)
persons = []
uids = []
for name in files:
    with open(f"{data}/{name}.csv", newline="") as f:
        r = csv.reader(f)
        h = next(r)
        iu, isrc = h.index("unique_id"), h.index("source_dataset")
        for row in r:
            persons.append(person_of[(row[isrc], row[iu])])
            uids.append(row[iu])
person = np.array(persons, dtype=np.int64)
del person_of
counts = np.bincount(person)
true_pairs = int((counts * (counts - 1) // 2).sum())
cols = h5py.File(f"{run}/predictions.h5", "r")["predictions/columns"]
n = cols["record_index_l"].shape[0]
tp = predicted = 0
chunk = 20_000_000
for start in range(0, n, chunk):
    l = cols["record_index_l"][start:start + chunk]
    r = cols["record_index_r"][start:start + chunk]
    if "match_probability" in cols:
        p = cols["match_probability"][start:start + chunk]
    else:  # compact predictions (docs/outputs.md): the probability is a function of the weight
        w = cols["match_weight"][start:start + chunk]
        p = np.exp2(w) / (1.0 + np.exp2(w))
    if start == 0:  # the indices must be the rows of the inputs in the order given
        if "unique_id_l" in cols:
            ids = cols["unique_id_l"]
        else:  # compact: the records are the rows of clusters.h5
            ids = h5py.File(f"{run}/clusters.h5", "r")["clusters/columns"]["unique_id"]
        for k in range(0, len(l), max(1, len(l) // 50)):
            assert ids[l[k] if "unique_id_l" not in cols else k].decode() == uids[l[k]], \
                "index order differs"
    keep = p >= threshold
    predicted += int(keep.sum())
    tp += int((person[l[keep]] == person[r[keep]]).sum())
precision, recall = tp / predicted, tp / true_pairs
print(f"records {len(person)} true_pairs {true_pairs} predicted {predicted} tp {tp} "
      f"precision {precision:.4f} recall {recall:.4f} "
      f"f1 {2 * precision * recall / (precision + recall):.4f}")
