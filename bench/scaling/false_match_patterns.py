#!/usr/bin/env python3
"""False matches of a run by pattern: the written pairs (predictions.csv) joined to the truth.

Usage: false_match_patterns.py RUN_DIR TRUTH_CSV
Prints the share of false matches per blocking rule (match_key) and the eight level patterns
(gamma of name, dob, postcode, pnc_id) with the most false matches, with their true/false
counts, mean match probability and the share of them that are true. Prints no record values.
"""
import collections
import csv
import sys

run, truth = sys.argv[1], sys.argv[2]
person = {}
with open(truth, newline="") as f:
    rows = csv.reader(f)
    next(rows)
    for source, uid, pid in rows:
        person[(source, uid)] = pid
stats = collections.defaultdict(lambda: [0, 0, 0.0])  # true, false, sum of probabilities
false_by_rule = collections.Counter()
with open(run + "/predictions.csv", newline="") as f:
    rows = csv.reader(f)
    at = {k: i for i, k in enumerate(next(rows))}
    for row in rows:
        true = person[(row[0], row[1])] == person[(row[2], row[3])]
        key = tuple(row[at["gamma_" + c]] for c in ("name", "dob", "postcode", "pnc_id"))
        s = stats[key]
        s[0 if true else 1] += 1
        s[2] += float(row[at["match_probability"]])
        if not true:
            false_by_rule[row[at["match_key"]]] += 1
total = sum(false_by_rule.values())
print("false matches", total, "share by blocking rule (match_key):",
      {k: round(v / total, 3) for k, v in false_by_rule.most_common()})
print("gamma name, dob, postcode, pnc_id | true | false | mean probability | true share")
for key, (t, fl, p) in sorted(stats.items(), key=lambda kv: -kv[1][1])[:8]:
    print(",".join(key), t, fl, round(p / (t + fl), 3), round(t / (t + fl), 3), sep=" | ")
