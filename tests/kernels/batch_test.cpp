// File: tests/kernels/batch_test.cpp
// The one-against-many forms (Cached*::similarity_many / distance_many), which run SIMD lanes,
// on every available target forced in turn: each result must equal the one-pair Cached result
// exactly and the reference twin, with and without cutoffs.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "kernels/damerau_levenshtein.hpp"
#include "kernels/jaro_winkler.hpp"
#include "kernels/kernel_test_support.hpp"
#include "kernels/levenshtein.hpp"
#include "kernels/reference/damerau_levenshtein_ref.hpp"
#include "kernels/reference/jaro_winkler_ref.hpp"
#include "kernels/reference/levenshtein_ref.hpp"

namespace xjslink::kernels {
namespace {

using testing::escaped;
using testing::PairGenerator;
using testing::PairKind;

struct BlockCase {
  std::string left;
  std::vector<std::string> rights;
};

// Blocks of one left and 70 rights (two full lane groups and a partial one), mostly short ASCII
// so that they take the lane path, with some long and multi-byte ones that fall back.
std::vector<BlockCase> make_cases(std::uint64_t seed, std::size_t blocks) {
  std::vector<BlockCase> cases;
  PairGenerator gen(seed);
  const PairKind kinds[] = {PairKind::kSmallAlphabet, PairKind::kNameTypos,
                            PairKind::kLargeAlphabet, PairKind::kMultiByte, PairKind::kLong};
  for (std::size_t b = 0; b < blocks; ++b) {
    const PairKind left_kind = kinds[b % 5];
    BlockCase c{gen.next(left_kind).first, {}};
    c.rights.push_back(c.left);
    while (c.rights.size() < 70) {
      const PairKind k = kinds[(b + c.rights.size()) % 3];
      auto [x, y] = gen.next(k);
      c.rights.push_back(x.size() > 18 ? x.substr(0, 1 + c.rights.size() % 17) : x);
      c.rights.push_back(y);
    }
    if (b % 7 == 0) c.rights.push_back(gen.next(PairKind::kMultiByte).second);
    cases.push_back(std::move(c));
  }
  return cases;
}

std::string where(const std::string& target, std::size_t block, const BlockCase& c, std::size_t i) {
  return "seed=424242 target=" + target + " block#" + std::to_string(block) +
         " left=" + escaped(c.left) + " right#" + std::to_string(i) + "=" + escaped(c.rights[i]);
}

TEST(BatchForms, JaroWinklerMatchesOnePairAndReferenceOnEveryTarget) {
  const testing::TargetGuard guard;
  const std::vector<BlockCase> cases = make_cases(424242, 1000);
  std::vector<std::vector<double>> ref_j(cases.size());
  std::vector<std::vector<double>> ref_jw(cases.size());
  for (std::size_t b = 0; b < cases.size(); ++b) {
    for (const std::string& r : cases[b].rights) {
      ref_j[b].push_back(reference::jaro(cases[b].left, r));
      ref_jw[b].push_back(reference::jaro_winkler(cases[b].left, r));
    }
  }
  for (const std::string& target : available_targets()) {
    ASSERT_TRUE(set_active_target(target));
    for (std::size_t b = 0; b < cases.size(); ++b) {
      const BlockCase& c = cases[b];
      const std::vector<std::string_view> views(c.rights.begin(), c.rights.end());
      const CachedJaro jaro(c.left);
      const CachedJaroWinkler jw(c.left);
      for (double cutoff : {0.0, 0.8, 0.92}) {
        std::vector<double> got_j(views.size());
        std::vector<double> got_jw(views.size());
        jaro.similarity_many(views.data(), views.size(), got_j.data(), cutoff);
        jw.similarity_many(views.data(), views.size(), got_jw.data(), cutoff);
        for (std::size_t i = 0; i < views.size(); ++i) {
          const double want_j = ref_j[b][i] >= cutoff ? ref_j[b][i] : 0.0;
          const double want_jw = ref_jw[b][i] >= cutoff ? ref_jw[b][i] : 0.0;
          ASSERT_EQ(got_j[i], want_j) << where(target, b, c, i);
          ASSERT_EQ(got_jw[i], want_jw) << where(target, b, c, i);
          if (i % 8 == 0) {  // the one-pair path is checked against the reference elsewhere
            ASSERT_EQ(got_jw[i], jw.similarity(views[i], cutoff)) << where(target, b, c, i);
          }
        }
      }
    }
  }
}

template <class Cached, class Reference>
void check_distance_batches(Reference reference) {
  const testing::TargetGuard guard;
  const std::vector<BlockCase> cases = make_cases(424243, 1000);
  std::vector<std::vector<std::size_t>> wants(cases.size());
  for (std::size_t b = 0; b < cases.size(); ++b) {
    for (const std::string& r : cases[b].rights)
      wants[b].push_back(reference(cases[b].left, r));
  }
  for (const std::string& target : available_targets()) {
    ASSERT_TRUE(set_active_target(target));
    for (std::size_t b = 0; b < cases.size(); ++b) {
      const BlockCase& c = cases[b];
      const std::vector<std::string_view> views(c.rights.begin(), c.rights.end());
      const Cached cached(c.left);
      const std::vector<std::size_t>& want = wants[b];
      for (std::size_t cutoff :
           {SIZE_MAX, std::size_t{0}, std::size_t{1}, std::size_t{2}, std::size_t{4}}) {
        std::vector<std::size_t> got(views.size());
        cached.distance_many(views.data(), views.size(), got.data(), cutoff);
        for (std::size_t i = 0; i < views.size(); ++i) {
          ASSERT_EQ(got[i], want[i] <= cutoff ? want[i] : cutoff + 1) << where(target, b, c, i);
        }
      }
    }
  }
}

TEST(BatchForms, LevenshteinMatchesOnePairAndReferenceOnEveryTarget) {
  check_distance_batches<CachedLevenshtein>(
      [](const std::string& a, const std::string& b) { return reference::levenshtein(a, b); });
}

TEST(BatchForms, DamerauLevenshteinMatchesOnePairAndReferenceOnEveryTarget) {
  check_distance_batches<CachedDamerauLevenshtein>([](const std::string& a, const std::string& b) {
    return reference::optimal_string_alignment(a, b);
  });
}

TEST(BatchForms, TargetsCanBeForcedAndScalarIsAlwaysAvailable) {
  const testing::TargetGuard guard;
  const std::vector<std::string> targets = available_targets();
  ASSERT_FALSE(targets.empty());
  EXPECT_EQ(targets.back(), "scalar");
  EXPECT_TRUE(set_active_target("scalar"));
  EXPECT_STREQ(active_target(), "scalar");
  EXPECT_FALSE(set_active_target("no-such-target"));
  EXPECT_STREQ(active_target(), "scalar");
}

}  // namespace
}  // namespace xjslink::kernels
