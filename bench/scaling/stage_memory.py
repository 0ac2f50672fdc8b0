#!/usr/bin/env python3
"""Bytes per record at each stage of the scaling runs, from their run.json files.

run.json records, after each stage, the peak resident memory of the largest rank; times the
number of ranks over the records, that is the memory each record costs the whole job up to that
stage (an upper bound when ranks are uneven). It also records the bytes each record's compare
payload and keys occupy once ingested.

Usage: stage_memory.py WORK [--update-docs docs/benchmarks.md]
  WORK is run_scaling.sh's work directory (run_<records>_np<ranks>/run.json inside).
"""
import glob
import json
import os
import re
import sys


def rows(work):
    runs = []
    for path in glob.glob(os.path.join(work, "run_*_np*", "run.json")):
        with open(path) as f:
            run = json.load(f)
        records = run["counts"]["records"]
        ranks = run["ranks"]
        after = run["memory"]["peak_rss_after"]
        per_record = [after.get(stage, 0) * ranks / records
                      for stage in ("ingest", "train", "predict", "cluster")]
        runs.append((records, ranks, run["threads_per_rank"], run["memory"]["record_bytes_per_record"],
                     per_record, run["counts"]["predictions"] / records))
    runs.sort()
    return runs


def table(work):
    lines = ["| records | ranks × threads | payload + keys B/record | after ingest | after train | "
             "after predict | after cluster | predictions per record |",
             "|---|---|---|---|---|---|---|---|"]
    for records, ranks, threads, payload, per_record, kept in rows(work):
        stages = " | ".join(f"{b:,.0f}" for b in per_record)
        lines.append(f"| {records:,} | {ranks} × {threads} | {payload:,.0f} | {stages} | {kept:.1f} |")
    return "\n".join(lines)


def main():
    if len(sys.argv) not in (2, 4) or (len(sys.argv) == 4 and sys.argv[2] != "--update-docs"):
        sys.exit(__doc__)
    text = table(sys.argv[1])
    print(text)
    if len(sys.argv) == 4:
        doc = sys.argv[3]
        with open(doc) as f:
            content = f.read()
        block = f"<!-- stage-memory:begin -->\n{text}\n<!-- stage-memory:end -->"
        content, n = re.subn(r"<!-- stage-memory:begin -->.*?<!-- stage-memory:end -->", block,
                             content, flags=re.S)
        if n != 1:
            sys.exit(f"{doc}: no stage-memory markers to replace")
        with open(doc, "w") as f:
            f.write(content)


if __name__ == "__main__":
    main()
