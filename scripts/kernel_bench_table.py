#!/usr/bin/env python3
"""Turns Google Benchmark JSON from xjslink-bench-kernels into the kernels table of
docs/benchmarks.md. Rows are the kernel benchmarks; each is paired with its reference twin
(BM_X_Reference/<mode>/<scenario>, or BM_X_Reference/block for the block forms). Only the part
between the kernels-table markers is rewritten, so hand-written notes around it stay."""
import argparse
import datetime
import json
import re
import sys

BEGIN = "<!-- kernels-table:begin -->"
END = "<!-- kernels-table:end -->"


def medians(path):
    with open(path) as f:
        data = json.load(f)
    rows = {}
    for b in data["benchmarks"]:
        if b.get("aggregate_name") != "median":
            continue
        name = b["run_name"]
        ips = b.get("items_per_second")
        ns = 1e9 / ips if ips else b["cpu_time"]
        rows[name] = (ns, b.get("label", ""))
    return rows


def reference_for(name):
    m = re.match(r"(BM_[A-Za-z]+)/([a-z_]+)/([a-z]+)$", name)
    if not m:
        return name + "_Reference"
    kernel, mode, scenario = m.groups()
    if scenario == "block":
        return kernel + "_Reference/block"
    return "%s_Reference/%s/%s" % (kernel, mode, scenario)


def table(rows):
    lines = ["| benchmark | ns/op (median) | reference ns/op | speed-up | target |",
             "|---|---:|---:|---:|---|"]
    for name in sorted(rows):
        if "_Reference" in name:
            continue
        ns, label = rows[name]
        ref = rows.get(reference_for(name))
        ref_ns = "%.1f" % ref[0] if ref else "-"
        speedup = "%.1fx" % (ref[0] / ns) if ref else "-"
        lines.append("| `%s` | %.1f | %s | %s | %s |" % (name, ns, ref_ns, speedup, label or "-"))
    return "\n".join(lines)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("json")
    p.add_argument("doc")
    p.add_argument("--machine", default="")
    p.add_argument("--compiler", default="")
    p.add_argument("--flags", default="")
    p.add_argument("--command", default="")
    p.add_argument("--repetitions", default="5")
    a = p.parse_args()
    rows = medians(a.json)
    block = "\n".join([
        BEGIN,
        "Measured %s on %s; %s; flags `%s`; one thread." % (
            datetime.date.today().isoformat(), a.machine, a.compiler, a.flags),
        "Command: `%s`. Median of %s repetitions; ns per comparison (per name for "
        "phonetic keys); reference = the textbook twin in tests/kernels/reference." % (
            a.command, a.repetitions),
        "",
        table(rows),
        END,
    ])
    try:
        with open(a.doc) as f:
            doc = f.read()
    except FileNotFoundError:
        doc = "# Benchmarks\n\n## Kernels\n\n"
    if BEGIN in doc and END in doc:
        doc = doc[:doc.index(BEGIN)] + block + doc[doc.index(END) + len(END):]
    elif "## Kernels" in doc:
        at = doc.index("## Kernels") + len("## Kernels")
        doc = doc[:at] + "\n\n" + block + "\n" + doc[at:]
    else:
        doc = doc.rstrip("\n") + "\n\n## Kernels\n\n" + block + "\n"
    with open(a.doc, "w") as f:
        f.write(doc)


if __name__ == "__main__":
    sys.exit(main())
