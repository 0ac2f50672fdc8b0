// File: bench/kernels/phonetic_bench.cpp
// Phonetic keys per name (blocking computes one per record): Soundex (with its reference
// twin), Double Metaphone and NYSIIS.
#include <benchmark/benchmark.h>

#include "kernels/double_metaphone.hpp"
#include "kernels/nysiis.hpp"
#include "kernels/reference/soundex_ref.hpp"
#include "kernels/soundex.hpp"
#include "name_pool.hpp"

namespace xjslink::bench {
namespace {

template <class Fn>
void run_keys(benchmark::State& state, Fn fn) {
  const std::vector<std::string>& pool = names();
  if (pool.empty()) {
    state.SkipWithError("no names: data/names/*.csv not found");
    return;
  }
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(fn(pool[i]));
    if (++i == pool.size()) i = 0;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

void BM_Soundex(benchmark::State& state) {
  for (const std::string& n : names()) {
    if (kernels::soundex(n) != kernels::reference::soundex(n)) {
      state.SkipWithError("soundex disagrees with the reference");
      return;
    }
  }
  run_keys(state, [](const std::string& n) { return kernels::soundex(n); });
}
void BM_Soundex_Reference(benchmark::State& state) {
  run_keys(state, [](const std::string& n) { return kernels::reference::soundex(n); });
}
void BM_DoubleMetaphone(benchmark::State& state) {
  run_keys(state, [](const std::string& n) { return kernels::double_metaphone(n); });
}
void BM_Nysiis(benchmark::State& state) {
  run_keys(state, [](const std::string& n) { return kernels::nysiis(n); });
}

BENCHMARK(BM_Soundex);
BENCHMARK(BM_Soundex_Reference);
BENCHMARK(BM_DoubleMetaphone);
BENCHMARK(BM_Nysiis);

}  // namespace
}  // namespace xjslink::bench
