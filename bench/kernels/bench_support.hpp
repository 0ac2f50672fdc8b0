// File: bench/kernels/bench_support.hpp
// Registers one benchmark per (kernel, mode, scenario): inputs from the fixed-seed name pool,
// cycled; the answer is checked against the reference twin before the timed loop; each run is
// labelled with the dispatched SIMD target and reports pairs/s through SetItemsProcessed.
#pragma once

#include <benchmark/benchmark.h>

#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include "kernels/target.hpp"
#include "name_pool.hpp"

namespace xjslink::bench {

// Power of two (cycling is a mask), and large: with 4096 pairs the branch predictor learns
// the pool and one-pair calls look ~25% faster than on unseen data (Highway nanobenchmark.h).
inline constexpr std::size_t kPairsPerScenario = 16384;
inline constexpr Scenario kScenarios[] = {Scenario::kMatch, Scenario::kNear, Scenario::kNonMatch};

template <class T>
bool same_answer(T got, T want) {
  if constexpr (std::is_floating_point_v<T>) {
    return got == want || std::fabs(got - want) <= 1e-12;
  } else {
    return got == want;
  }
}

// Kernel and Reference are callables (const std::string&, const std::string&) -> T.
template <class Kernel, class Reference>
void register_pairs(const std::string& name, Scenario scenario, Kernel kernel,
                    Reference reference) {
  benchmark::RegisterBenchmark(
      (name + "/" + scenario_name(scenario)).c_str(), [=](benchmark::State& state) {
        const std::vector<NamePair> pairs = make_pairs(scenario, kPairsPerScenario);
        if (pairs.empty()) {
          state.SkipWithError("no names: data/names/*.csv not found");
          return;
        }
        for (const NamePair& p : pairs) {
          if (!same_answer(kernel(p.a, p.b), reference(p.a, p.b))) {
            state.SkipWithError("kernel disagrees with the reference");
            return;
          }
        }
        std::size_t i = 0;
        for (auto _ : state) {
          const NamePair& p = pairs[i];
          i = (i + 1) & (kPairsPerScenario - 1);
          benchmark::DoNotOptimize(kernel(p.a, p.b));
        }
        state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
        state.SetLabel(kernels::active_target());
      });
}

// One-against-many: Cached is built once per left name (outside the timed loop, as a block
// builds it once per left record); each iteration compares it with the next right name.
// compare(cached, right) -> T; reference(left, right) -> T.
template <class Cached, class Make, class Compare, class Reference>
void register_block(const std::string& name, Make make, Compare compare, Reference reference) {
  benchmark::RegisterBenchmark(name.c_str(), [=](benchmark::State& state) {
    constexpr std::size_t kLefts = 256;
    constexpr std::size_t kRights = 64;  // 16384 comparisons per cycle
    const std::vector<Block> blocks = make_blocks(kLefts, kRights);
    if (blocks.empty()) {
      state.SkipWithError("no names: data/names/*.csv not found");
      return;
    }
    std::vector<Cached> cached;
    cached.reserve(blocks.size());
    for (const Block& b : blocks)
      cached.push_back(make(b.left));
    for (std::size_t l = 0; l < blocks.size(); ++l) {
      for (const std::string& r : blocks[l].rights) {
        if (!same_answer(compare(cached[l], r), reference(blocks[l].left, r))) {
          state.SkipWithError("cached kernel disagrees with the reference");
          return;
        }
      }
    }
    std::size_t l = 0;
    std::size_t r = 0;
    for (auto _ : state) {
      benchmark::DoNotOptimize(compare(cached[l], blocks[l].rights[r]));
      if (++r == kRights) {
        r = 0;
        l = (l + 1) & (kLefts - 1);
      }
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
    state.SetLabel(kernels::active_target());
  });
}

// One-against-many through the batch form: each iteration scores one left against all the
// rights of its block (kRights comparisons) with Cached::*_many; items are comparisons.
// many(cached, views, count, out) fills out; reference(left, right) -> Out.
template <class Cached, class Out, class Make, class Many, class Reference>
void register_batch(const std::string& name, Make make, Many many, Reference reference) {
  benchmark::RegisterBenchmark(name.c_str(), [=](benchmark::State& state) {
    constexpr std::size_t kLefts = 256;
    constexpr std::size_t kRights = 64;
    const std::vector<Block> blocks = make_blocks(kLefts, kRights);
    if (blocks.empty()) {
      state.SkipWithError("no names: data/names/*.csv not found");
      return;
    }
    std::vector<Cached> cached;
    std::vector<std::vector<std::string_view>> views;
    for (const Block& b : blocks) {
      cached.push_back(make(b.left));
      views.emplace_back(b.rights.begin(), b.rights.end());
    }
    std::vector<Out> out(kRights);
    for (std::size_t l = 0; l < blocks.size(); ++l) {
      many(cached[l], views[l].data(), kRights, out.data());
      for (std::size_t r = 0; r < kRights; ++r) {
        if (!same_answer(out[r], reference(blocks[l].left, blocks[l].rights[r]))) {
          state.SkipWithError("batch kernel disagrees with the reference");
          return;
        }
      }
    }
    std::size_t l = 0;
    for (auto _ : state) {
      many(cached[l], views[l].data(), kRights, out.data());
      benchmark::DoNotOptimize(out.data());
      benchmark::ClobberMemory();
      l = (l + 1) & (kLefts - 1);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kRights));
    state.SetLabel(kernels::active_target());
  });
}

}  // namespace xjslink::bench
