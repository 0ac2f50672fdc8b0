// File: eval/metrics_test.cpp
// Pairwise and cluster metrics on hand-computed examples (including empty input, singletons and
// link_only counting), B-cubed on Bagga & Baldwin's example, and agreement with the
// brute-force reference on random inputs.
#include "xjslink/eval/metrics.hpp"

#include <gtest/gtest.h>

#include <random>

#include "eval/reference/metrics_ref.hpp"

namespace xjslink::eval {
namespace {

constexpr std::uint32_t kNone = kNoPerson;

LabelledRecords make(const std::vector<std::uint16_t>& source,
                     const std::vector<std::uint32_t>& cluster,
                     const std::vector<std::uint32_t>& person) {
  LabelledRecords r;
  r.source = source;
  r.cluster = cluster;
  r.person = person;
  for (auto s : source)
    r.num_sources = std::max<std::uint32_t>(r.num_sources, s + 1u);
  for (auto c : cluster)
    r.num_clusters = std::max(r.num_clusters, c + 1);
  for (auto p : person) {
    if (p != kNone) r.num_persons = std::max(r.num_persons, p + 1);
  }
  return r;
}

TEST(EvalPairCounts, PrecisionRecallF1FromCounts) {
  const PairCounts c{.predicted = 8, .true_positives = 6, .true_pairs = 10};
  EXPECT_EQ(c.false_positives(), 2u);
  EXPECT_EQ(c.false_negatives(), 4u);
  EXPECT_DOUBLE_EQ(*c.precision(), 0.75);
  EXPECT_DOUBLE_EQ(*c.recall(), 0.6);
  EXPECT_DOUBLE_EQ(*c.f1(), 2 * 0.75 * 0.6 / (0.75 + 0.6));
}

TEST(EvalPairCounts, UndefinedWhenNothingPredictedOrTrue) {
  const PairCounts none{};
  EXPECT_FALSE(none.precision());
  EXPECT_FALSE(none.recall());
  EXPECT_FALSE(none.f1());
  const PairCounts missed_all{.predicted = 0, .true_positives = 0, .true_pairs = 5};
  EXPECT_FALSE(missed_all.precision());
  EXPECT_DOUBLE_EQ(*missed_all.recall(), 0.0);
  EXPECT_DOUBLE_EQ(*missed_all.f1(), 0.0);
}

TEST(EvalClusterMetrics, HandComputedDedupeExample) {
  // r0, r1: person 0; r2, r3: person 1; r4: person 2; r5: no truth.
  // Clusters: {r0, r1, r2}, {r3}, {r4}, {r5}.
  const LabelledRecords r = make({0, 0, 0, 0, 0, 0}, {0, 0, 0, 1, 2, 3}, {0, 0, 1, 1, 2, kNone});
  EXPECT_EQ(count_true_pairs(r, LinkType::kDedupeOnly), 2u);
  const ClusterMetrics m = cluster_metrics(r, LinkType::kDedupeOnly);
  EXPECT_EQ(m.records, 5u);
  EXPECT_EQ(m.clusters, 3u);
  EXPECT_EQ(m.singleton_clusters, 2u);
  EXPECT_EQ(m.persons, 3u);
  EXPECT_EQ(m.pairs.predicted, 3u);
  EXPECT_EQ(m.pairs.true_positives, 1u);
  EXPECT_EQ(m.pairs.true_pairs, 2u);
  EXPECT_DOUBLE_EQ(*m.pairs.precision(), 1.0 / 3);
  EXPECT_DOUBLE_EQ(*m.pairs.recall(), 0.5);
  EXPECT_DOUBLE_EQ(*m.pairs.f1(), 0.4);
  // Per record precision 2/3, 2/3, 1/3, 1, 1 and recall 1, 1, 1/2, 1/2, 1.
  EXPECT_NEAR(*m.b_cubed_precision, 11.0 / 15, 1e-12);
  EXPECT_NEAR(*m.b_cubed_recall, 0.8, 1e-12);
  EXPECT_NEAR(*m.b_cubed_f1, 2 * (11.0 / 15) * 0.8 / (11.0 / 15 + 0.8), 1e-12);
  EXPECT_EQ(m.over_merged_clusters, 1u);
  EXPECT_EQ(m.over_merged_persons, 2u);
  EXPECT_EQ(m.over_merged_records, 3u);
  EXPECT_EQ(m.split_persons, 1u);
  EXPECT_EQ(m.split_extra_clusters, 1u);
}

TEST(EvalClusterMetrics, LinkOnlyCountsOnlyCrossSourcePairs) {
  // Person 0: two records in A, one in B, all in one cluster; person 1: one in each, split.
  const LabelledRecords r = make({0, 0, 1, 1, 0}, {0, 0, 0, 1, 2}, {0, 0, 0, 1, 1});
  EXPECT_EQ(count_true_pairs(r, LinkType::kLinkOnly), 3u);       // 2 (p0) + 1 (p1)
  EXPECT_EQ(count_true_pairs(r, LinkType::kLinkAndDedupe), 4u);  // the A-A pair counts too
  const ClusterMetrics m = cluster_metrics(r, LinkType::kLinkOnly);
  EXPECT_EQ(m.pairs.predicted, 2u);  // the two A-B pairs of cluster 0, not A-A
  EXPECT_EQ(m.pairs.true_positives, 2u);
  EXPECT_DOUBLE_EQ(*m.pairs.precision(), 1.0);
  EXPECT_DOUBLE_EQ(*m.pairs.recall(), 2.0 / 3);
  EXPECT_EQ(m.split_persons, 1u);
}

TEST(EvalClusterMetrics, EmptyInputGivesZerosAndNoRates) {
  const ClusterMetrics m = cluster_metrics(LabelledRecords{}, LinkType::kDedupeOnly);
  EXPECT_EQ(m.records, 0u);
  EXPECT_EQ(m.clusters, 0u);
  EXPECT_EQ(m.pairs.true_pairs, 0u);
  EXPECT_FALSE(m.pairs.precision());
  EXPECT_FALSE(m.pairs.recall());
  EXPECT_FALSE(m.b_cubed_precision);
  EXPECT_FALSE(m.b_cubed_recall);
  EXPECT_EQ(count_true_pairs(LabelledRecords{}, LinkType::kLinkOnly), 0u);
}

TEST(EvalClusterMetrics, AllSingletonClustersSplitEveryMultiRecordPerson) {
  // Person 0 has two records, person 1 one; no record is linked.
  const LabelledRecords r = make({0, 0, 0}, {0, 1, 2}, {0, 0, 1});
  const ClusterMetrics m = cluster_metrics(r, LinkType::kDedupeOnly);
  EXPECT_EQ(m.singleton_clusters, 3u);
  EXPECT_EQ(m.pairs.predicted, 0u);
  EXPECT_EQ(m.pairs.true_pairs, 1u);
  EXPECT_FALSE(m.pairs.precision());
  EXPECT_DOUBLE_EQ(*m.pairs.recall(), 0.0);
  EXPECT_DOUBLE_EQ(*m.b_cubed_precision, 1.0);
  EXPECT_NEAR(*m.b_cubed_recall, 2.0 / 3, 1e-12);
  EXPECT_EQ(m.split_persons, 1u);
  EXPECT_EQ(m.over_merged_clusters, 0u);
}

TEST(EvalClusterMetrics, SingleRecordIsPerfectButHasNoPairs) {
  const ClusterMetrics m = cluster_metrics(make({0}, {0}, {0}), LinkType::kDedupeOnly);
  EXPECT_EQ(m.records, 1u);
  EXPECT_EQ(m.pairs.true_pairs, 0u);
  EXPECT_FALSE(m.pairs.f1());
  EXPECT_DOUBLE_EQ(*m.b_cubed_precision, 1.0);
  EXPECT_DOUBLE_EQ(*m.b_cubed_recall, 1.0);
}

TEST(EvalBCubed, BaggaBaldwinExample) {
  // Bagga & Baldwin (1998), figure 2: truth {1..5}, {6,7}, {8..12}; the output puts 1..5 in one
  // cluster and 6..12 in another. B-cubed precision 16/21 = 76.2%, recall 100%.
  std::vector<std::uint32_t> person = {0, 0, 0, 0, 0, 1, 1, 2, 2, 2, 2, 2};
  std::vector<std::uint32_t> cluster = {0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1};
  const LabelledRecords r = make(std::vector<std::uint16_t>(12, 0), cluster, person);
  const ClusterMetrics m = cluster_metrics(r, LinkType::kDedupeOnly);
  EXPECT_NEAR(*m.b_cubed_precision, 16.0 / 21, 1e-12);
  EXPECT_DOUBLE_EQ(*m.b_cubed_recall, 1.0);
  const BCubedPerRecord per = b_cubed_per_record(r);
  EXPECT_FLOAT_EQ(per.precision[5], 2.0F / 7);
  EXPECT_FLOAT_EQ(per.precision[7], 5.0F / 7);
  EXPECT_FLOAT_EQ(per.recall[11], 1.0F);
}

TEST(EvalClusterMetrics, MatchesBruteForceReferenceOnRandomInputs) {
  std::mt19937_64 rng(20240611);
  for (int trial = 0; trial < 400; ++trial) {
    const int n = static_cast<int>(rng() % 40);
    const int sources = 1 + static_cast<int>(rng() % 3);
    const int clusters = 1 + static_cast<int>(rng() % 12);
    const int persons = 1 + static_cast<int>(rng() % 12);
    std::vector<reference::Rec> ref;
    std::vector<std::uint16_t> src;
    std::vector<std::uint32_t> cl, pe;
    for (int i = 0; i < n; ++i) {
      const int s = static_cast<int>(rng() % sources);
      const int c = static_cast<int>(rng() % clusters);
      const int p = rng() % 10 == 0 ? -1 : static_cast<int>(rng() % persons);
      ref.push_back({s, c, p});
      src.push_back(static_cast<std::uint16_t>(s));
      cl.push_back(static_cast<std::uint32_t>(c));
      pe.push_back(p < 0 ? kNone : static_cast<std::uint32_t>(p));
    }
    LabelledRecords r = make(src, cl, pe);
    r.num_clusters = static_cast<std::uint32_t>(clusters);
    r.num_persons = static_cast<std::uint32_t>(persons);
    for (const LinkType lt : {LinkType::kDedupeOnly, LinkType::kLinkOnly}) {
      const bool link_only = lt == LinkType::kLinkOnly;
      SCOPED_TRACE("trial " + std::to_string(trial) + (link_only ? " link_only" : " dedupe"));
      const ClusterMetrics m = cluster_metrics(r, lt);
      ASSERT_EQ(m.pairs.true_pairs, reference::true_pairs(ref, link_only));
      const auto [same_cluster, both] = reference::cluster_pairs(ref, link_only);
      ASSERT_EQ(m.pairs.predicted, same_cluster);
      ASSERT_EQ(m.pairs.true_positives, both);
      ASSERT_EQ(m.split_persons, reference::split_persons(ref));
      ASSERT_EQ(m.over_merged_clusters, reference::over_merged_clusters(ref));
    }
    const BCubedPerRecord per = b_cubed_per_record(r);
    double sum_p = 0, sum_r = 0, labelled = 0;
    for (int i = 0; i < n; ++i) {
      if (ref[i].person < 0) continue;
      const auto [bp, br] = reference::b_cubed(ref, static_cast<std::size_t>(i));
      ASSERT_NEAR(per.precision[i], bp, 1e-6);
      ASSERT_NEAR(per.recall[i], br, 1e-6);
      sum_p += bp;
      sum_r += br;
      ++labelled;
    }
    const ClusterMetrics m = cluster_metrics(r, LinkType::kDedupeOnly);
    if (labelled > 0) {
      ASSERT_NEAR(*m.b_cubed_precision, sum_p / labelled, 1e-12);
      ASSERT_NEAR(*m.b_cubed_recall, sum_r / labelled, 1e-12);
    }
  }
}

TEST(EvalWilson, KnownIntervalAndQuantile) {
  EXPECT_NEAR(normal_quantile_two_sided(0.95), 1.959964, 1e-6);
  EXPECT_NEAR(normal_quantile_two_sided(0.99), 2.575829, 1e-6);
  // 8 of 10 at 95%: the textbook Wilson interval (0.4902, 0.9433).
  const Interval i = wilson_interval(8, 10, normal_quantile_two_sided(0.95));
  EXPECT_NEAR(i.low, 0.4902, 1e-4);
  EXPECT_NEAR(i.high, 0.9433, 1e-4);
  const Interval all = wilson_interval(10, 10, 1.96);
  EXPECT_DOUBLE_EQ(all.high, 1.0);
  EXPECT_LT(all.low, 1.0);
}

}  // namespace
}  // namespace xjslink::eval
