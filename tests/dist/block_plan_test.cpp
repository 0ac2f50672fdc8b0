// File: dist/block_plan_test.cpp
// The block planner is pure: it can be checked for any rank count on one process. With one
// block of 200,000 records among many small ones, no rank gets more than 1.25 × the mean work.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>

#include "dist/block_plan.hpp"

namespace xjslink::dist {
namespace {

double imbalance(const std::vector<std::uint64_t>& work) {
  const double total = static_cast<double>(std::accumulate(work.begin(), work.end(), 0ull));
  const double mean = total / static_cast<double>(work.size());
  return static_cast<double>(*std::max_element(work.begin(), work.end())) / mean;
}

TEST(BlockPlan, OneHugeBlockAmongSmallOnesIsBalanced) {
  for (int nranks : {2, 3, 4, 8, 16, 64, 256}) {
    // Small blocks (2-50 records) land with their key's owner; one block of 200,000 records
    // and a few medium ones are scheduled.
    std::mt19937_64 rng(static_cast<std::uint64_t>(nranks));
    std::vector<std::uint64_t> small(static_cast<std::size_t>(nranks), 0);
    for (int i = 0; i < 200000; ++i) {
      const std::uint64_t key = rng() | 1;
      small[key % static_cast<std::uint64_t>(nranks)] += block_pairs(2 + rng() % 49);
    }
    std::vector<BlockSize> scheduled = {{12345, 200000}, {777, 3000}, {778, 5000}};
    const BlockPlan plan(scheduled, small, PlanOptions{});
    EXPECT_LE(imbalance(plan.work_per_rank()), 1.25) << nranks << " ranks";
    const BlockPlan::Scheduled* big = plan.find(12345);
    ASSERT_NE(big, nullptr);
    EXPECT_GT(big->chunks, 1u);
    // Every pair of chunks is exactly one tile, on some rank.
    std::vector<std::vector<int>> seen(big->chunks, std::vector<int>(big->chunks, 0));
    for (std::uint32_t t = big->first_tile; t < big->first_tile + big->num_tiles; ++t) {
      const auto& tile = plan.tiles()[t];
      EXPECT_LE(tile.chunk_a, tile.chunk_b);
      EXPECT_GE(tile.rank, 0);
      EXPECT_LT(tile.rank, nranks);
      ++seen[tile.chunk_a][tile.chunk_b];
    }
    for (std::uint32_t a = 0; a < big->chunks; ++a) {
      for (std::uint32_t b = a; b < big->chunks; ++b)
        EXPECT_EQ(seen[a][b], 1);
    }
  }
}

TEST(BlockPlan, ChunksAreEvenAndStable) {
  std::vector<std::uint64_t> per(16, 0);
  for (std::uint64_t g = 0; g < 160000; ++g)
    ++per[BlockPlan::chunk_of(99, g, 16)];
  for (auto c : per)
    EXPECT_NEAR(static_cast<double>(c), 10000.0, 500.0);
  EXPECT_EQ(BlockPlan::chunk_of(99, 12345, 16), BlockPlan::chunk_of(99, 12345, 16));
}

TEST(BlockPlan, SameInputsSamePlan) {
  std::vector<BlockSize> scheduled = {{5, 1000}, {9, 300}, {2, 50000}};
  const BlockPlan a(scheduled, {10, 20, 30}, PlanOptions{});
  std::reverse(scheduled.begin(), scheduled.end());
  const BlockPlan b(scheduled, {10, 20, 30}, PlanOptions{});
  EXPECT_EQ(a.work_per_rank(), b.work_per_rank());
  ASSERT_EQ(a.tiles().size(), b.tiles().size());
  for (std::size_t i = 0; i < a.tiles().size(); ++i)
    EXPECT_EQ(a.tiles()[i].rank, b.tiles()[i].rank);
}

}  // namespace
}  // namespace xjslink::dist
