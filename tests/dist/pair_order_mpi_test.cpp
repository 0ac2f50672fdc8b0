// File: dist/pair_order_mpi_test.cpp
// Kept pairs into output order on the ranks this binary was started with (ctest: 1 to 4): with
// a budget so small that every rank spills many runs and the exchange takes many rounds, each
// rank ends with exactly the rows (and order) it gets when everything fits in memory, and those
// are its output block's share of all pairs, sorted by (left, right).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <random>
#include <set>

#include "dist/comm.hpp"
#include "dist/output_order.hpp"
#include "dist/pair_order.hpp"

namespace xjslink {
namespace {

using dist::Comm;

// The same global set of distinct pairs on every rank (seeded), with 3 gammas and 1 tf factor.
Predictions all_pairs(std::uint64_t records, std::size_t n, std::uint32_t seed) {
  std::mt19937_64 rng(seed);
  Predictions p;
  p.num_comparisons = 3;
  p.tf_comparisons = {1};
  std::set<std::pair<std::uint64_t, std::uint64_t>> seen;
  while (p.size() < n) {
    // Skewed towards low indices, and some records with many pairs, as blocking makes them.
    std::uint64_t a = rng() % 4 == 0 ? rng() % 8 : rng() % records;
    std::uint64_t b = rng() % records;
    if (a == b || !seen.insert({std::min(a, b), std::max(a, b)}).second) continue;
    p.left.push_back(std::min(a, b));
    p.right.push_back(std::max(a, b));
    p.match_weight.push_back(static_cast<double>(rng() % 1000) / 16.0 - 20.0);
    p.match_key.push_back(static_cast<std::uint8_t>(rng() % 3));
    for (int c = 0; c < 3; ++c)
      p.gammas.push_back(static_cast<std::uint8_t>(rng() % 4));
    p.tf_log2_bf.push_back(static_cast<double>(rng() % 512) / 8.0);
  }
  return p;
}

// The pairs of all_pairs that this rank scores: every pair to a pseudo-random rank.
void keep_this_ranks_share(const Comm& comm, const Predictions& all, KeptPairs& kept) {
  Predictions batch = all.empty_like();
  for (std::size_t i = 0; i < all.size(); ++i) {
    if ((all.left[i] * 31 + all.right[i] * 17) % static_cast<std::uint64_t>(comm.size()) !=
        static_cast<std::uint64_t>(comm.rank()))
      continue;
    batch.left.push_back(all.left[i]);
    batch.right.push_back(all.right[i]);
    batch.match_weight.push_back(all.match_weight[i]);
    batch.match_key.push_back(all.match_key[i]);
    batch.gammas.insert(batch.gammas.end(), all.gammas.begin() + i * 3,
                        all.gammas.begin() + (i + 1) * 3);
    batch.tf_log2_bf.push_back(all.tf_log2_bf[i]);
    if (batch.size() == 100) kept.add(batch);
  }
  kept.add(batch);
  kept.finish();
}

Predictions read_all(const OrderedPairs& o) {
  Predictions out = o.layout();
  const OrderedPairs::View v = o.view(0, o.rows());
  const Predictions& p = *v.pairs;
  out.left.assign(p.left.begin(), p.left.begin() + static_cast<std::ptrdiff_t>(o.rows()));
  out.right.assign(p.right.begin(), p.right.begin() + static_cast<std::ptrdiff_t>(o.rows()));
  out.match_weight.assign(p.match_weight.begin(),
                          p.match_weight.begin() + static_cast<std::ptrdiff_t>(o.rows()));
  out.match_key = p.match_key;
  out.gammas = p.gammas;
  out.tf_log2_bf = p.tf_log2_bf;
  return out;
}

TEST(PairOrderMpi, ABudgetOfAFewRowsGivesTheRowsAndOrderOfTheInMemoryExchange) {
  const Comm comm = Comm::world();
  const std::string scratch =
      (std::filesystem::temp_directory_path() / "xjslink-pair-order-mpi-test").string();
  for (std::uint32_t seed = 1; seed <= 4; ++seed) {
    SCOPED_TRACE(seed);
    const std::uint64_t records = 500 + 400 * seed;
    const Predictions all = all_pairs(records, 3000 * seed, seed);
    const std::string tag = "mpi-test-rank" + std::to_string(comm.rank());
    KeptPairs in_memory(all.empty_like(), 0, scratch, tag);
    keep_this_ranks_share(comm, all, in_memory);
    const Predictions want = read_all(dist::order_pairs_for_output(comm, in_memory, records));
    KeptPairs spilled(all.empty_like(), 2048, scratch, tag);
    keep_this_ranks_share(comm, all, spilled);
    EXPECT_GT(spilled.runs().size(), 1u);
    const OrderedPairs ordered = dist::order_pairs_for_output(comm, spilled, records);
    EXPECT_TRUE(ordered.is_on_disk());
    const Predictions got = read_all(ordered);
    EXPECT_EQ(got.left, want.left);
    EXPECT_EQ(got.right, want.right);
    EXPECT_EQ(got.match_weight, want.match_weight);
    EXPECT_EQ(got.match_key, want.match_key);
    EXPECT_EQ(got.gammas, want.gammas);
    EXPECT_EQ(got.tf_log2_bf, want.tf_log2_bf);
    // The rows are this rank's output block of all pairs, in (left, right) order.
    Predictions sorted = all;
    sorted.sort();
    const dist::OutputBlocks blocks(records, comm.size());
    std::vector<std::uint64_t> mine;
    for (std::size_t i = 0; i < sorted.size(); ++i) {
      if (blocks.owner(sorted.left[i]) == comm.rank()) mine.push_back(sorted.right[i]);
    }
    EXPECT_EQ(got.right, mine);
  }
  comm.barrier();
  if (comm.is_root()) {
    EXPECT_TRUE(!std::filesystem::exists(scratch) || std::filesystem::is_empty(scratch));
    std::filesystem::remove_all(scratch);
  }
}

}  // namespace
}  // namespace xjslink
