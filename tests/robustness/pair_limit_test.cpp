// File: robustness/pair_limit_test.cpp
// count_rule_pairs against a plain count over every pair of records, on many random inputs
// (block sizes, nulls, sources; all link types), and the limit check's error.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>

#include "dist/comm.hpp"
#include "xjslink/error.hpp"
#include "xjslink/key_expression.hpp"
#include "xjslink/limits/pair_limit.hpp"

namespace xjslink {
namespace {

Settings one_column_settings() {
  Settings s;
  s.unique_id_column = "unique_id";
  ColumnSpec c;
  c.name = "name";
  c.type = ColumnType::kString;
  s.columns.push_back(c);
  return s;
}

BlockingRuleSpec rule_on(const std::string& text) {
  BlockingRuleSpec rule;
  rule.keys = parse_blocking_rule(text, "blocking_rules[0]");
  rule.text = text;
  return rule;
}

struct Reference {
  std::uint64_t pairs = 0;
  std::vector<std::uint64_t> largest;
};

// Every pair i < j with equal non-null values (and, for link_only, different sources).
Reference reference_count(const std::vector<std::string>& values,
                          const std::vector<std::uint16_t>& sources, LinkType link_type) {
  Reference r;
  std::map<std::string, std::uint64_t> sizes;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (values[i].empty()) continue;
    ++sizes[values[i]];
    for (std::size_t j = i + 1; j < values.size(); ++j) {
      if (values[j] != values[i]) continue;
      if (link_type == LinkType::kLinkOnly && sources[i] == sources[j]) continue;
      ++r.pairs;
    }
  }
  for (const auto& [v, n] : sizes) {
    if (n > 1) r.largest.push_back(n);
  }
  std::sort(r.largest.rbegin(), r.largest.rend());
  if (r.largest.size() > 3) r.largest.resize(3);
  return r;
}

TEST(PairLimit, CountMatchesEveryPairOnRandomInputs) {
  const dist::Comm comm = dist::Comm::world();
  const Settings settings = one_column_settings();
  const BlockingRuleSpec rule = rule_on("name");
  std::mt19937_64 rng(20261203);
  for (int trial = 0; trial < 300; ++trial) {
    const std::size_t n = rng() % 300;
    const std::size_t distinct = 1 + rng() % 40;
    std::vector<std::string> values(n);
    std::vector<std::uint16_t> sources(n);
    PreparedRecords records = make_prepared_records(settings);
    for (std::size_t i = 0; i < n; ++i) {
      values[i] = rng() % 5 == 0 ? "" : "v" + std::to_string(rng() % distinct);
      sources[i] = static_cast<std::uint16_t>(rng() % 3);
      records.global_index.push_back(i);
      records.source.push_back(sources[i]);
      if (values[i].empty()) {
        append_null(records.columns[0]);
      } else {
        append_string(records.columns[0], values[i]);
      }
    }
    for (LinkType type : {LinkType::kDedupeOnly, LinkType::kLinkOnly, LinkType::kLinkAndDedupe}) {
      const Reference want = reference_count(values, sources, type);
      const RulePairCount got = count_rule_pairs(comm, records, rule, type);
      ASSERT_EQ(got.pairs, want.pairs) << "trial " << trial;
      ASSERT_EQ(got.largest_blocks, want.largest) << "trial " << trial;
    }
  }
}

TEST(PairLimit, CheckNamesTheFirstRuleAboveTheLimit) {
  const dist::Comm comm = dist::Comm::world();
  const Settings settings = one_column_settings();
  PreparedRecords records = make_prepared_records(settings);
  for (std::uint64_t i = 0; i < 50; ++i) {
    records.global_index.push_back(i);
    records.source.push_back(0);
    append_string(records.columns[0], i < 40 ? "same" : "other" + std::to_string(i % 2));
  }
  // By name: 40·39/2 + 2·(5·4/2) = 800 pairs. By first letter ('s', 'o'): 780 + 10·9/2 = 825.
  const std::vector<BlockingRuleSpec> rules = {rule_on("substr(name,1,1)"), rule_on("name")};
  EXPECT_NO_THROW(check_rule_pair_limits(comm, records, std::span(rules).subspan(1), "s.json",
                                         "blocking_rules", LinkType::kDedupeOnly, 800));
  try {
    check_rule_pair_limits(comm, records, rules, "s.json", "blocking_rules", LinkType::kDedupeOnly,
                           799);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.file(), "s.json");
    EXPECT_EQ(e.field(), "blocking_rules[0]");
    EXPECT_NE(e.message().find("blocking rule 'substr(name,1,1)' makes 825 candidate pairs, more "
                               "than the limit of 799 (--max-pairs); its largest blocks hold 40, "
                               "10 records"),
              std::string::npos)
        << e.message();
  }
}

}  // namespace
}  // namespace xjslink
