#!/usr/bin/env bash
# File: tests/e2e/run_determinism.sh
# `xjslink run` must give identical outputs for any number of MPI ranks and OpenMP threads, and
# under a memory budget that forces several shuffle rounds: model.json, predictions.csv and
# clusters.csv byte for byte, the HDF5 files by content (h5diff). The clusters are the default
# method's (supported merges, with per-cluster diagnostics); `xjslink cluster` re-clusters the
# reference with both methods at a lower threshold on 1 to 4 ranks, which must agree too. Compact
# predictions (--predictions-columns compact) must agree across 1 to 3 ranks.
# Usage: run_determinism.sh XJSLINK_BINARY MPIEXEC SETTINGS WORK_DIR
set -euo pipefail
bin=$1 mpiexec=$2 settings=$3 work=$4
rm -rf "$work" && mkdir -p "$work"
"$bin" generate --persons 3000 --seed 7 --out "$work/data" > /dev/null
inputs=()
for d in magistrates crown_court prison probation oasys family_court civil_possession; do
  inputs+=(--input "$work/data/$d.csv")
done
run() {  # run OUT NP THREADS [extra args...]
  local out=$1 np=$2 threads=$3
  shift 3
  OMP_NUM_THREADS=$threads "$mpiexec" --oversubscribe --allow-run-as-root -np "$np" \
    "$bin" run -q --settings "$settings" "${inputs[@]}" --out "$out" "$@"
}
compare() {  # compare DIR LABEL
  local f
  for f in model.json predictions.csv clusters.csv; do
    cmp -s "$work/reference/$f" "$1/$f" || { echo "FAIL: $f differs ($2)"; exit 1; }
  done
  if command -v h5diff > /dev/null; then
    for f in predictions.h5 clusters.h5; do
      h5diff -q "$work/reference/$f" "$1/$f" || { echo "FAIL: $f content differs ($2)"; exit 1; }
    done
  fi
  echo "$2: identical"
}
OMP_NUM_THREADS=1 "$bin" run -q --settings "$settings" "${inputs[@]}" --out "$work/reference"
for np in 1 2 3 4; do
  for threads in 1 2; do
    run "$work/np${np}_t${threads}" "$np" "$threads"
    compare "$work/np${np}_t${threads}" "np=$np threads=$threads"
  done
done
run "$work/budget" 3 2 --memory-budget 64K
compare "$work/budget" "np=3 threads=2 --memory-budget 64K"
# Compact predictions: the same bytes on 1 to 3 ranks (threads 1 and 2).
OMP_NUM_THREADS=1 "$bin" run -q --predictions-columns compact --settings "$settings" "${inputs[@]}" \
  --out "$work/compact_ref"
for np in 1 2 3; do
  for threads in 1 2; do
    run "$work/compact_np${np}_t${threads}" "$np" "$threads" --predictions-columns compact
    for f in predictions.csv clusters.csv; do
      cmp -s "$work/compact_ref/$f" "$work/compact_np${np}_t${threads}/$f" ||
        { echo "FAIL: compact $f differs (np=$np threads=$threads)"; exit 1; }
    done
  done
done
echo "compact predictions np=1..3 threads=1,2: identical"
# Re-clustered at the output threshold (every written pair strong), where some components are
# split by supported merges at this small scale, with both methods on 1 to 4 ranks.
for method in connected_components supported_merges; do
  for np in 1 2 3 4; do
    OMP_NUM_THREADS=2 "$mpiexec" --oversubscribe --allow-run-as-root -np "$np" "$bin" cluster -q \
      --method "$method" --threshold 0.5 --model "$work/reference/model.json" \
      --predictions "$work/reference/predictions.h5" "${inputs[@]}" --out "$work/${method}_np$np"
    if [ "$np" -gt 1 ]; then
      cmp -s "$work/${method}_np1/clusters.csv" "$work/${method}_np$np/clusters.csv" ||
        { echo "FAIL: $method clusters.csv differs (np=$np)"; exit 1; }
    fi
  done
  echo "cluster --method $method --threshold 0.5 np=1..4: identical"
done
cut -d, -f3 "$work/connected_components_np1/clusters.csv" > "$work/cc_ids"
cut -d, -f3 "$work/supported_merges_np1/clusters.csv" > "$work/sm_ids"
cmp -s "$work/cc_ids" "$work/sm_ids" &&
  { echo "FAIL: the two clustering methods gave the same clusters"; exit 1; }
rm -rf "$work"
