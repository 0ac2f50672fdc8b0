#!/usr/bin/env bash
# Builds and runs the kernel benchmarks (5 repetitions, JSON) and refreshes the table in the
# "## Kernels" section of docs/benchmarks.md: median ns per comparison, the reference twin's
# median, the speed-up and the dispatched SIMD target, with machine, compiler, flags and date.
# Usage: scripts/bench_kernels.sh            (env: BUILD=dir, FILTER=regex, REPETITIONS=n)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${BUILD:-$root/build}
filter=${FILTER:-.}
repetitions=${REPETITIONS:-5}
json=$build/bench_kernels.json
echo "bench_kernels: build=$build filter=$filter repetitions=$repetitions"

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j2 --target xjslink-bench-kernels

command=("$build/bin/xjslink-bench-kernels" "--benchmark_filter=$filter"
         "--benchmark_repetitions=$repetitions" "--benchmark_report_aggregates_only=true"
         "--benchmark_format=json" "--benchmark_out=$json" "--benchmark_out_format=json")
"${command[@]}" >/dev/null

machine=$(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -1)
cores=$(nproc)
compiler=$("${CXX:-c++}" --version | head -1)
# The flags a kernel file was really compiled with (the cache's CMAKE_CXX_FLAGS_RELEASE is
# overridden by the project).
flags=$(python3 -c 'import json,sys,shlex
for e in json.load(open(sys.argv[1])):
    if e["file"].endswith("kernels/jaro_winkler.cpp"):
        print(" ".join(a for a in shlex.split(e["command"])[1:] if a.startswith(("-O","-m","-f","-D")) and not a.startswith("-DXJS")))
        break' "$build/compile_commands.json")
python3 "$root/scripts/kernel_bench_table.py" "$json" "$root/docs/benchmarks.md" \
  --machine "$machine ($cores cores)" --compiler "$compiler" --flags "$flags" \
  --repetitions "$repetitions" --command "scripts/bench_kernels.sh (xjslink-bench-kernels --benchmark_repetitions=$repetitions --benchmark_format=json)"
echo "bench_kernels: wrote $json and docs/benchmarks.md"
