#!/usr/bin/env bash
# The whole test suite under AddressSanitizer + UndefinedBehaviorSanitizer (gcc), in build-asan.
# Any undefined behaviour aborts the test that hit it (-fno-sanitize-recover=undefined); any
# ASan report or leak fails it. Run in CI by scripts/test.sh when XJSLINK_SANITIZERS=1, and before
# each release (docs/reliability.md). Extra arguments go to ctest (e.g. -R settings).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
export XJSLINK_BUILD_DIR="${XJSLINK_ASAN_BUILD_DIR:-build-asan}"
export XJSLINK_CMAKE_ARGS="-DCMAKE_BUILD_TYPE=RelWithDebInfo -DXJSLINK_SANITIZE=address,undefined -DXJSLINK_BUILD_BENCH=OFF"
# ccache, where installed, for the sanitized build (most of its time is compiling); without it,
# the plain compiler. Only read when build-asan is configured for the first time.
if command -v ccache >/dev/null 2>&1; then
  XJSLINK_CMAKE_ARGS+=" -DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache"
fi
# Set before the build too: gtest_discover_tests runs the test binaries while building.
# detect_leaks stays on; Open MPI's own allocations at MPI_Init are suppressed (see the file). The
# slow unwinder: Open MPI has no frame pointers, so the fast one cannot name its libraries.
# intercept_tls_get_addr=0: with it on, gcc 12's LeakSanitizer read a bogus dynamic-TLS range of a
# dlopened Open MPI component and its tracer crashed (SIGSEGV, "LeakSanitizer has encountered a
# fatal error") at the exit of `xjslink generate`. Off, dynamic TLS is not scanned for pointers,
# which can only add leak reports, never hide one.
export ASAN_OPTIONS="detect_leaks=1:fast_unwind_on_malloc=0:abort_on_error=0:detect_stack_use_after_return=0:strict_string_checks=1:check_initialization_order=1:intercept_tls_get_addr=0"
export LSAN_OPTIONS="suppressions=$root/scripts/sanitizers/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
# Open MPI dlcloses its components at MPI_Finalize, after which LeakSanitizer cannot name the
# library an allocation came from ("<unknown module>") and the suppressions cannot match it.
export OMPI_MCA_mca_base_component_disable_dlclose=1
start=$(date +%s)
# The fuzz targets are a separate clang build with their own sanitizers: not rebuilt here.
XJSLINK_SKIP_FUZZ=1 XJSLINK_SANITIZERS=0 bash scripts/test.sh "$@"
echo "test-sanitizers: build and suite took $(( $(date +%s) - start )) s"
