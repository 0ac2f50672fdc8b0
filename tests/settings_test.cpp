// File: settings_test.cpp
// Settings parsing, and a table of invalid settings with the problems each must report (by
// JSON path), in the manner of Splink's test_settings_validation.
#include <gtest/gtest.h>

#include "xjslink/error.hpp"
#include "xjslink/settings.hpp"

namespace xjslink {
namespace {

const char* kValid = R"j({
  "link_type": "link_only",
  "unique_id_column": "rec_id",
  "columns": {"dob": {"type": "date", "date_formats": ["%Y%m%d"]}},
  "blocking_rules": ["surname & substr(given_name,1,1)", ["dob"], "soundex(surname) AND year(dob)"],
  "comparisons": [
    {"name": "given_name", "column": "given_name", "levels": [
      {"type": "null"}, {"type": "exact", "tf_adjust": true},
      {"type": "jaro_winkler", "threshold": 0.92}, {"type": "jaro_winkler", "threshold": 0.8},
      {"type": "else"}]},
    {"column": "dob", "levels": [
      {"type": "null"}, {"type": "exact"}, {"type": "damerau_levenshtein", "max": 1},
      {"type": "date_diff", "max": 1, "unit": "years"}, {"type": "else"}]}
  ],
  "training": {"seed": 7, "u_max_pairs": 1e6, "deterministic_rules": ["given_name & surname & dob"],
               "recall": 0.8, "em_blocking_rules": ["dob", "surname"]},
  "threshold_match_probability": 0.5,
  "cluster_threshold": 0.9
})j";

TEST(Settings, ParsesAFullExample) {
  const Settings s = parse_settings(kValid);
  EXPECT_EQ(s.link_type, LinkType::kLinkOnly);
  EXPECT_EQ(s.unique_id_column, "rec_id");
  ASSERT_EQ(s.blocking_rules.size(), 3u);
  EXPECT_EQ(s.blocking_rules[0].text, "surname & substr(given_name,1,1)");
  EXPECT_EQ(s.blocking_rules[2].text, "soundex(surname) & year(dob)");
  ASSERT_EQ(s.comparisons.size(), 2u);
  EXPECT_EQ(s.comparisons[1].name, "dob");
  EXPECT_EQ(s.comparisons[0].levels.size(), 5u);
  EXPECT_TRUE(s.comparisons[0].levels[1].tf_adjust);
  EXPECT_DOUBLE_EQ(s.comparisons[0].levels[2].threshold, 0.92);
  EXPECT_EQ(s.comparisons[1].levels[3].unit, DateUnitSpec::kYears);
  EXPECT_EQ(s.training.seed, 7u);
  EXPECT_EQ(s.training.u_max_pairs, 1000000u);
  EXPECT_DOUBLE_EQ(s.training.recall, 0.8);
  ASSERT_NE(s.find_column("dob"), nullptr);
  EXPECT_EQ(s.find_column("dob")->type, ColumnType::kDate);
  ASSERT_NE(s.find_column("surname"), nullptr);  // implied by the blocking rules
  EXPECT_EQ(s.find_column("surname")->type, ColumnType::kString);
  const auto cols = required_input_columns(s);
  EXPECT_EQ(cols.front(), "rec_id");
}

struct BadCase {
  const char* name;
  const char* json;
  std::vector<const char*> expected;  // substrings that must all appear in the message
};

class SettingsValidation : public ::testing::TestWithParam<BadCase> {};

TEST_P(SettingsValidation, ReportsEveryProblemWithItsPath) {
  const BadCase& c = GetParam();
  try {
    parse_settings(c.json, "s.json");
    FAIL() << "expected an error for " << c.name;
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidSettings);
    for (const char* want : c.expected) {
      EXPECT_NE(std::string(e.what()).find(want), std::string::npos)
          << "missing '" << want << "' in: " << e.what();
    }
  }
}

const BadCase kBadCases[] = {
    {"not_json", "{ link_type: ", {"s.json", "not valid JSON"}},
    {"not_object", "[1,2]", {"must be a JSON object"}},
    {"unknown_key",
     R"j({"link_type":"dedupe_only","blocking_rules":["a"],"comparisons":[{"column":"a","levels":[{"type":"exact"},{"type":"else"}]}],"colour":1})j",
     {"colour: unknown key"}},
    {"bad_link_type",
     R"j({"link_type":"merge","blocking_rules":["a"],"comparisons":[{"column":"a","levels":[{"type":"exact"},{"type":"else"}]}]})j",
     {"link_type: unknown link type"}},
    {"unknown_function",
     R"j({"link_type":"dedupe_only","blocking_rules":["a"],"comparisons":[{"column":"a","levels":[{"type":"exact"},{"type":"soundalike"},{"type":"else"}]}]})j",
     {"comparisons[0].levels[1].type", "unknown comparison function 'soundalike'"}},
    {"bad_threshold",
     R"j({"link_type":"dedupe_only","blocking_rules":["a"],"comparisons":[{"column":"a","levels":[{"type":"jaro_winkler","threshold":1.5},{"type":"else"}]}],"threshold_match_probability":2})j",
     {"comparisons[0].levels[0].threshold: must be between 0 and 1",
      "threshold_match_probability: must be between 0 and 1", "2 problems"}},
    {"missing_else",
     R"j({"link_type":"dedupe_only","blocking_rules":["a"],"comparisons":[{"column":"a","levels":[{"type":"exact"},{"type":"levenshtein","max":1}]}]})j",
     {"comparisons[0].levels: must end with"}},
    {"null_not_first",
     R"j({"link_type":"dedupe_only","blocking_rules":["a"],"comparisons":[{"column":"a","levels":[{"type":"exact"},{"type":"null"},{"type":"else"}]}]})j",
     {"comparisons[0].levels[1]: the null level must come first"}},
    {"bad_key_function",
     R"j({"link_type":"dedupe_only","blocking_rules":["metaphone(a)"],"comparisons":[{"column":"a","levels":[{"type":"exact"},{"type":"else"}]}]})j",
     {"blocking_rules[0]", "unknown key function 'metaphone'"}},
    {"date_function_on_string",
     R"j({"link_type":"dedupe_only","blocking_rules":["year(dob)"],"comparisons":[{"column":"dob","levels":[{"type":"date_diff","max":1},{"type":"else"}]}]})j",
     {"blocking_rules[0]: year(dob) needs a date column",
      "comparisons[0].levels[0]: date_diff needs a date column"}},
    {"missing_required",
     R"j({"blocking_rules":[]})j",
     {"link_type: is required", "blocking_rules: needs at least one rule",
      "comparisons: is required"}},
    {"duplicate_names",
     R"j({"link_type":"dedupe_only","blocking_rules":["a"],"comparisons":[{"column":"a","levels":[{"type":"exact"},{"type":"else"}]},{"column":"a","levels":[{"type":"exact"},{"type":"else"}]}]})j",
     {"comparisons[1].name: duplicate comparison name 'a'"}},
    {"cluster_below_output",
     R"j({"link_type":"dedupe_only","blocking_rules":["a"],"comparisons":[{"column":"a","levels":[{"type":"exact"},{"type":"else"}]}],"threshold_match_probability":0.9,"cluster_threshold":0.5})j",
     {"cluster_threshold: must not be below the output threshold"}},
    {"tf_on_fuzzy",
     R"j({"link_type":"dedupe_only","blocking_rules":["a"],"comparisons":[{"column":"a","levels":[{"type":"jaro","threshold":0.9,"tf_adjust":true},{"type":"else"}]}]})j",
     {"comparisons[0].levels[0].tf_adjust: unknown key"}},
    {"bad_training",
     R"j({"link_type":"dedupe_only","blocking_rules":["a"],"comparisons":[{"column":"a","levels":[{"type":"exact"},{"type":"else"}]}],"training":{"recall":0,"tolerance":-1,"seeds":3}})j",
     {"training.recall: must be in (0, 1]", "training.tolerance", "training.seeds: unknown key"}},
    {"bad_clustering",
     R"j({"link_type":"dedupe_only","blocking_rules":["a"],"comparisons":[{"column":"a","levels":[{"type":"exact"},{"type":"else"}]}],"clustering":{"method":"louvain","min_link_support":2,"pivot":1}})j",
     {"clustering.method: unknown method", "clustering.min_link_support: must be between 0 and 1",
      "clustering.pivot: unknown key"}},
};

INSTANTIATE_TEST_SUITE_P(Cases, SettingsValidation, ::testing::ValuesIn(kBadCases),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(Settings, ClusteringDefaultsToSupportedMergesAndCanBeChosen) {
  const Settings d = parse_settings(kValid);
  EXPECT_EQ(d.clustering.method, ClusteringMethod::kSupportedMerges);
  EXPECT_EQ(d.clustering.min_link_support, 0.5);
  const Settings cc = parse_settings(
      R"j({"link_type":"dedupe_only","blocking_rules":["a"],"comparisons":[{"column":"a","levels":[{"type":"exact"},{"type":"else"}]}],"clustering":{"method":"connected_components","min_link_support":0.3}})j");
  EXPECT_EQ(cc.clustering.method, ClusteringMethod::kConnectedComponents);
  EXPECT_EQ(cc.clustering.min_link_support, 0.3);
}

TEST(Settings, MissingColumnsAreListedSortedWithTheFile) {
  const Settings s = parse_settings(kValid);
  try {
    check_columns_present(s, {"rec_id", "given_name"}, "people.csv");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidInput);
    EXPECT_EQ(e.file(), "people.csv");
    EXPECT_NE(std::string(e.what()).find("columns `dob`, `surname`"), std::string::npos)
        << e.what();
  }
}

TEST(KeyExpression, ParsesNestedFunctions) {
  const KeyExpression k = parse_key_expression("substr( dmetaphone(surname) , 1, 2)", "x");
  EXPECT_EQ(k.function, KeyFunction::kSubstr);
  EXPECT_EQ(k.to_string(), "substr(dmetaphone(surname),1,2)");
  EXPECT_EQ(k.source_column(), "surname");
  const auto rule = parse_blocking_rule("`first name` & year(dob)", "x");
  ASSERT_EQ(rule.size(), 2u);
  EXPECT_EQ(rule[0].column, "first name");
}

}  // namespace
}  // namespace xjslink
