// File: eval/subgroups_test.cpp
// Subgroup figures: a synthetic linkage built with a known recall and precision gap in one
// group (flagged), one without a gap (not flagged), a small group below the cell threshold
// (never flagged), and agreement of per-group counts with brute force on random inputs.
#include "xjslink/eval/subgroups.hpp"

#include <gtest/gtest.h>

#include <random>

#include "eval/reference/metrics_ref.hpp"

namespace xjslink::eval {
namespace {

// A dedupe linkage of persons with two records each. Group g of `sizes[g]` persons finds
// `found[g]` of its true pairs and adds `false_pairs[g]` false pairs within the group.
struct Synthetic {
  LabelledRecords records;
  GroupAttribute attribute;
  std::vector<ScoredPair> pairs;
};

Synthetic build(const std::vector<std::string>& names, const std::vector<int>& sizes,
                const std::vector<int>& found, const std::vector<int>& false_pairs) {
  Synthetic s;
  s.attribute.name = "ethnic_group";
  s.attribute.origin = "test";
  s.attribute.groups = names;
  std::uint32_t person = 0;
  for (std::size_t g = 0; g < names.size(); ++g) {
    const std::uint32_t first_record = s.records.size();
    for (int i = 0; i < sizes[g]; ++i, ++person) {
      const std::uint32_t a = s.records.size();
      for (int k = 0; k < 2; ++k) {
        s.records.source.push_back(0);
        s.records.cluster.push_back(a + static_cast<std::uint32_t>(k));
        s.records.person.push_back(person);
        s.attribute.record_group.push_back(static_cast<std::uint32_t>(g));
      }
      if (i < found[g]) s.pairs.push_back({a, a + 1, 20.0, 0.999});
    }
    // False pairs: record 0 of person i with record 0 of person i + 1, within the group.
    for (int i = 0; i < false_pairs[g]; ++i) {
      const std::uint32_t a = first_record + 2 * static_cast<std::uint32_t>(i);
      s.pairs.push_back({a, a + 2, 3.0, 0.9});
    }
  }
  s.records.num_sources = 1;
  s.records.num_clusters = s.records.size();
  s.records.num_persons = person;
  return s;
}

SubgroupMetrics evaluate(const Synthetic& s, const FlagRule& rule = {}) {
  SubgroupTally tally(s.attribute, 0.5, LinkType::kDedupeOnly, 1);
  tally.add(s.pairs, s.records);
  PairCounts overall;
  for (const ScoredPair& p : s.pairs) {
    ++overall.predicted;
    overall.true_positives += s.records.person[p.left] == s.records.person[p.right];
  }
  overall.true_pairs = count_true_pairs(s.records, LinkType::kDedupeOnly);
  return subgroup_metrics(s.attribute, s.records, LinkType::kDedupeOnly, tally, overall, nullptr,
                          true, rule);
}

const GroupMetrics& group(const SubgroupMetrics& m, const std::string& name) {
  for (const auto& g : m.groups) {
    if (g.group == name) return g;
  }
  throw std::runtime_error("no group " + name);
}

TEST(EvalSubgroups, KnownGapIsMeasuredAndFlagged) {
  // Group "a": 400 persons, 396 found, no false pairs. Group "b": 200 persons, 150 found
  // (recall 0.75) and 30 false pairs (precision 150/180). Group "c": 5 persons, none found.
  const Synthetic s = build({"a", "b", "c"}, {400, 200, 5}, {396, 150, 0}, {0, 30, 0});
  const SubgroupMetrics m = evaluate(s);
  const GroupMetrics& a = group(m, "a");
  const GroupMetrics& b = group(m, "b");
  const GroupMetrics& c = group(m, "c");
  const double overall_recall = (396.0 + 150) / 605, overall_precision = 546.0 / 576;
  EXPECT_EQ(b.records, 400u);
  EXPECT_EQ(b.persons, 200u);
  EXPECT_EQ(b.pairs.true_pairs, 200u);
  EXPECT_EQ(b.pairs.true_positives, 150u);
  EXPECT_EQ(b.pairs.predicted, 180u);
  EXPECT_DOUBLE_EQ(*b.pairs.recall(), 0.75);
  EXPECT_NEAR(*b.recall_gap, 0.75 - overall_recall, 1e-12);
  EXPECT_NEAR(*b.precision_gap, 150.0 / 180 - overall_precision, 1e-12);
  EXPECT_TRUE(b.recall_flag);
  EXPECT_TRUE(b.precision_flag);
  EXPECT_LT(b.recall_interval->high, overall_recall - 0.02);
  EXPECT_FALSE(a.recall_flag);
  EXPECT_FALSE(a.precision_flag);
  EXPECT_DOUBLE_EQ(*a.pairs.recall(), 0.99);
  // Group c: recall 0, far below overall, but only 5 true pairs: below the cell threshold.
  EXPECT_DOUBLE_EQ(*c.pairs.recall(), 0.0);
  EXPECT_FALSE(c.recall_flag);
  FlagRule small_cells;
  small_cells.min_cell = 5;
  EXPECT_TRUE(group(evaluate(s, small_cells), "c").recall_flag);
}

TEST(EvalSubgroups, GroupWithFewRecordsIsNeverFlagged) {
  // One person: record 0 in group x, records 1..11 in group y. All 55 y-y pairs are found, none
  // of the 11 pairs with the x record: x has recall 0 on 11 true pairs, but a single record.
  Synthetic s;
  s.attribute.name = "city";
  s.attribute.groups = {"x", "y"};
  for (std::uint32_t r = 0; r < 12; ++r) {
    s.records.source.push_back(0);
    s.records.cluster.push_back(r == 0 ? 1 : 0);
    s.records.person.push_back(0);
    s.attribute.record_group.push_back(r == 0 ? 0 : 1);
  }
  s.records.num_sources = 1;
  s.records.num_clusters = 2;
  s.records.num_persons = 1;
  for (std::uint32_t a = 1; a < 12; ++a) {
    for (std::uint32_t b = a + 1; b < 12; ++b)
      s.pairs.push_back({a, b, 9.0, 0.99});
  }
  const GroupMetrics x = group(evaluate(s), "x");
  EXPECT_EQ(x.records, 1u);
  EXPECT_EQ(x.pairs.true_pairs, 11u);
  EXPECT_DOUBLE_EQ(*x.pairs.recall(), 0.0);
  EXPECT_FALSE(x.recall_flag);
  FlagRule any;
  any.min_cell = 1;
  EXPECT_TRUE(group(evaluate(s, any), "x").recall_flag);
}

TEST(EvalSubgroups, NoGapIsNotFlagged) {
  // Both groups find 90% of their pairs, no false pairs.
  const Synthetic s = build({"x", "y"}, {300, 300}, {270, 270}, {0, 0});
  const SubgroupMetrics m = evaluate(s);
  for (const GroupMetrics& g : m.groups) {
    EXPECT_DOUBLE_EQ(*g.pairs.recall(), 0.9) << g.group;
    EXPECT_DOUBLE_EQ(*g.recall_gap, 0.0);
    EXPECT_FALSE(g.recall_flag);
    EXPECT_FALSE(g.precision_flag);
  }
}

TEST(EvalSubgroups, SmallButRealGapWithinTheMarginIsNotFlagged) {
  // 0.99 against 0.98: a real difference, but not more than the 2-point margin.
  const Synthetic s = build({"x", "y"}, {2000, 2000}, {1980, 1960}, {0, 0});
  const SubgroupMetrics m = evaluate(s);
  EXPECT_FALSE(group(m, "y").recall_flag);
}

TEST(EvalSubgroups, MixedPairsCountInBothGroupsAndMissingGoesLast) {
  // One person with records in groups 0 and 1 (recorded differently), linked.
  GroupAttribute a;
  a.name = "sex";
  a.groups = {kMissingGroup, "f", "m"};
  a.record_group = {1, 2, 0};
  LabelledRecords r;
  r.source = {0, 0, 0};
  r.cluster = {0, 0, 1};
  r.person = {0, 0, 1};
  r.num_sources = 1;
  r.num_clusters = 2;
  r.num_persons = 2;
  SubgroupTally tally(a, 0.5, LinkType::kDedupeOnly, 1);
  const std::vector<ScoredPair> pairs = {{0, 1, 10, 0.999}};
  tally.add(pairs, r);
  const PairCounts overall{1, 1, 1};
  const SubgroupMetrics m =
      subgroup_metrics(a, r, LinkType::kDedupeOnly, tally, overall, nullptr, true, {});
  ASSERT_EQ(m.groups.size(), 3u);
  EXPECT_EQ(m.groups[0].group, "f");
  EXPECT_EQ(m.groups[2].group, kMissingGroup);
  for (int g = 0; g < 2; ++g) {
    EXPECT_EQ(m.groups[g].pairs.true_pairs, 1u);
    EXPECT_EQ(m.groups[g].pairs.true_positives, 1u);
  }
  EXPECT_EQ(m.groups[2].pairs.true_pairs, 0u);
}

TEST(EvalSubgroups, SourcePairGroupsCountTruePairsPerPairOfSources) {
  // Person 0: records in A, A, B, C. Person 1: B, C.
  LabelledRecords r;
  r.source = {0, 0, 1, 2, 1, 2};
  r.cluster = {0, 0, 0, 1, 2, 2};
  r.person = {0, 0, 0, 0, 1, 1};
  r.num_sources = 3;
  r.num_clusters = 3;
  r.num_persons = 2;
  const std::vector<std::string> names = {"A", "B", "C"};
  for (const LinkType lt : {LinkType::kLinkOnly, LinkType::kLinkAndDedupe}) {
    const GroupAttribute a = source_pair_attribute(lt, names);
    SubgroupTally tally(a, 0.5, lt, 3);
    const std::vector<ScoredPair> pairs = {{0, 2, 9, 0.99}, {4, 5, 9, 0.99}, {0, 1, 9, 0.99}};
    tally.add(pairs, r);
    const SubgroupMetrics m = subgroup_metrics(a, r, lt, tally, PairCounts{}, nullptr, true, {});
    std::map<std::string, std::uint64_t> t, tp;
    for (const auto& g : m.groups) {
      t[g.group] = g.pairs.true_pairs;
      tp[g.group] = g.pairs.true_positives;
    }
    EXPECT_EQ(t["A & B"], 2u);
    EXPECT_EQ(t["A & C"], 2u);
    EXPECT_EQ(t["B & C"], 2u);  // one from each person
    EXPECT_EQ(tp["A & B"], 1u);
    EXPECT_EQ(tp["B & C"], 1u);
    if (lt == LinkType::kLinkOnly) {
      EXPECT_EQ(m.groups.size(), 3u);
    } else {
      EXPECT_EQ(t["A & A"], 1u);
      EXPECT_EQ(tp["A & A"], 1u);
      EXPECT_EQ(m.groups.size(), 6u);
    }
  }
}

TEST(EvalSubgroups, TruePairsPerGroupMatchBruteForceOnRandomInputs) {
  std::mt19937_64 rng(99);
  for (int trial = 0; trial < 300; ++trial) {
    const int n = static_cast<int>(rng() % 30);
    const int num_groups = 1 + static_cast<int>(rng() % 4);
    std::vector<reference::Rec> ref;
    std::vector<int> grp;
    LabelledRecords r;
    GroupAttribute a;
    for (int g = 0; g < num_groups; ++g)
      a.groups.push_back("g" + std::to_string(g));
    for (int i = 0; i < n; ++i) {
      const int s = static_cast<int>(rng() % 3);
      const int c = static_cast<int>(rng() % 8);
      const int p = rng() % 8 == 0 ? -1 : static_cast<int>(rng() % 6);
      const int g = static_cast<int>(rng() % num_groups);
      ref.push_back({s, c, p});
      grp.push_back(g);
      r.source.push_back(static_cast<std::uint16_t>(s));
      r.cluster.push_back(static_cast<std::uint32_t>(c));
      r.person.push_back(p < 0 ? kNoPerson : static_cast<std::uint32_t>(p));
      a.record_group.push_back(static_cast<std::uint32_t>(g));
    }
    r.num_sources = 3;
    r.num_clusters = 8;
    r.num_persons = 6;
    std::vector<ScoredPair> pairs;
    for (int k = 0; n > 1 && k < 20; ++k) {
      const auto x = static_cast<std::uint32_t>(rng() % n);
      const auto y = static_cast<std::uint32_t>((x + 1 + rng() % (n - 1)) % n);
      pairs.push_back({x, y, 1.0, (rng() % 100) / 100.0});
    }
    for (const LinkType lt : {LinkType::kDedupeOnly, LinkType::kLinkOnly}) {
      const bool link_only = lt == LinkType::kLinkOnly;
      SubgroupTally tally(a, 0.5, lt, 3);
      tally.add(pairs, r);
      const SubgroupMetrics m = subgroup_metrics(a, r, lt, tally, PairCounts{}, nullptr, true, {});
      for (const GroupMetrics& gm : m.groups) {
        const int g = std::stoi(gm.group.substr(1));
        SCOPED_TRACE("trial " + std::to_string(trial) + " group " + gm.group);
        ASSERT_EQ(gm.pairs.true_pairs, reference::true_pairs_in_group(ref, grp, g, link_only));
        std::uint64_t predicted = 0, tp = 0;
        for (const ScoredPair& p : pairs) {
          if (p.match_probability < 0.5 || (grp[p.left] != g && grp[p.right] != g)) continue;
          const auto& x = ref[p.left];
          const auto& y = ref[p.right];
          if (x.person < 0 || y.person < 0) continue;
          ++predicted;
          tp += x.person == y.person && reference::in_scope(link_only, x, y);
        }
        ASSERT_EQ(gm.pairs.predicted, predicted);
        ASSERT_EQ(gm.pairs.true_positives, tp);
      }
    }
  }
}

}  // namespace
}  // namespace xjslink::eval
