// File: eval/reliability_test.cpp
// The reliability bins against hand-computed examples: bin edges (a probability exactly at an
// edge goes up, 1 is in the last bin), empty bins, unlabelled pairs, the link_only pair space,
// the expected calibration error and calibration in the large; and against a plain recount on
// many random pairs.
#include "xjslink/eval/reliability.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace xjslink::eval {
namespace {

// Records 0..n-1 of one source (or alternating sources), persons as given (kNoPerson allowed).
LabelledRecords make_records(const std::vector<std::uint32_t>& persons, bool two_sources) {
  LabelledRecords r;
  for (std::size_t i = 0; i < persons.size(); ++i) {
    r.source.push_back(two_sources ? static_cast<std::uint16_t>(i % 2) : 0);
    r.cluster.push_back(static_cast<std::uint32_t>(i));
    r.person.push_back(persons[i]);
  }
  r.num_sources = two_sources ? 2 : 1;
  r.num_clusters = static_cast<std::uint32_t>(persons.size());
  r.num_persons = 100;
  return r;
}

TEST(ReliabilityBin, EdgesGoToTheBinAboveAndOneIsInTheLast) {
  EXPECT_EQ(reliability_bin(0.0), 0u);
  EXPECT_EQ(reliability_bin(0.0999999), 0u);
  EXPECT_EQ(reliability_bin(0.1), 1u);
  EXPECT_EQ(reliability_bin(0.3), 3u);
  EXPECT_EQ(reliability_bin(0.5), 5u);
  EXPECT_EQ(reliability_bin(0.8999), 8u);
  EXPECT_EQ(reliability_bin(0.9), 9u);
  EXPECT_EQ(reliability_bin(0.95), 9u);
  EXPECT_EQ(reliability_bin(0.99), 10u);
  EXPECT_EQ(reliability_bin(0.998), 10u);
  EXPECT_EQ(reliability_bin(0.999), 11u);
  EXPECT_EQ(reliability_bin(0.9999), 12u);
  EXPECT_EQ(reliability_bin(0.99999), 13u);
  EXPECT_EQ(reliability_bin(0.999999), 14u);
  EXPECT_EQ(reliability_bin(0.9999999), 14u);
  EXPECT_EQ(reliability_bin(1.0), 14u);
  EXPECT_EQ(kReliabilityBins, 15u);
}

TEST(ReliabilityTally, HandComputedBinsAndCalibrationError) {
  // Persons: records 0,1 = A; 2,3 = B; 4 = C; 5 unlabelled; 6,7 = D.
  const LabelledRecords rec = make_records({1, 1, 2, 2, 3, kNoPerson, 4, 4}, false);
  const std::vector<ScoredPair> pairs = {
      {0, 1, 0, 0.5},     // true, exactly at the 0.5 edge: bin [0.5, 0.6)
      {1, 2, 0, 0.55},    // false, same bin
      {4, 5, 0, 0.7},     // unlabelled: counted as written, not as labelled
      {2, 3, 0, 0.99},    // true, exactly at the 0.99 edge: bin [0.99, 0.999)
      {6, 7, 0, 0.995},   // true, same bin
      {3, 4, 0, 0.9999},  // false, bin [0.9999, 0.99999)
      {0, 1, 0, 1.0},     // true, p = 1: the last bin
  };
  ReliabilityTally tally(LinkType::kDedupeOnly);
  tally.add(std::span(pairs).first(3), rec);  // two blocks, as the evaluation streams them
  tally.add(std::span(pairs).subspan(3), rec);
  const Calibration c = calibration(tally);
  ASSERT_EQ(c.bins.size(), kReliabilityBins);
  const ReliabilityBin& b5 = c.bins[5];
  EXPECT_DOUBLE_EQ(b5.low, 0.5);
  EXPECT_DOUBLE_EQ(b5.high, 0.6);
  EXPECT_EQ(b5.pairs, 2u);
  EXPECT_EQ(b5.labelled_pairs, 2u);
  EXPECT_EQ(b5.true_positives, 1u);
  EXPECT_DOUBLE_EQ(*b5.mean_probability(), 0.525);
  EXPECT_DOUBLE_EQ(*b5.observed_precision(), 0.5);
  // Empty bins have no rates.
  EXPECT_EQ(c.bins[6].pairs, 0u);
  EXPECT_FALSE(c.bins[6].mean_probability());
  EXPECT_FALSE(c.bins[6].observed_precision());
  // The unlabelled pair: a mean probability, no observed precision.
  EXPECT_EQ(c.bins[7].pairs, 1u);
  EXPECT_EQ(c.bins[7].labelled_pairs, 0u);
  EXPECT_DOUBLE_EQ(*c.bins[7].mean_probability(), 0.7);
  EXPECT_FALSE(c.bins[7].labelled_mean_probability());
  EXPECT_FALSE(c.bins[7].observed_precision());
  EXPECT_EQ(c.bins[10].pairs, 2u);
  EXPECT_EQ(c.bins[10].true_positives, 2u);
  EXPECT_DOUBLE_EQ(*c.bins[10].labelled_mean_probability(), (0.99 + 0.995) / 2);
  EXPECT_EQ(c.bins[12].pairs, 1u);
  EXPECT_EQ(c.bins[12].true_positives, 0u);
  EXPECT_EQ(c.bins[14].pairs, 1u);
  EXPECT_EQ(c.bins[14].true_positives, 1u);
  EXPECT_EQ(c.bins[9].pairs + c.bins[11].pairs + c.bins[13].pairs, 0u);

  EXPECT_EQ(c.labelled_pairs, 6u);
  EXPECT_EQ(c.true_positives, 4u);
  const double expected_tp = 0.5 + 0.55 + 0.99 + 0.995 + 0.9999 + 1.0;
  EXPECT_NEAR(c.expected_true_positives, expected_tp, 1e-12);
  // ECE: (2 |0.525 - 0.5| + 2 |0.9925 - 1| + 1 |0.9999 - 0| + 1 |1 - 1|) / 6.
  EXPECT_NEAR(*c.expected_calibration_error, (0.05 + 0.015 + 0.9999) / 6, 1e-12);
  EXPECT_NEAR(*c.observed_over_expected, 4 / expected_tp, 1e-12);
}

TEST(ReliabilityTally, LinkOnlyCountsOnlyPairsAcrossSources) {
  // Records 0 and 2 are of source 0, 1 and 3 of source 1; all of one person.
  const LabelledRecords rec = make_records({7, 7, 7, 7}, true);
  const std::vector<ScoredPair> pairs = {{0, 1, 0, 0.95}, {0, 2, 0, 0.95}};
  ReliabilityTally tally(LinkType::kLinkOnly);
  tally.add(pairs, rec);
  EXPECT_EQ(tally.bins()[9].labelled_pairs, 2u);
  EXPECT_EQ(tally.bins()[9].true_positives, 1u);  // 0-2 lies outside the pair space
}

TEST(ReliabilityTally, NothingLabelledGivesNoCalibrationFigures) {
  const LabelledRecords rec = make_records({kNoPerson, kNoPerson}, false);
  const std::vector<ScoredPair> pairs = {{0, 1, 0, 0.9}};
  ReliabilityTally tally(LinkType::kDedupeOnly);
  tally.add(pairs, rec);
  const Calibration c = calibration(tally);
  EXPECT_EQ(c.bins[9].pairs, 1u);
  EXPECT_FALSE(c.expected_calibration_error);
  EXPECT_FALSE(c.observed_over_expected);
  const Calibration none = calibration(ReliabilityTally(LinkType::kDedupeOnly));
  EXPECT_EQ(none.labelled_pairs, 0u);
  EXPECT_FALSE(none.expected_calibration_error);
}

TEST(ReliabilityTally, MatchesAPlainRecountOnRandomPairs) {
  std::mt19937_64 rng(20261203);
  for (int trial = 0; trial < 50; ++trial) {
    const std::size_t n = 2 + rng() % 40;
    std::vector<std::uint32_t> persons(n);
    for (auto& p : persons)
      p = rng() % 7 == 0 ? kNoPerson : static_cast<std::uint32_t>(rng() % 8);
    const LabelledRecords rec = make_records(persons, trial % 2 == 1);
    const LinkType type = trial % 2 == 1 ? LinkType::kLinkOnly : LinkType::kDedupeOnly;
    std::vector<ScoredPair> pairs;
    for (int k = 0; k < 200; ++k) {
      const auto a = static_cast<std::uint32_t>(rng() % n);
      auto b = static_cast<std::uint32_t>(rng() % n);
      if (a == b) b = (b + 1) % n;
      // Edges, 1, and values crowded near 1 as well as spread over [0, 1].
      const double edges[] = {0.0, 0.1, 0.5, 0.9, 0.99, 0.999999, 1.0};
      double p = std::uniform_real_distribution<double>(0, 1)(rng);
      if (k % 3 == 0) p = edges[rng() % 7];
      if (k % 3 == 1) p = 1 - std::pow(10.0, -std::uniform_real_distribution<double>(0, 8)(rng));
      pairs.push_back({a, b, 0, p});
    }
    ReliabilityTally tally(type);
    tally.add(pairs, rec);
    const Calibration c = calibration(tally);
    // The reference: each bin by its definition, scanning all pairs.
    double gap = 0;
    std::uint64_t labelled_total = 0;
    for (std::size_t bin = 0; bin < kReliabilityBins; ++bin) {
      const double lo = kReliabilityEdges[bin], hi = kReliabilityEdges[bin + 1];
      std::uint64_t count = 0, labelled = 0, tp = 0;
      double sum = 0, labelled_sum = 0;
      for (const ScoredPair& q : pairs) {
        const bool in = q.match_probability >= lo &&
                        (q.match_probability < hi || (bin + 1 == kReliabilityBins));
        if (!in) continue;
        ++count;
        sum += q.match_probability;
        if (rec.labelled(q.left) && rec.labelled(q.right)) {
          ++labelled;
          labelled_sum += q.match_probability;
          if (rec.person[q.left] == rec.person[q.right] &&
              pair_in_scope(type, rec.source[q.left], rec.source[q.right]))
            ++tp;
        }
      }
      const ReliabilityBin& b = c.bins[bin];
      ASSERT_EQ(b.pairs, count) << "trial " << trial << " bin " << bin;
      ASSERT_EQ(b.labelled_pairs, labelled);
      ASSERT_EQ(b.true_positives, tp);
      ASSERT_NEAR(b.probability_sum, sum, 1e-9);
      if (labelled > 0) {
        gap += std::abs(labelled_sum / labelled - static_cast<double>(tp) / labelled) * labelled;
        labelled_total += labelled;
      }
    }
    if (labelled_total > 0) {
      ASSERT_NEAR(*c.expected_calibration_error, gap / labelled_total, 1e-9);
    }
  }
}

}  // namespace
}  // namespace xjslink::eval
