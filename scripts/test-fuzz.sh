#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/, clang with ASan + UBSan) in build-fuzz and runs each for
# XJSLINK_FUZZ_SECONDS (default 60) from its seed corpus: the fuzz.<target> ctests. Called by
# scripts/test.sh; needs clang, libclang-rt-14-dev and libomp-14-dev (test.sh installs them).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${XJSLINK_FUZZ_BUILD_DIR:-build-fuzz}
if [ ! -f "$build/CMakeCache.txt" ]; then
  CC=clang CXX=clang++ cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DXJSLINK_FUZZ=ON \
    -DXJSLINK_BUILD_TESTS=OFF -DXJSLINK_BUILD_BENCH=OFF >/dev/null
fi
cmake "$build" -DXJSLINK_FUZZ_SECONDS="${XJSLINK_FUZZ_SECONDS:-60}" >/dev/null
echo "test-fuzz: building the fuzz targets (log: $build/build.log)"
if ! cmake --build "$build" -j"$(nproc)" --target fuzz_csv_reader fuzz_settings fuzz_key_expression \
    >"$build/build.log" 2>&1; then
  grep -E "error|Error" "$build/build.log" | head -40 >&2
  echo "test-fuzz: build failed; see $build/build.log" >&2
  exit 1
fi
cd "$build"
ctest --output-on-failure -j"$(nproc)" -R '^fuzz\.'
