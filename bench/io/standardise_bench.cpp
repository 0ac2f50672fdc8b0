// File: io/standardise_bench.cpp
// Standardisation and date parsing throughput (values/s) on fixed-seed pools of name-like
// values, cycled so that no single value repeats back to back.
#include <benchmark/benchmark.h>

#include <random>
#include <string>
#include <vector>

#include "xjslink/date_parse.hpp"
#include "xjslink/standardise.hpp"

namespace {

std::vector<std::string> name_pool(bool with_accents) {
  static const std::vector<std::string> accented = {"Jos\xC3\xA9", "M\xC3\xBCller", "Zo\xC3\xAB",
                                                    "\xC3\x98ystein", "Fran\xC3\xA7ois"};
  std::mt19937_64 rng(2024);
  std::vector<std::string> pool;
  for (int i = 0; i < 4096; ++i) {
    std::string v = " ";
    const int len = 4 + static_cast<int>(rng() % 8);
    for (int k = 0; k < len; ++k) {
      v.push_back(static_cast<char>((k == 0 ? 'A' : 'a') + rng() % 26));
    }
    if (rng() % 4 == 0) v += "-O'Neil";
    if (with_accents) v += " " + accented[rng() % accented.size()];
    pool.push_back(v);
  }
  return pool;
}

void run_standardise(benchmark::State& state, bool accents) {
  const auto pool = name_pool(accents);
  if (xjslink::standardise_string("  Jos\xC3\xA9  O'Brien-Smith ") != "jose obrien smith") {
    state.SkipWithError("wrong standardisation");
  }
  std::string out;
  std::size_t i = 0;
  for (auto _ : state) {
    out.clear();
    benchmark::DoNotOptimize(xjslink::append_standardised(out, pool[i++ & 4095]));
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_Standardise_AsciiNames(benchmark::State& state) {
  run_standardise(state, false);
}
BENCHMARK(BM_Standardise_AsciiNames);

void BM_Standardise_AccentedNames(benchmark::State& state) {
  run_standardise(state, true);
}
BENCHMARK(BM_Standardise_AccentedNames);

void BM_ParseDate_Defaults(benchmark::State& state) {
  const auto formats = xjslink::DateFormats::defaults();
  std::mt19937_64 rng(7);
  std::vector<std::string> pool;
  for (int i = 0; i < 4096; ++i) {
    char buf[32];
    const int y = 1900 + static_cast<int>(rng() % 120);
    const int m = 1 + static_cast<int>(rng() % 12);
    const int d = 1 + static_cast<int>(rng() % 28);
    if (i % 2 == 0)
      std::snprintf(buf, sizeof(buf), "%04d%02d%02d", y, m, d);
    else
      std::snprintf(buf, sizeof(buf), "%02d/%02d/%04d", d, m, y);
    pool.emplace_back(buf);
  }
  if (xjslink::parse_date("1970-01-02", formats) != 1) state.SkipWithError("wrong date");
  std::size_t i = 0;
  for (auto _ : state)
    benchmark::DoNotOptimize(xjslink::parse_date(pool[i++ & 4095], formats));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ParseDate_Defaults);

}  // namespace
