// File: bench/stages/pair_runs_bench.cpp
// Kept pairs through the pair memory: 4M distinct pairs (8 comparisons, the compact layout:
// 33 bytes a row) handed to KeptPairs in 64K-row batches, as scoring threads do, then put in
// output order on one rank and read back a 64K-row chunk at a time, as the writer does. The
// budget is the argument (MiB; 0 = no limit, everything stays in memory), so the figures show
// what spilling sorted runs to disk and merging them costs per pair.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <random>

#include "dist/comm.hpp"
#include "dist/pair_order.hpp"
#include "xjslink/pairs/kept_pairs.hpp"

namespace xjslink {
namespace {

constexpr std::size_t kPairs = std::size_t{1} << 22;
constexpr std::uint64_t kRecords = 1 << 20;

// Distinct pairs in random order (left < right): record a's partners are a + 1 ... a + 4.
const Predictions& random_pairs() {
  static const Predictions p = [] {
    std::vector<std::uint64_t> ids(kPairs);
    for (std::size_t i = 0; i < kPairs; ++i)
      ids[i] = i;
    std::mt19937_64 rng(7);
    std::shuffle(ids.begin(), ids.end(), rng);
    Predictions out;
    out.num_comparisons = 8;
    for (const std::uint64_t id : ids) {
      out.left.push_back(id / 4);
      out.right.push_back(id / 4 + 1 + id % 4);
      out.match_weight.push_back(static_cast<double>(rng() % 4096) / 64.0 - 20.0);
      out.match_key.push_back(static_cast<std::uint8_t>(rng() % 6));
      for (int c = 0; c < 8; ++c)
        out.gammas.push_back(static_cast<std::uint8_t>(rng() % 4));
    }
    return out;
  }();
  return p;
}

void BM_KeptPairs(benchmark::State& state) {
  const Predictions& pairs = random_pairs();
  const std::uint64_t budget = static_cast<std::uint64_t>(state.range(0)) << 20;
  const dist::Comm comm = dist::Comm::self();
  const std::string dir = std::filesystem::temp_directory_path().string();
  std::uint64_t runs = 0, checksum = 0;
  constexpr std::size_t kBatch = 1 << 16;
  for (auto _ : state) {
    Predictions layout;
    layout.num_comparisons = pairs.num_comparisons;
    KeptPairs kept(layout, budget, dir, "bench-rank0");
    Predictions batch = layout;
    for (std::size_t begin = 0; begin < pairs.size(); begin += kBatch) {
      const std::size_t end = std::min(pairs.size(), begin + kBatch);
      batch.left.assign(pairs.left.begin() + begin, pairs.left.begin() + end);
      batch.right.assign(pairs.right.begin() + begin, pairs.right.begin() + end);
      batch.match_weight.assign(pairs.match_weight.begin() + begin,
                                pairs.match_weight.begin() + end);
      batch.match_key.assign(pairs.match_key.begin() + begin, pairs.match_key.begin() + end);
      batch.gammas.assign(pairs.gammas.begin() + begin * 8, pairs.gammas.begin() + end * 8);
      kept.add(batch);
    }
    kept.finish();
    runs = kept.runs().size();
    const OrderedPairs ordered = dist::order_pairs_for_output(comm, kept, kRecords * 2);
    for (std::uint64_t begin = 0; begin < ordered.rows(); begin += kBatch) {
      const std::uint64_t end = std::min<std::uint64_t>(ordered.rows(), begin + kBatch);
      const OrderedPairs::View v = ordered.view(begin, end);
      checksum += v.pairs->right[end - 1 - v.offset];
    }
    benchmark::DoNotOptimize(checksum);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * pairs.size()));
  state.counters["runs"] = static_cast<double>(runs);
  state.counters["row_bytes"] = 33;
}
BENCHMARK(BM_KeptPairs)
    ->Name("BM_KeptPairs/budget_MiB")
    ->Arg(0)
    ->Arg(64)
    ->Arg(16)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
}  // namespace xjslink
