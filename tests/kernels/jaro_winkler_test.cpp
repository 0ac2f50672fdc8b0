// File: tests/kernels/jaro_winkler_test.cpp
// Jaro and Jaro-Winkler: published values, word boundaries, UTF-8 code points, and agreement of
// every entry point (free, Cached, each target, both argument orders, cutoffs) with the
// reference twin on random pairs.
#include <gtest/gtest.h>

#include <string>

#include "kernels/jaro_winkler.hpp"
#include "kernels/kernel_test_support.hpp"
#include "kernels/reference/jaro_winkler_ref.hpp"

namespace xjslink::kernels {
namespace {

using testing::describe;
using testing::for_random_pairs;
using testing::PairContext;

constexpr double kTol = 1e-4;  // published values are rounded to 4 decimals

TEST(JaroWinkler, PublishedValues) {
  EXPECT_NEAR(jaro_similarity("MARTHA", "MARHTA"), 0.9444, kTol);
  EXPECT_NEAR(jaro_winkler_similarity("MARTHA", "MARHTA"), 0.9611, kTol);
  EXPECT_NEAR(jaro_similarity("DWAYNE", "DUANE"), 0.8222, kTol);
  EXPECT_NEAR(jaro_winkler_similarity("DWAYNE", "DUANE"), 0.84, kTol);
  EXPECT_NEAR(jaro_similarity("DIXON", "DICKSONX"), 0.7667, kTol);
  EXPECT_NEAR(jaro_winkler_similarity("DIXON", "DICKSONX"), 0.8133, kTol);
  EXPECT_NEAR(jaro_winkler_similarity("JONES", "JOHNSON"), 0.8323, kTol);
}

TEST(JaroWinkler, BoostOnlyAboveSevenTenths) {
  // jaro("ABCDEFG", "ABCXYZW") = (3/7+3/7+1)/3 = 0.6190: no Winkler boost despite prefix 3.
  EXPECT_DOUBLE_EQ(jaro_winkler_similarity("ABCDEFG", "ABCXYZW"),
                   jaro_similarity("ABCDEFG", "ABCXYZW"));
  EXPECT_NEAR(jaro_similarity("ABCDEFG", "ABCXYZW"), 0.6190, kTol);
}

TEST(JaroWinkler, EmptyOneCharacterAndIdentical) {
  EXPECT_EQ(jaro_similarity("", ""), 1.0);
  EXPECT_EQ(jaro_winkler_similarity("", ""), 1.0);
  EXPECT_EQ(jaro_similarity("", "A"), 0.0);
  EXPECT_EQ(jaro_similarity("A", ""), 0.0);
  EXPECT_EQ(jaro_similarity("A", "A"), 1.0);
  EXPECT_EQ(jaro_similarity("A", "B"), 0.0);
  EXPECT_EQ(jaro_similarity("AB", "BA"), 0.0);  // window 0: no matches
  EXPECT_EQ(jaro_winkler_similarity("ELIZABETH", "ELIZABETH"), 1.0);
  EXPECT_EQ(CachedJaroWinkler("").similarity(""), 1.0);
  EXPECT_EQ(CachedJaro("A").similarity(""), 0.0);
}

TEST(JaroWinkler, PrefixCountsCodePointsUpToFour) {
  // Common prefix 5, counted as 4: 0.9 + ... uses l = 4.
  const double j = jaro_similarity("ABCDEFGH", "ABCDEXYZ");
  EXPECT_DOUBLE_EQ(jaro_winkler_similarity("ABCDEFGH", "ABCDEXYZ"), j + 4 * 0.1 * (1 - j));
  EXPECT_DOUBLE_EQ(jaro_winkler_similarity("ABCDEFGH", "ABCDEXYZ", 0.2), j + 4 * 0.2 * (1 - j));
  EXPECT_THROW(jaro_winkler_similarity("A", "B", 0.3), std::invalid_argument);
  EXPECT_THROW(CachedJaroWinkler("A", -0.1), std::invalid_argument);
}

TEST(JaroWinkler, ComparesCodePointsNotBytes) {
  // José/Jose: 3 of 4 code points match, prefix 3 (bytes would give 4 vs 5 units).
  EXPECT_NEAR(jaro_similarity("Jos\xc3\xa9", "Jose"), (0.75 + 0.75 + 1.0) / 3, 1e-12);
  EXPECT_NEAR(jaro_winkler_similarity("Jos\xc3\xa9", "Jose"), 0.883333333333, 1e-9);
  // Müller/Mueller: 5 matches, 1 transposition (hand-checked): (5/6 + 5/7 + 4/5) / 3.
  const double jaro_muller = (5.0 / 6 + 5.0 / 7 + 4.0 / 5) / 3;
  EXPECT_NEAR(jaro_similarity("M\xc3\xbcller", "Mueller"), jaro_muller, 1e-12);
  EXPECT_NEAR(jaro_winkler_similarity("M\xc3\xbcller", "Mueller"),
              jaro_muller + 0.1 * (1 - jaro_muller), 1e-12);
  // CJK and Arabic: one character each, identical or not.
  EXPECT_EQ(jaro_similarity("\xe7\x8e\x8b", "\xe7\x8e\x8b"), 1.0);  // 王
  EXPECT_EQ(jaro_similarity("\xe7\x8e\x8b", "\xe6\x9d\x8e"), 0.0);  // 王 vs 李
  // محمد vs محمود: 4 of 5 code points.
  EXPECT_NEAR(jaro_similarity("\xd9\x85\xd8\xad\xd9\x85\xd8\xaf",
                              "\xd9\x85\xd8\xad\xd9\x85\xd9\x88\xd8\xaf"),
              (4.0 / 4 + 4.0 / 5 + 1.0) / 3, 1e-12);
  // Invalid bytes are distinct code points, equal only to themselves.
  EXPECT_EQ(jaro_similarity("\xff", "\xff"), 1.0);
  EXPECT_EQ(jaro_similarity("\xff", "\xfe"), 0.0);
}

TEST(JaroWinkler, WordBoundaryLengthsMatchReference) {
  for (std::size_t n : {63, 64, 65, 127, 128, 129}) {
    std::string a;
    std::string b;
    for (std::size_t i = 0; i < n; ++i) {
      a.push_back(static_cast<char>('a' + (i * 7) % 5));
      b.push_back(static_cast<char>('a' + (i * 3) % 5));
    }
    const std::string b_shift = b.substr(1) + "z";
    for (const std::string& t : {a, b, b_shift, a.substr(0, n - 1), a + "q"}) {
      EXPECT_DOUBLE_EQ(jaro_similarity(a, t), reference::jaro(a, t)) << n;
      EXPECT_DOUBLE_EQ(jaro_winkler_similarity(t, a), reference::jaro_winkler(t, a)) << n;
      EXPECT_DOUBLE_EQ(CachedJaroWinkler(a).similarity(t), reference::jaro_winkler(a, t)) << n;
      EXPECT_DOUBLE_EQ(CachedJaro(t).similarity(a), reference::jaro(t, a)) << n;
    }
  }
}

// Every entry point against the reference, in both orders, on every target.
TEST(JaroWinkler, MatchesReferenceOnRandomPairs) {
  const std::size_t checked = for_random_pairs(20240611, 250000, 4000, [](const PairContext& c) {
    const double jaro = reference::jaro(c.a, c.b);
    const double jw = reference::jaro_winkler(c.a, c.b);
    const double got[] = {jaro_similarity(c.a, c.b), jaro_similarity(c.b, c.a),
                          CachedJaro(c.a).similarity(c.b), CachedJaro(c.b).similarity(c.a)};
    for (double g : got) {
      if (g != jaro) {
        ADD_FAILURE() << "jaro " << g << " != reference " << jaro << " " << describe(c);
        return false;
      }
    }
    const double got_jw[] = {jaro_winkler_similarity(c.a, c.b), jaro_winkler_similarity(c.b, c.a),
                             CachedJaroWinkler(c.a).similarity(c.b),
                             CachedJaroWinkler(c.b).similarity(c.a)};
    for (double g : got_jw) {
      if (g != jw) {
        ADD_FAILURE() << "jaro_winkler " << g << " != reference " << jw << " " << describe(c);
        return false;
      }
    }
    return true;
  });
  EXPECT_GE(checked, 1000000u);
}

// A cutoff returns exactly the full score or 0.0, for cutoffs around every level and the
// score itself (the exact-threshold case).
TEST(JaroWinkler, CutoffReturnsFullScoreOrZero) {
  for_random_pairs(77, 25000, 1000, [](const PairContext& c) {
    const double full_j = jaro_similarity(c.a, c.b);
    const double full_jw = jaro_winkler_similarity(c.a, c.b);
    const CachedJaro cached_j(c.a);
    const CachedJaroWinkler cached_jw(c.a);
    for (double cutoff : {0.0, 0.5, 0.7, 0.75, 0.8, 0.85, 0.88, 0.9, 0.92, 0.95, 0.99, 1.0, full_j,
                          full_jw, std::nextafter(full_jw, 2.0)}) {
      const double want_j = full_j >= cutoff ? full_j : 0.0;
      const double want_jw = full_jw >= cutoff ? full_jw : 0.0;
      if (jaro_similarity(c.a, c.b, cutoff) != want_j ||
          cached_j.similarity(c.b, cutoff) != want_j ||
          jaro_winkler_similarity(c.a, c.b, 0.1, cutoff) != want_jw ||
          cached_jw.similarity(c.b, cutoff) != want_jw) {
        ADD_FAILURE() << "cutoff " << cutoff << " " << describe(c);
        return false;
      }
    }
    return true;
  });
}

TEST(JaroWinkler, SymmetricBoundedAndOneOnIdentity) {
  for_random_pairs(5, 20000, 500, [](const PairContext& c) {
    const double ab = jaro_winkler_similarity(c.a, c.b);
    const double ba = jaro_winkler_similarity(c.b, c.a);
    if (ab != ba || ab < 0.0 || ab > 1.0 || jaro_winkler_similarity(c.a, c.a) != 1.0) {
      ADD_FAILURE() << "property " << ab << " " << ba << " " << describe(c);
      return false;
    }
    return true;
  });
}

}  // namespace
}  // namespace xjslink::kernels
