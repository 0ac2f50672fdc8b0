# Shared set-up for the xjslink batch scripts (sourced, not submitted).
# Resolves the binary, sets OpenMP from the Slurm allocation, and defines `launch`, which
# starts one xjslink process per task with srun (PMIx, as Debian's Open MPI expects).
set -euo pipefail

XJSLINK=${XJSLINK:-$(command -v xjslink || echo "${SLURM_SUBMIT_DIR:-.}/build/bin/xjslink")}
[ -x "$XJSLINK" ] || { echo "xjslink binary not found: set XJSLINK=/path/to/xjslink" >&2; exit 2; }

# One OpenMP thread per allocated CPU of the task, kept on its cores.
export OMP_NUM_THREADS=${SLURM_CPUS_PER_TASK:-1}
export OMP_PLACES=cores
export OMP_PROC_BIND=close

SRUN_MPI=${SRUN_MPI:-pmix}
launch() { srun --mpi="$SRUN_MPI" --kill-on-bad-exit=1 "$XJSLINK" "$@"; }

# The run directory: $OUT/<job id>, or RUN_DIR to resume an earlier run in place.
run_dir() { echo "${RUN_DIR:-${OUT:?set OUT to the output directory}/${SLURM_JOB_ID:-manual}}"; }

# INPUTS is a space-separated list of files; prints "--input A --input B ...".
input_args() {
  local args=() f
  for f in ${INPUTS:?set INPUTS to the input files (space-separated)}; do args+=(--input "$f"); done
  echo "${args[@]}"
}

show_parameters() {
  echo "xjslink job ${SLURM_JOB_ID:-?}: nodes=${SLURM_JOB_NUM_NODES:-?} tasks=${SLURM_NTASKS:-?}" \
       "cpus-per-task=${SLURM_CPUS_PER_TASK:-1} OMP_NUM_THREADS=$OMP_NUM_THREADS binary=$XJSLINK"
  local v
  for v in "$@"; do echo "  $v=${!v:-}"; done
}
