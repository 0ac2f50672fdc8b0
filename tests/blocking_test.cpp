// File: blocking_test.cpp
// Blocking: keys, blocks, and the rule that each pair is found once (by the first rule that
// finds it), checked against a brute-force enumeration of all pairs.
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>

#include "dist/comm.hpp"
#include "pair_scan.hpp"
#include "xjslink/blocking.hpp"

namespace xjslink {
namespace {

Settings two_column_settings(LinkType type) {
  std::string json = R"j({"link_type": ")j" + std::string(link_type_name(type)) + R"j(",
    "columns": {"dob": {"type": "date"}},
    "blocking_rules": ["surname", "first & year(dob)", "substr(first,1,1) & substr(surname,1,2)"],
    "comparisons": [{"column": "first", "levels": [{"type": "exact"}, {"type": "else"}]},
                    {"column": "surname", "levels": [{"type": "exact"}, {"type": "else"}]}]})j";
  return parse_settings(json);
}

PreparedRecords random_records(const Settings& s, std::size_t n, std::uint64_t seed, int sources) {
  std::mt19937_64 rng(seed);
  const char* firsts[] = {"ann", "anna", "bob", "bo", "carl", "cara"};
  const char* surnames[] = {"smith", "smyth", "jones", "jonas", "brown"};
  PreparedRecords r = make_prepared_records(s);
  for (std::size_t i = 0; i < n; ++i) {
    r.global_index.push_back(i);
    r.source.push_back(static_cast<std::uint16_t>(rng() % sources));
    for (auto& c : r.columns) {
      if (rng() % 10 == 0) {
        append_null(c);
      } else if (c.spec.name == "first") {
        append_string(c, firsts[rng() % 6]);
      } else if (c.spec.name == "surname") {
        append_string(c, surnames[rng() % 5]);
      } else {
        append_date(c, static_cast<std::int32_t>(3000 + rng() % 1500));
      }
    }
  }
  return r;
}

// Brute force: the first rule whose keys are all non-null and equal, or -1.
int first_rule(const PreparedRecords& r, const Settings& s, std::size_t a, std::size_t b) {
  for (std::size_t k = 0; k < s.blocking_rules.size(); ++k) {
    bool all = true;
    for (const auto& key : s.blocking_rules[k].keys) {
      const auto ka = evaluate_key(key, r, a), kb = evaluate_key(key, r, b);
      if (!ka || !kb || *ka != *kb) all = false;
    }
    if (all) return static_cast<int>(k);
  }
  return -1;
}

TEST(Blocking, EachPairIsFoundOnceByItsFirstRule) {
  for (LinkType type : {LinkType::kDedupeOnly, LinkType::kLinkOnly, LinkType::kLinkAndDedupe}) {
    const Settings s = two_column_settings(type);
    const PreparedRecords r = random_records(s, 400, 99, 2);
    const dist::Comm comm = dist::Comm::self();
    std::map<std::pair<std::uint64_t, std::uint64_t>, int> found;
    for (std::size_t k = 0; k < s.blocking_rules.size(); ++k) {
      for_each_blocked_round(comm, r, s.blocking_rules, k, {}, [&](const BlockedRecords& blocked) {
        using Pairs = std::vector<std::pair<std::uint64_t, std::uint64_t>>;
        const auto states = scan_pairs(
            blocked, type, true, Pairs{},
            [](Pairs& out, const PreparedRecords& rec, std::uint32_t a, std::uint32_t b) {
              out.emplace_back(rec.global_index[a], rec.global_index[b]);
            });
        for (const auto& st : states) {
          for (const auto& p : st) {
            EXPECT_LT(p.first, p.second);
            EXPECT_TRUE(found.emplace(p, static_cast<int>(k)).second) << "pair found twice";
          }
        }
      });
    }
    std::size_t expected = 0;
    for (std::size_t a = 0; a < r.size(); ++a) {
      for (std::size_t b = a + 1; b < r.size(); ++b) {
        if (type == LinkType::kLinkOnly && r.source[a] == r.source[b]) continue;
        const int rule = first_rule(r, s, a, b);
        if (rule < 0) continue;
        ++expected;
        auto it = found.find({a, b});
        ASSERT_NE(it, found.end()) << "missing pair " << a << "," << b;
        EXPECT_EQ(it->second, rule);
      }
    }
    EXPECT_EQ(found.size(), expected) << link_type_name(type);
    EXPECT_GT(expected, 1000u);
  }
}

TEST(Blocking, TasksCoverEveryPairOnceWhateverTheTaskSize) {
  std::vector<std::uint64_t> keys, gi;
  std::mt19937_64 rng(3);
  for (std::uint64_t i = 0; i < 3000; ++i) {
    // One huge block, many small ones, some nulls.
    keys.push_back(i % 7 == 0 ? 0 : (i % 3 == 0 ? 42 : 100 + rng() % 500));
    gi.push_back(i);
  }
  const BlockIndex index = build_block_index(keys, gi);
  std::uint64_t expected = 0;
  for (std::size_t b = 0; b < index.num_blocks(); ++b) {
    expected += index.block_size(b) * (index.block_size(b) - 1) / 2;
  }
  std::vector<std::uint16_t> source(keys.size(), 0);
  const PairFilter filter(index, LinkType::kDedupeOnly, source, keys, keys.size(), 0);
  std::vector<std::uint32_t> partners;
  for (std::uint64_t target : {1ull, 7ull, 1000ull, 1ull << 40}) {
    std::set<std::pair<std::uint32_t, std::uint32_t>> seen;
    for (const PairTask& t : plan_pair_tasks(index, target)) {
      for_each_task_row(t, index, filter, partners,
                        [&](std::uint32_t a, std::span<const std::uint32_t> bs) {
                          for (std::uint32_t b : bs) {
                            EXPECT_LT(gi[a], gi[b]);
                            EXPECT_TRUE(seen.emplace(a, b).second);
                            EXPECT_EQ(keys[a], keys[b]);
                          }
                        });
    }
    EXPECT_EQ(seen.size(), expected) << "target " << target;
  }
}

TEST(Blocking, CandidatePairCountsAndTotals) {
  const std::vector<std::uint64_t> per_source = {3, 4};
  EXPECT_DOUBLE_EQ(total_possible_pairs(LinkType::kLinkOnly, per_source), 12.0);
  EXPECT_DOUBLE_EQ(total_possible_pairs(LinkType::kDedupeOnly, per_source), 21.0);
  EXPECT_DOUBLE_EQ(total_possible_pairs(LinkType::kLinkAndDedupe, per_source), 21.0);
}

TEST(BlockingKeys, EvaluatesKeyFunctions) {
  const Settings s = parse_settings(R"j({"link_type": "dedupe_only",
    "columns": {"dob": {"type": "date"}},
    "blocking_rules": ["substr(name,2,3) & year(dob) & month(dob) & first_token(name) & last_token(name)"],
    "comparisons": [{"column": "name", "levels": [{"type": "exact"}, {"type": "else"}]}]})j");
  PreparedRecords r = make_prepared_records(s);
  r.global_index.push_back(0);
  r.source.push_back(0);
  append_string(r.columns[static_cast<std::size_t>(r.find_column("name"))],
                "jos\xC3\xA9 maria lopez");
  append_date(r.columns[static_cast<std::size_t>(r.find_column("dob"))], 11017);  // 2000-03-01
  const auto& keys = s.blocking_rules[0].keys;
  EXPECT_EQ(evaluate_key(keys[0], r, 0).value(), "os\xC3\xA9");
  EXPECT_EQ(evaluate_key(keys[1], r, 0).value(), "2000");
  EXPECT_EQ(evaluate_key(keys[2], r, 0).value(), "3");
  EXPECT_EQ(evaluate_key(keys[3], r, 0).value(), "jos\xC3\xA9");
  EXPECT_EQ(evaluate_key(keys[4], r, 0).value(), "lopez");
}

}  // namespace
}  // namespace xjslink
