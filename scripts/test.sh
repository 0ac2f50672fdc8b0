#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite (unit, MPI, end-to-end).
# Tests that need ../shared/data skip with a message when it is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
# Test-only tools: a browser for the report test, Slurm for the batch-script test, clang and its
# fuzzing/sanitizer runtime and OpenMP for the fuzz targets.
export XJSLINK_EXTRA_PACKAGES="${XJSLINK_EXTRA_PACKAGES:-} chromium slurm-wlm munge clang libclang-rt-14-dev libomp-14-dev"
bash scripts/setup.sh
# mpirun refuses to start as root unless told that this is intended (CI runs as root).
if [ "$(id -u)" -eq 0 ]; then
  export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
fi
(cd "${XJSLINK_BUILD_DIR:-build}" && ctest --output-on-failure -j"$(nproc)" "$@")
# A minute of fuzzing per input parser (fuzz/), in its own clang build (build-fuzz).
# Skipped when ctest arguments pick a subset, or with XJSLINK_SKIP_FUZZ=1.
if [ $# -eq 0 ] && [ "${XJSLINK_SKIP_FUZZ:-0}" != 1 ]; then
  bash scripts/test-fuzz.sh
fi
# The whole suite again under ASan + UBSan (build-asan): too slow for every CI run (measured in
# docs/benchmarks.md, "Sanitizer suite"); run before each release, or here with XJSLINK_SANITIZERS=1.
if [ $# -eq 0 ] && [ "${XJSLINK_SANITIZERS:-0}" = 1 ]; then
  bash scripts/test-sanitizers.sh
fi
