#!/usr/bin/env bash
# End-to-end scaling on synthetic Data First-style data: for each size, make the data once
# (xjslink generate), then link it with 1 and 2 ranks (threads = cores / ranks) and report, from
# run.json and /usr/bin/time: wall time per stage, scored pairs, comparisons per second (scored
# pairs / predict time), predictions, peak RSS per rank, and bytes per record.
# Usage: bench/scaling/run_scaling.sh [RECORDS...]   (default: 100000 1000000)
#   XJSLINK_BIN (default build/bin/xjslink), WORK (default /tmp/xjslink-scaling), RANKS ("1 2"),
#   FORMATS (output formats, default hdf5), UPDATE_DOCS=1 to rewrite the tables in docs/benchmarks.md
#   (this one, and the bytes per record at each stage from bench/scaling/stage_memory.py)
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${XJSLINK_BIN:-build/bin/xjslink}
work=${WORK:-/tmp/xjslink-scaling}
ranks=${RANKS:-1 2}
formats=${FORMATS:-hdf5}
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100000 1000000)
cores=$(nproc)
settings=data/synth/link_seven_datasets.json
[ "$(id -u)" -eq 0 ] && export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
mkdir -p "$work"
rows=()
for records in "${sizes[@]}"; do
  # About 4.25 records per index person with the shipped rates (docs/synthetic-data.md).
  persons=$(( records * 100 / 425 ))
  data="$work/data_$records"
  if [ ! -f "$data/truth.csv" ]; then
    "$bin" generate --persons "$persons" --seed 1 --out "$data" > /dev/null
  fi
  inputs=()
  for d in magistrates crown_court prison probation oasys family_court civil_possession; do
    inputs+=(--input "$data/$d.csv")
  done
  actual=$(( $(cat "$data"/{magistrates,crown_court,prison,probation,oasys,family_court,civil_possession}.csv | wc -l) - 7 ))
  for np in $ranks; do
    threads=$(( cores / np > 0 ? cores / np : 1 ))
    out="$work/run_${records}_np$np"
    rm -rf "$out"
    /usr/bin/time -f "%e" -o "$work/time" env OMP_NUM_THREADS=$threads \
      mpirun --oversubscribe -np "$np" "$bin" run -q --no-resume --formats "$formats" \
      --settings "$settings" "${inputs[@]}" --out "$out"
    wall=$(cat "$work/time")
    row=$(python3 - "$out/run.json" "$actual" "$np" "$threads" "$wall" <<'PY'
import json, sys
run = json.load(open(sys.argv[1]))
records, np_, threads, wall = int(sys.argv[2]), sys.argv[3], sys.argv[4], float(sys.argv[5])
t = run["timings_seconds"]
scored = run["counts"]["scored_pairs"]
kept = run["counts"]["predictions"]
rss = run["peak_rss_bytes_per_rank_max"]
cmp_rate = scored / t["predict"] / 1e6 if t["predict"] > 0 else 0
print(f"| {records:,} | {np_} × {threads} | {wall:.1f} | {t['ingest']:.1f} | {t['train']:.1f} | "
      f"{t['predict']:.1f} | {t['write_predictions']:.1f} | {t['cluster'] + t['write_clusters']:.1f} | "
      f"{scored/1e6:.1f} M | {cmp_rate:.2f} M/s | {kept/1e6:.1f} M | {rss/2**20:,.0f} MiB | "
      f"{rss * int(np_) / records:,.0f} |")
PY
)
    echo "$row"
    rows+=("$row")
  done
done
table="| records | ranks × threads | wall s | ingest s | train s | predict s | write pairs s | cluster s | scored pairs | comparisons/s | predictions | peak RSS per rank | bytes per record (all ranks) |
|---|---|---|---|---|---|---|---|---|---|---|---|---|"
for r in "${rows[@]}"; do table="$table
$r"; done
echo
echo "$table"
if [ "${UPDATE_DOCS:-0}" = 1 ]; then
  python3 - docs/benchmarks.md "$table" "$(date -u +%Y-%m-%d)" "$(lscpu | sed -n 's/^Model name: *//p' | head -1)" <<'PY'
import sys, re
path, table, date, cpu = sys.argv[1:5]
text = open(path).read()
block = (f"<!-- scaling-table:begin -->\nMeasured {date} on {cpu} ({__import__('os').cpu_count()} cores), "
         f"`bench/scaling/run_scaling.sh`, output format HDF5, synthetic data from `xjslink generate --seed 1`, "
         f"settings `data/synth/link_seven_datasets.json`.\n\n{table}\n<!-- scaling-table:end -->")
text = re.sub(r"<!-- scaling-table:begin -->.*?<!-- scaling-table:end -->", block, text, flags=re.S)
open(path, "w").write(text)
PY
fi
echo
if [ "${UPDATE_DOCS:-0}" = 1 ]; then
  python3 bench/scaling/stage_memory.py "$work" --update-docs docs/benchmarks.md
else
  python3 bench/scaling/stage_memory.py "$work"
fi
