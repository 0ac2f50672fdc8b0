// File: tests/kernels/jaccard_test.cpp
// q-gram Jaccard: hand-computed sets, the short-string and empty rules, code points, and every
// entry point against the std::set reference for q = 1..4 on random pairs, with cutoffs.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "kernels/jaccard.hpp"
#include "kernels/kernel_test_support.hpp"
#include "kernels/reference/jaccard_ref.hpp"

namespace xjslink::kernels {
namespace {

using testing::describe;
using testing::for_random_pairs;
using testing::PairContext;

TEST(Jaccard, HandComputedSets) {
  // {MA, AR, RT, TH, HA} vs {MA, AR, RH, HT, TA}: 2 common of 8.
  EXPECT_DOUBLE_EQ(jaccard_similarity("MARTHA", "MARHTA"), 2.0 / 8.0);
  // Sets, not bags: "aaaa" has the one bigram {aa}.
  EXPECT_DOUBLE_EQ(jaccard_similarity("aaaa", "aa"), 1.0);
  EXPECT_DOUBLE_EQ(jaccard_similarity("abc", "abd", 1), 2.0 / 4.0);
  EXPECT_DOUBLE_EQ(jaccard_similarity("abcd", "bcde", 3), 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(CachedJaccard("MARTHA").similarity("MARHTA"), 2.0 / 8.0);
}

TEST(Jaccard, ShortAndEmptyStringsAreOneGram) {
  EXPECT_EQ(jaccard_similarity("", ""), 1.0);
  EXPECT_EQ(jaccard_similarity("", "a"), 0.0);
  EXPECT_EQ(jaccard_similarity("a", "a"), 1.0);   // both shorter than q = 2: whole strings
  EXPECT_EQ(jaccard_similarity("a", "ab"), 0.0);  // "a" is not the bigram "ab"
  EXPECT_EQ(jaccard_similarity("ab", "abab", 3), 0.0);
  EXPECT_EQ(CachedJaccard("").similarity(""), 1.0);
  EXPECT_THROW(jaccard_similarity("a", "b", 0), std::invalid_argument);
}

TEST(Jaccard, ComparesCodePointsNotBytes) {
  // {Jo, os, sé} vs {Jo, os, se}: 2 of 4 (bytes would give 2 of 5).
  EXPECT_DOUBLE_EQ(jaccard_similarity("Jos\xc3\xa9", "Jose"), 2.0 / 4.0);
  EXPECT_DOUBLE_EQ(
      jaccard_similarity("\xe7\x8e\x8b\xe5\xb0\x8f\xe6\x98\x8e", "\xe7\x8e\x8b\xe5\xb0\x8f"),
      1.0 / 2.0);  // {王小, 小明} vs {王小}
}

TEST(Jaccard, MatchesReferenceOnRandomPairs) {
  std::size_t checked = 0;
  for (unsigned q : {1u, 2u, 3u, 4u}) {
    const std::size_t per_kind = q == 2 ? 130000 : 40000;
    checked += for_random_pairs(1000 + q, per_kind, 1000, [q](const PairContext& c) {
      const double want = reference::jaccard(c.a, c.b, q);
      const double got[] = {jaccard_similarity(c.a, c.b, q), jaccard_similarity(c.b, c.a, q),
                            CachedJaccard(c.a, q).similarity(c.b),
                            CachedJaccard(c.b, q).similarity(c.a)};
      for (double g : got) {
        if (g != want) {
          ADD_FAILURE() << "q=" << q << " jaccard " << g << " != " << want << " " << describe(c);
          return false;
        }
      }
      return true;
    });
  }
  EXPECT_GE(checked, 1000000u);
}

TEST(Jaccard, CutoffReturnsFullScoreOrZero) {
  for_random_pairs(99, 20000, 500, [](const PairContext& c) {
    const double full = jaccard_similarity(c.a, c.b);
    const CachedJaccard cached(c.a);
    for (double cutoff : {0.0, 0.2, 0.5, 0.8, 1.0, full, std::nextafter(full, 2.0)}) {
      const double want = full >= cutoff ? full : 0.0;
      if (jaccard_similarity(c.a, c.b, 2, cutoff) != want ||
          cached.similarity(c.b, cutoff) != want) {
        ADD_FAILURE() << "cutoff " << cutoff << " " << describe(c);
        return false;
      }
    }
    return true;
  });
}

}  // namespace
}  // namespace xjslink::kernels
