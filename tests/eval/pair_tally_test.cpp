// File: eval/pair_tally_test.cpp
// The streaming pass over scored pairs: exact counts at the threshold, the threshold curve
// read from weight bins, and the truth-free model estimates, on hand-computed examples and
// against brute force on random pairs.
#include "xjslink/eval/pair_tally.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "xjslink/model.hpp"

namespace xjslink::eval {
namespace {

ScoredPair pair(std::uint32_t l, std::uint32_t r, double weight) {
  return {l, r, weight, probability_from_log2_odds(weight)};
}

LabelledRecords four_records() {
  // r0, r1: person 0; r2: person 1; r3: no truth. One source.
  LabelledRecords r;
  r.source = {0, 0, 0, 0};
  r.cluster = {0, 0, 1, 2};
  r.person = {0, 0, 1, kNoPerson};
  r.num_sources = 1;
  r.num_clusters = 3;
  r.num_persons = 2;
  return r;
}

TEST(EvalPairTally, CountsAtThresholdExactly) {
  const LabelledRecords r = four_records();
  PairTally t(0.5, LinkType::kDedupeOnly, 1);
  const std::vector<ScoredPair> pairs = {pair(0, 1, 10), pair(0, 2, 1), pair(1, 3, 5),
                                         pair(2, 1, -1)};
  t.add(pairs, r);
  EXPECT_EQ(t.pairs_written(), 4u);
  EXPECT_EQ(t.pairs_at_threshold(), 3u);
  EXPECT_EQ(t.labelled_pairs_at_threshold(), 2u);  // (r1, r3) has an unlabelled record
  EXPECT_EQ(t.true_positives_at_threshold(), 1u);
  const double p10 = probability_from_log2_odds(10), p1 = probability_from_log2_odds(1),
               p5 = probability_from_log2_odds(5), pm1 = probability_from_log2_odds(-1);
  EXPECT_DOUBLE_EQ(t.probability_sum_at_threshold(), p10 + p1 + p5);
  EXPECT_DOUBLE_EQ(t.probability_sum_written(), p10 + p1 + p5 + pm1);
  EXPECT_EQ(t.pairs_by_source_pair()[0], 3u);
  EXPECT_DOUBLE_EQ(*t.min_weight(), -1.0);
}

TEST(EvalPairTally, LinkOnlyDoesNotCountSameSourcePairsAsTrue) {
  LabelledRecords r = four_records();
  r.source = {0, 0, 1, 1};
  r.num_sources = 2;
  PairTally t(0.5, LinkType::kLinkOnly, 2);
  const std::vector<ScoredPair> pairs = {pair(0, 1, 10)};  // same person, same source
  t.add(pairs, r);
  EXPECT_EQ(t.true_positives_at_threshold(), 0u);
  EXPECT_EQ(t.pairs_by_source_pair()[0], 1u);  // (0, 0)
}

TEST(EvalThresholdCurve, StartsAtOutputThresholdAndMatchesBruteForce) {
  std::mt19937_64 rng(7);
  LabelledRecords r;
  const std::uint32_t n = 200;
  for (std::uint32_t i = 0; i < n; ++i) {
    r.source.push_back(0);
    r.cluster.push_back(i);
    r.person.push_back(rng() % 20 == 0 ? kNoPerson : static_cast<std::uint32_t>(i / 3));
  }
  r.num_sources = 1;
  r.num_clusters = n;
  r.num_persons = n / 3 + 1;
  std::vector<ScoredPair> pairs;
  std::uniform_real_distribution<double> weight(0.0, 30.0);
  for (int k = 0; k < 3000; ++k) {
    const auto a = static_cast<std::uint32_t>(rng() % n);
    auto b = static_cast<std::uint32_t>(rng() % n);
    if (a == b) b = (b + 1) % n;
    pairs.push_back(pair(a, b, weight(rng)));
  }
  const double output = 0.5;
  PairTally t(0.9, LinkType::kDedupeOnly, 1);
  t.add(std::span(pairs).first(1000), r);  // blocks add up
  t.add(std::span(pairs).subspan(1000), r);
  const std::uint64_t true_pairs = 12345;  // only carried through
  const std::vector<CurvePoint> curve = threshold_curve(t, true_pairs, output, 100);
  ASSERT_GE(curve.size(), 3u);
  EXPECT_DOUBLE_EQ(curve.front().match_probability, output);
  EXPECT_EQ(curve.front().pairs, pairs.size());
  bool saw_exact = false;
  for (std::size_t i = 0; i < curve.size(); ++i) {
    const CurvePoint& c = curve[i];
    if (i > 0) {
      EXPECT_GT(c.match_weight, curve[i - 1].match_weight);
    }
    std::uint64_t all = 0, labelled = 0, tp = 0;
    for (const ScoredPair& p : pairs) {
      if (p.match_weight < c.match_weight) continue;
      ++all;
      const bool lab = r.labelled(p.left) && r.labelled(p.right);
      labelled += lab;
      tp += lab && r.person[p.left] == r.person[p.right];
    }
    SCOPED_TRACE("weight " + std::to_string(c.match_weight));
    EXPECT_EQ(c.pairs, all);
    EXPECT_EQ(c.counts.predicted, labelled);
    EXPECT_EQ(c.counts.true_positives, tp);
    EXPECT_EQ(c.counts.true_pairs, true_pairs);
    if (c.match_probability == 0.9) saw_exact = true;
  }
  EXPECT_TRUE(saw_exact) << "the evaluation threshold's exact point is on the curve";
  EXPECT_LE(curve.size(), 102u);
}

TEST(EvalModelEstimates, FollowSplinkDefinitions) {
  const LabelledRecords r = four_records();
  PairTally t(0.5, LinkType::kDedupeOnly, 1);
  const std::vector<ScoredPair> pairs = {pair(0, 1, 10), pair(0, 2, 1), pair(2, 1, -1)};
  t.add(pairs, r);
  const double p10 = probability_from_log2_odds(10), p1 = probability_from_log2_odds(1),
               pm1 = probability_from_log2_odds(-1);
  const double possible = possible_pairs(LinkType::kDedupeOnly, {4});
  EXPECT_DOUBLE_EQ(possible, 6.0);
  const ModelEstimates e = model_estimates(t, 0.1, possible);
  EXPECT_EQ(e.pairs, 2u);
  EXPECT_DOUBLE_EQ(e.expected_true_positives, p10 + p1);
  EXPECT_DOUBLE_EQ(*e.expected_precision, (p10 + p1) / 2);
  EXPECT_DOUBLE_EQ(e.expected_false_positives, 2 - (p10 + p1));
  EXPECT_DOUBLE_EQ(*e.expected_recall_written, (p10 + p1) / (p10 + p1 + pm1));
  EXPECT_DOUBLE_EQ(e.expected_matches_prior, 0.6);
  EXPECT_DOUBLE_EQ(*e.expected_recall_prior, (p10 + p1) / 0.6);
  EXPECT_DOUBLE_EQ(possible_pairs(LinkType::kLinkOnly, {3, 4, 5}), 3 * 4 + 3 * 5 + 4 * 5);
}

TEST(EvalModelEstimates, NoPairsGiveNoRates) {
  PairTally t(0.5, LinkType::kDedupeOnly, 1);
  const ModelEstimates e = model_estimates(t, 0.1, 0);
  EXPECT_EQ(e.pairs, 0u);
  EXPECT_FALSE(e.expected_precision);
  EXPECT_FALSE(e.expected_recall_written);
  EXPECT_FALSE(e.expected_recall_prior);
  const std::vector<CurvePoint> curve = threshold_curve(t, 0, 0.5);
  ASSERT_EQ(curve.size(), 1u);
  EXPECT_EQ(curve[0].pairs, 0u);
}

TEST(EvalWeights, ProbabilityWeightRoundTrip) {
  EXPECT_DOUBLE_EQ(weight_of_probability(0.5), 0.0);
  EXPECT_NEAR(weight_of_probability(0.8), 2.0, 1e-12);
  EXPECT_TRUE(std::isinf(weight_of_probability(0.0)));
  EXPECT_NEAR(probability_from_log2_odds(weight_of_probability(0.95)), 0.95, 1e-15);
}

}  // namespace
}  // namespace xjslink::eval
