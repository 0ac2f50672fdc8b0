#!/usr/bin/env bash
# File: tests/e2e/slurm_jobs.sh
# The batch scripts in jobs/ on a real one-node Slurm cluster on localhost (started by
# scripts/slurm-localhost.sh): generate synthetic data with jobs/generate.sbatch, link it with
# jobs/link.sbatch, train then predict+cluster with jobs/train.sbatch and
# jobs/predict_cluster.sbatch, and check the outputs against a direct run. Skips (exit 77) when
# not root or Slurm cannot be installed.
# Usage: slurm_jobs.sh SOURCE_DIR XJSLINK_BINARY WORK_DIR
set -euo pipefail
src=$1 bin=$2 work=$3
[ "$(id -u)" -eq 0 ] || { echo "SKIP: needs root to start slurmctld/slurmd"; exit 77; }
bash "$src/scripts/slurm-localhost.sh" start || { echo "SKIP: could not start Slurm"; exit 77; }
trap 'bash "$src/scripts/slurm-localhost.sh" stop' EXIT
rm -rf "$work" && mkdir -p "$work" && cd "$work"
export XJSLINK=$bin XJSLINK_JOBS_DIR=$src/jobs

submit() {  # submit SCRIPT [sbatch options...]: waits; fails if the job failed
  local script=$1
  shift
  if ! sbatch --wait --quiet --export=ALL --chdir="$work" --output="$work/%x-%j.out" "$@" \
      "$src/jobs/$script"; then
    echo "FAIL: $script job failed"; cat "$work"/*.out; exit 1
  fi
}

RUN_DIR=$work/data PERSONS=3000 SEED=5 submit generate.sbatch --ntasks=2
inputs=""
for d in magistrates crown_court prison probation oasys family_court civil_possession; do
  inputs="$inputs $work/data/$d.csv"
done
settings=$src/data/synth/link_seven_datasets.json
"$bin" generate --persons 3000 --seed 5 --out "$work/data_direct" > /dev/null
cmp -s "$work/data/truth.csv" "$work/data_direct/truth.csv" ||
  { echo "FAIL: generate under Slurm differs from a direct run"; exit 1; }

direct_inputs=()
for f in $inputs; do direct_inputs+=(--input "$f"); done
"$bin" run -q --settings "$settings" "${direct_inputs[@]}" --out "$work/direct"

RUN_DIR=$work/link SETTINGS=$settings INPUTS=$inputs submit link.sbatch --ntasks=2 --cpus-per-task=1
RUN_DIR=$work/model SETTINGS=$settings INPUTS=$inputs submit train.sbatch --ntasks=2
RUN_DIR=$work/scored MODEL=$work/model/model.json INPUTS=$inputs submit predict_cluster.sbatch --ntasks=2
for f in model.json predictions.csv clusters.csv; do
  cmp -s "$work/direct/$f" "$work/link/$f" || { echo "FAIL: link.sbatch $f differs"; exit 1; }
done
cmp -s "$work/direct/model.json" "$work/model/model.json" || { echo "FAIL: train.sbatch model differs"; exit 1; }
for f in predictions.csv clusters.csv; do
  cmp -s "$work/direct/$f" "$work/scored/$f" || { echo "FAIL: predict_cluster.sbatch $f differs"; exit 1; }
done
echo "Slurm jobs: generate, link, train, predict+cluster match direct runs"
cd / && rm -rf "$work"
