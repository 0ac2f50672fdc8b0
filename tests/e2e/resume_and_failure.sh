#!/usr/bin/env bash
# File: tests/e2e/resume_and_failure.sh
# Fault tolerance of `xjslink run` under MPI:
#  1. every rank is killed (SIGKILL) right after a stage completes: the rerun resumes after that
#     stage and gives the same outputs as an uninterrupted run, and no file is half-written;
#  2. one rank dies abruptly mid-run: the whole job exits non-zero promptly instead of hanging.
# Usage: resume_and_failure.sh XJSLINK_BINARY MPIEXEC SETTINGS WORK_DIR
set -euo pipefail
bin=$1 mpiexec=$2 settings=$3 work=$4
rm -rf "$work" && mkdir -p "$work"
"$bin" generate --persons 2000 --seed 11 --out "$work/data" > /dev/null
inputs=()
for d in magistrates crown_court prison probation oasys family_court civil_possession; do
  inputs+=(--input "$work/data/$d.csv")
done
mpirun_xjslink() {
  "$mpiexec" --oversubscribe --allow-run-as-root -np 2 "$bin" run --settings "$settings" \
    "${inputs[@]}" "$@"
}
mpirun_xjslink -q --out "$work/reference"
for stage in train predict; do
  out="$work/killed_after_$stage"
  if XJSLINK_FAULT="kill-after:$stage" mpirun_xjslink -q --out "$out" > "$work/log" 2>&1; then
    echo "FAIL: the killed run reported success"; exit 1
  fi
  if ls "$out"/*.tmp > /dev/null 2>&1; then echo "FAIL: temporary files left after the kill"; exit 1; fi
  [ -f "$out/model.json" ] || { echo "FAIL: model.json lost after kill-after:$stage"; exit 1; }
  mpirun_xjslink --out "$out" -v > "$work/log" 2>&1
  grep -q "train: complete in an earlier run" "$work/log" ||
    { echo "FAIL: the rerun did not resume after train"; cat "$work/log"; exit 1; }
  if [ "$stage" = predict ]; then
    grep -q "predict: complete in an earlier run" "$work/log" ||
      { echo "FAIL: the rerun did not resume after predict"; cat "$work/log"; exit 1; }
  fi
  for f in model.json predictions.csv clusters.csv; do
    cmp -s "$work/reference/$f" "$out/$f" || { echo "FAIL: $f differs after resuming ($stage)"; exit 1; }
  done
  echo "killed after $stage: resumed, identical outputs"
done
start=$(date +%s)
if XJSLINK_FAULT="crash-rank:1:predict" mpirun_xjslink -q --out "$work/crash" > "$work/log" 2>&1; then
  echo "FAIL: a job with a dead rank reported success"; exit 1
fi
elapsed=$(( $(date +%s) - start ))
[ "$elapsed" -lt 120 ] || { echo "FAIL: the job took ${elapsed}s to notice the dead rank"; exit 1; }
[ ! -f "$work/crash/predictions.csv" ] || { echo "FAIL: predictions written despite the crash"; exit 1; }
echo "dead rank: job failed after ${elapsed}s, no predictions written"
rm -rf "$work"
