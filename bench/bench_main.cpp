// File: bench/bench_main.cpp
// Benchmark main: MPI is initialised once (a one-rank world), because the compare-stage
// benchmarks build their data with the library's stages, which take a dist::Comm.
#include <benchmark/benchmark.h>

#include <cstdlib>

#include "dist/comm.hpp"

int main(int argc, char** argv) {
  // A one-rank world needs no daemon or network transport (see tests/test_main.cpp).
  setenv("OMPI_MCA_ess_singleton_isolated", "1", 0);
  xjslink::dist::Environment mpi(&argc, &argv);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
