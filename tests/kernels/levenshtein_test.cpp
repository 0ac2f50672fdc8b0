// File: tests/kernels/levenshtein_test.cpp
// Levenshtein: textbook values, word boundaries (one word, blocks), UTF-8 code points, and every
// entry point against the dynamic-programming reference on random pairs, with cutoffs.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "kernels/kernel_test_support.hpp"
#include "kernels/levenshtein.hpp"
#include "kernels/reference/levenshtein_ref.hpp"

namespace xjslink::kernels {
namespace {

using testing::describe;
using testing::for_random_pairs;
using testing::PairContext;

TEST(Levenshtein, TextbookValues) {
  EXPECT_EQ(levenshtein_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(levenshtein_distance("flaw", "lawn"), 2u);
  EXPECT_EQ(levenshtein_distance("saturday", "sunday"), 3u);
  EXPECT_EQ(levenshtein_distance("CA", "ABC"), 3u);
  EXPECT_EQ(levenshtein_distance("MARTHA", "MARHTA"), 2u);
  EXPECT_EQ(levenshtein_distance("", ""), 0u);
  EXPECT_EQ(levenshtein_distance("", "abc"), 3u);
  EXPECT_EQ(levenshtein_distance("abc", ""), 3u);
  EXPECT_EQ(levenshtein_distance("a", "b"), 1u);
  EXPECT_EQ(levenshtein_distance("a", "a"), 0u);
  EXPECT_EQ(CachedLevenshtein("kitten").distance("sitting"), 3u);
  EXPECT_EQ(CachedLevenshtein("").distance("abc"), 3u);
}

TEST(Levenshtein, ComparesCodePointsNotBytes) {
  EXPECT_EQ(levenshtein_distance("Jos\xc3\xa9", "Jose"), 1u);
  EXPECT_EQ(levenshtein_distance("M\xc3\xbcller", "Mueller"), 2u);
  EXPECT_EQ(levenshtein_distance("M\xc3\xbcller", "Muller"), 1u);
  EXPECT_EQ(
      levenshtein_distance("\xe7\x8e\x8b\xe5\xb0\x8f\xe6\x98\x8e", "\xe7\x8e\x8b\xe6\x98\x8e"),
      1u);  // 王小明 / 王明
  EXPECT_EQ(levenshtein_distance("\xd9\x85\xd8\xad\xd9\x85\xd8\xaf",
                                 "\xd9\x85\xd8\xad\xd9\x85\xd9\x88\xd8\xaf"),
            1u);  // محمد / محمود
  EXPECT_EQ(levenshtein_distance("\xf0\x9f\x98\x80", "\xf0\x9f\x98\x81"), 1u);  // 4-byte
  EXPECT_EQ(levenshtein_distance("a\xff", "a\xfe"), 1u);                        // invalid bytes
  EXPECT_EQ(levenshtein_distance("\xc3", "\xc3\xa9"), 1u);  // truncated vs whole é
}

TEST(Levenshtein, WordBoundaryLengthsMatchReference) {
  for (std::size_t n : {63, 64, 65, 127, 128, 129, 200}) {
    std::string a;
    std::string b;
    for (std::size_t i = 0; i < n; ++i) {
      a.push_back(static_cast<char>('a' + (i * 7) % 5));
      b.push_back(static_cast<char>('a' + (i * 3) % 5));
    }
    for (const std::string& t : {a, b, "x" + a, a.substr(0, n - 1) + "yy", b.substr(3)}) {
      const std::size_t want = reference::levenshtein(a, t);
      EXPECT_EQ(levenshtein_distance(a, t), want) << n;
      EXPECT_EQ(levenshtein_distance(t, a), want) << n;
      EXPECT_EQ(CachedLevenshtein(a).distance(t), want) << n;
      EXPECT_EQ(CachedLevenshtein(t).distance(a), want) << n;
    }
  }
}

TEST(Levenshtein, MatchesReferenceOnRandomPairs) {
  const std::size_t checked = for_random_pairs(31337, 250000, 2000, [](const PairContext& c) {
    const std::size_t want = reference::levenshtein(c.a, c.b);
    const std::size_t got[] = {levenshtein_distance(c.a, c.b), levenshtein_distance(c.b, c.a),
                               CachedLevenshtein(c.a).distance(c.b),
                               CachedLevenshtein(c.b).distance(c.a)};
    for (std::size_t g : got) {
      if (g != want) {
        ADD_FAILURE() << "levenshtein " << g << " != reference " << want << " " << describe(c);
        return false;
      }
    }
    return true;
  });
  EXPECT_GE(checked, 1000000u);
}

TEST(Levenshtein, CutoffReturnsDistanceOrCutoffPlusOne) {
  for_random_pairs(4242, 25000, 1000, [](const PairContext& c) {
    const std::size_t full = levenshtein_distance(c.a, c.b);
    const CachedLevenshtein cached(c.a);
    for (std::size_t cutoff :
         {std::size_t{0}, std::size_t{1}, std::size_t{2}, std::size_t{3}, std::size_t{5},
          std::size_t{10}, full, full > 0 ? full - 1 : 0, full + 1, SIZE_MAX - 1}) {
      const std::size_t want = full <= cutoff ? full : cutoff + 1;
      if (levenshtein_distance(c.a, c.b, cutoff) != want ||
          levenshtein_distance(c.b, c.a, cutoff) != want || cached.distance(c.b, cutoff) != want) {
        ADD_FAILURE() << "cutoff " << cutoff << " " << describe(c);
        return false;
      }
    }
    return true;
  });
}

TEST(Levenshtein, SymmetricAndZeroOnIdentity) {
  for_random_pairs(6, 20000, 500, [](const PairContext& c) {
    if (levenshtein_distance(c.a, c.b) != levenshtein_distance(c.b, c.a) ||
        levenshtein_distance(c.a, c.a) != 0) {
      ADD_FAILURE() << "property " << describe(c);
      return false;
    }
    return true;
  });
}

}  // namespace
}  // namespace xjslink::kernels
