// File: pairs/kept_pairs_test.cpp
// Kept pairs beyond the memory budget: rows written to disk come back exactly; sorted runs
// merged by key give the same rows as one in-memory sort, whatever the budget and the order
// threads add them in; scratch files are gone when their owners are, on failure too.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <numeric>
#include <random>
#include <set>

#include "e2e/cli_runner.hpp"
#include "xjslink/error.hpp"
#include "xjslink/pairs/kept_pairs.hpp"
#include "xjslink/pairs/pair_file.hpp"

namespace xjslink {
namespace {

// n distinct random pairs with `nc` gammas and `nt` tf Bayes factors each.
Predictions random_pairs(std::size_t n, std::size_t nc, std::size_t nt, std::uint64_t records,
                         std::uint32_t seed) {
  std::mt19937_64 rng(seed);
  Predictions p;
  p.num_comparisons = nc;
  for (std::size_t t = 0; t < nt; ++t)
    p.tf_comparisons.push_back(t);
  std::set<std::pair<std::uint64_t, std::uint64_t>> seen;
  while (p.size() < n) {
    std::uint64_t a = rng() % records, b = rng() % records;
    if (a == b || !seen.insert({std::min(a, b), std::max(a, b)}).second) continue;
    p.left.push_back(std::min(a, b));
    p.right.push_back(std::max(a, b));
    p.match_weight.push_back(std::ldexp(static_cast<double>(rng() % 100000), -10) - 40.0);
    p.match_key.push_back(static_cast<std::uint8_t>(rng() % 4));
    for (std::size_t c = 0; c < nc; ++c)
      p.gammas.push_back(static_cast<std::uint8_t>(rng() % 5));
    for (std::size_t t = 0; t < nt; ++t)
      p.tf_log2_bf.push_back(std::ldexp(static_cast<double>(rng() % 4096), -7));
  }
  return p;
}

void expect_same_rows(const Predictions& a, const Predictions& b) {
  ASSERT_EQ(a.size(), b.size());
  EXPECT_EQ(a.left, b.left);
  EXPECT_EQ(a.right, b.right);
  EXPECT_EQ(a.match_weight, b.match_weight);
  EXPECT_EQ(a.match_key, b.match_key);
  EXPECT_EQ(a.gammas, b.gammas);
  EXPECT_EQ(a.tf_log2_bf, b.tf_log2_bf);
}

TEST(PairFile, RowsReadBackAsWrittenInAnyRange) {
  test::ScratchDir dir;
  const Predictions pairs = random_pairs(5000, 6, 2, 100000, 1);
  PairFile file(dir.file("rows.bin"), pairs);
  file.append(pairs, 0, 1234);
  file.append(pairs, 1234, pairs.size());
  ASSERT_EQ(file.rows(), pairs.size());
  EXPECT_EQ(std::filesystem::file_size(dir.file("rows.bin")), pairs.size() * (25 + 6 + 2 * 8));
  Predictions all = file.empty();
  file.read(0, file.rows(), all);
  expect_same_rows(all, pairs);
  Predictions part = file.empty();
  file.read(4000, 4100, part);
  ASSERT_EQ(part.size(), 100u);
  EXPECT_EQ(part.left[7], pairs.left[4007]);
  EXPECT_EQ(part.gammas[7 * 6 + 5], pairs.gammas[4007 * 6 + 5]);
  EXPECT_EQ(part.tf_log2_bf[7 * 2 + 1], pairs.tf_log2_bf[4007 * 2 + 1]);
}

TEST(PairFile, TheFileIsRemovedWithItsOwner) {
  test::ScratchDir dir;
  {
    PairFile file(dir.file("rows.bin"), random_pairs(1, 1, 0, 10, 2));
    EXPECT_TRUE(std::filesystem::exists(dir.file("rows.bin")));
  }
  EXPECT_FALSE(std::filesystem::exists(dir.file("rows.bin")));
}

TEST(PairScratch, RemovedOnSuccessAndWhenAnExceptionUnwinds) {
  test::ScratchDir dir;
  std::string path;
  try {
    PairScratch scratch(dir.path().string(), "t-rank0");
    path = scratch.path();
    PairFile run(scratch.new_file("run"), random_pairs(10, 2, 0, 100, 3));
    run.append(random_pairs(10, 2, 0, 100, 3));
    EXPECT_TRUE(std::filesystem::is_directory(path));
    throw std::runtime_error("a failure mid-stage");
  } catch (const std::runtime_error&) {
  }
  EXPECT_FALSE(std::filesystem::exists(path));
  EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
}

TEST(PairScratch, AParentThatCannotBeADirectoryIsAClearError) {
  test::ScratchDir dir;
  const std::string file = dir.write("not-a-dir", "x");
  try {
    PairScratch scratch(file, "t-rank0");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kIo);
    EXPECT_NE(std::string(e.what()).find("--tmp-dir"), std::string::npos) << e.what();
  }
}

// Pairs added in batches of random size and order to KeptPairs with this budget, merged back.
Predictions kept_and_merged(const Predictions& pairs, std::uint64_t budget, std::uint32_t seed,
                            const std::string& scratch_parent, std::size_t* runs) {
  KeptPairs kept(pairs.empty_like(), budget, scratch_parent, "t-rank0");
  std::vector<std::size_t> order(pairs.size());
  std::iota(order.begin(), order.end(), 0);
  std::mt19937 rng(seed);
  std::shuffle(order.begin(), order.end(), rng);
  const std::size_t nc = pairs.num_comparisons, nt = pairs.tf_comparisons.size();
  Predictions batch = pairs.empty_like();
  for (std::size_t k = 0; k < order.size(); ++k) {
    const std::size_t i = order[k];
    batch.left.push_back(pairs.left[i]);
    batch.right.push_back(pairs.right[i]);
    batch.match_weight.push_back(pairs.match_weight[i]);
    batch.match_key.push_back(pairs.match_key[i]);
    batch.gammas.insert(batch.gammas.end(), pairs.gammas.begin() + i * nc,
                        pairs.gammas.begin() + (i + 1) * nc);
    batch.tf_log2_bf.insert(batch.tf_log2_bf.end(), pairs.tf_log2_bf.begin() + i * nt,
                            pairs.tf_log2_bf.begin() + (i + 1) * nt);
    if (rng() % 97 == 0) kept.add(batch);
  }
  kept.add(batch);
  kept.finish();
  EXPECT_EQ(kept.rows(), pairs.size());
  *runs = kept.runs().size();
  if (!kept.spilled()) return std::move(kept.in_memory());
  RunMerger merger(kept.runs(), 4096);
  Predictions out = pairs.empty_like();
  while (!merger.done())
    merger.take(out);
  return out;
}

TEST(KeptPairs, RunsMergedByKeyEqualOneSortInMemoryForAnyBudget) {
  test::ScratchDir dir;
  for (std::uint32_t seed = 1; seed <= 12; ++seed) {
    SCOPED_TRACE(seed);
    const std::size_t nc = seed % 7, nt = seed % 3;
    const Predictions pairs = random_pairs(1000 + 700 * seed, nc, nt, 200 + 300 * seed, seed);
    Predictions want = pairs;
    want.sort();
    std::size_t runs = 0;
    // No limit, then budgets from a few rows a run to a large part of the pairs.
    for (std::uint64_t budget :
         {std::uint64_t{0}, std::uint64_t{1}, std::uint64_t{20000}, std::uint64_t{200000}}) {
      SCOPED_TRACE(budget);
      const Predictions got =
          kept_and_merged(pairs, budget, seed * 31 + static_cast<std::uint32_t>(budget),
                          dir.path().string(), &runs);
      expect_same_rows(got, want);
      if (budget == 0) EXPECT_EQ(runs, 0u);
      if (budget == 20000) EXPECT_GT(runs, 1u);
    }
  }
  EXPECT_TRUE(std::filesystem::is_empty(dir.path()));  // every run and directory removed
}

}  // namespace
}  // namespace xjslink
