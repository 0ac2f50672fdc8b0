// File: multi_column_comparison_test.cpp
// Multi-column comparisons: levels against a brute-force reference written from the documented
// semantics (plain kernels without cutoffs, values as strings) on many random pairs, in both the
// pair-by-pair and the one-against-many forms; tuple term frequencies against a hand count;
// settings validation; model.json round trip.
#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <random>

#include "dist/comm.hpp"
#include "kernels/damerau_levenshtein.hpp"
#include "kernels/date_diff.hpp"
#include "kernels/jaccard.hpp"
#include "kernels/jaro_winkler.hpp"
#include "kernels/levenshtein.hpp"
#include "xjslink/comparison.hpp"
#include "xjslink/error.hpp"
#include "xjslink/model.hpp"
#include "xjslink/score.hpp"

namespace xjslink {
namespace {

const char* kSettings = R"j({"link_type": "dedupe_only",
  "columns": {"dob": {"type": "date"}},
  "blocking_rules": ["forename"],
  "comparisons": [
    {"name": "name", "columns": ["forename", "surname"], "levels": [
      {"type": "null"},
      {"type": "exact", "tf_adjust": true},
      {"type": "columns_reversed"},
      {"type": "all", "of": [{"column": "forename", "type": "exact"},
                             {"column": "surname", "type": "jaro_winkler", "threshold": 0.9}]},
      {"type": "all", "of": [{"column": "forename", "type": "jaro_winkler", "threshold": 0.9},
                             {"column": "surname", "type": "exact"}]},
      {"type": "all", "of": [{"column": "forename", "type": "jaro_winkler", "threshold": 0.8},
                             {"column": "surname", "type": "levenshtein", "max": 2}]},
      {"type": "any", "of": [{"column": "surname", "type": "exact"},
                             {"type": "all", "of": [
                                {"column": "forename", "type": "levenshtein", "max": 1},
                                {"column": "surname", "type": "null"}]}]},
      {"type": "else"}]},
    {"name": "dob_surname", "columns": ["dob", "surname"], "levels": [
      {"type": "null"},
      {"type": "exact"},
      {"type": "all", "of": [{"column": "dob", "type": "damerau_levenshtein", "max": 1},
                             {"column": "surname", "type": "jaccard", "threshold": 0.5}]},
      {"type": "any", "of": [
         {"column": "dob", "type": "date_diff", "max": 1, "unit": "years"},
         {"type": "all", "of": [{"column": "surname", "type": "null"},
                                {"column": "dob", "type": "jaro", "threshold": 0.85}]}]},
      {"type": "else"}]},
    {"name": "forename", "column": "forename", "levels": [
      {"type": "null"}, {"type": "exact", "tf_adjust": true},
      {"type": "jaro_winkler", "threshold": 0.9}, {"type": "else"}]},
    {"name": "many", "columns": ["surname", "forename"], "levels": [
      {"type": "null"},
      {"type": "any", "of": [{"column": "forename", "type": "jaro_winkler", "threshold": 0.95},
                             {"column": "surname", "type": "jaro_winkler", "threshold": 0.95}]},
      {"type": "all", "of": [{"column": "forename", "type": "jaro_winkler", "threshold": 0.9},
                             {"column": "surname", "type": "levenshtein", "max": 1}]},
      {"type": "any", "of": [{"column": "forename", "type": "jaro_winkler", "threshold": 0.85},
                             {"column": "surname", "type": "jaro_winkler", "threshold": 0.85}]},
      {"type": "all", "of": [{"column": "forename", "type": "jaro_winkler", "threshold": 0.8},
                             {"column": "surname", "type": "levenshtein", "max": 2}]},
      {"type": "any", "of": [{"column": "forename", "type": "jaro_winkler", "threshold": 0.75},
                             {"column": "surname", "type": "jaro_winkler", "threshold": 0.75}]},
      {"type": "all", "of": [{"column": "forename", "type": "jaro_winkler", "threshold": 0.7},
                             {"column": "surname", "type": "levenshtein", "max": 3}]},
      {"type": "any", "of": [{"column": "forename", "type": "levenshtein", "max": 1},
                             {"column": "surname", "type": "jaro_winkler", "threshold": 0.6}]},
      {"type": "else"}]}
  ]})j";

std::string settings_text() {
  return kSettings;
}

struct Rec {
  std::optional<std::string> forename, surname;
  std::optional<int> dob;
};

PreparedRecords build(const Settings& s, const std::vector<Rec>& recs) {
  PreparedRecords r = make_prepared_records(s);
  for (std::size_t i = 0; i < recs.size(); ++i) {
    r.global_index.push_back(i);
    r.source.push_back(0);
    for (auto& c : r.columns) {
      const std::string& n = c.spec.name;
      if (n == "forename") recs[i].forename ? append_string(c, *recs[i].forename) : append_null(c);
      if (n == "surname") recs[i].surname ? append_string(c, *recs[i].surname) : append_null(c);
      if (n == "dob") recs[i].dob ? append_date(c, *recs[i].dob) : append_null(c);
    }
  }
  return r;
}

// ---- Reference: the documented semantics, evaluated on the values themselves. ----

std::optional<std::string> value_of(const Rec& r, const std::string& column) {
  if (column == "forename") return r.forename;
  if (column == "surname") return r.surname;
  if (!r.dob) return std::nullopt;
  char text[10];
  format_iso_date(*r.dob, text);
  return std::string(text, 10);
}

bool reference_condition(const LevelSpec& c, const Rec& a, const Rec& b) {
  if (c.type == LevelType::kAll) {
    for (const auto& x : c.of)
      if (!reference_condition(x, a, b)) return false;
    return true;
  }
  if (c.type == LevelType::kAny) {
    for (const auto& x : c.of)
      if (reference_condition(x, a, b)) return true;
    return false;
  }
  if (c.type == LevelType::kElse) return true;
  const auto va = value_of(a, c.column), vb = value_of(b, c.column);
  if (c.type == LevelType::kNull) return !va || !vb;
  if (c.type == LevelType::kColumnsReversed) {
    const auto oa = value_of(a, c.other_column), ob = value_of(b, c.other_column);
    return va && oa && vb && ob && *va == *ob && *oa == *vb;
  }
  if (!va || !vb) return false;
  switch (c.type) {
    case LevelType::kExact:
      return *va == *vb;
    case LevelType::kJaroWinkler:
      return kernels::jaro_winkler_similarity(*va, *vb) >= c.threshold;
    case LevelType::kJaro:
      return kernels::jaro_similarity(*va, *vb) >= c.threshold;
    case LevelType::kJaccard:
      return kernels::jaccard_similarity(*va, *vb, 2) >= c.threshold;
    case LevelType::kLevenshtein:
      return kernels::levenshtein_distance(*va, *vb) <= c.max;
    case LevelType::kDamerauLevenshtein:
      return kernels::damerau_levenshtein_distance(*va, *vb) <= c.max;
    case LevelType::kDateDiff:
      // Within a year: at most 365.25 days (kernels::max_days_within).
      return kernels::abs_day_difference(*a.dob, *b.dob) <=
             kernels::max_days_within(c.max, kernels::DateUnit::kYears);
    default:
      ADD_FAILURE() << "condition type not covered by the reference";
      return false;
  }
}

std::uint8_t reference_level(const ComparisonSpec& spec, const Rec& a, const Rec& b) {
  for (std::size_t j = 0; j < spec.levels.size(); ++j) {
    const LevelSpec& l = spec.levels[j];
    bool holds = false;
    if (l.type == LevelType::kNull) {
      holds = true;  // no column comparable
      for (const auto& c : spec.columns)
        holds = holds && (!value_of(a, c) || !value_of(b, c));
    } else if (l.type == LevelType::kExact) {
      holds = true;
      for (const auto& c : spec.columns) {
        const auto va = value_of(a, c), vb = value_of(b, c);
        holds = holds && va && vb && *va == *vb;
      }
    } else {
      holds = reference_condition(l, a, b);
    }
    if (holds) return static_cast<std::uint8_t>(j);
  }
  return static_cast<std::uint8_t>(spec.levels.size() - 1);
}

// Names from a small alphabet, so exact, swapped and near matches are common.
std::vector<Rec> random_records(std::size_t n, std::uint64_t seed) {
  const std::vector<std::string> names = {"ann",   "anne",  "anna",    "lee",    "leigh",
                                          "smith", "smyth", "smithe",  "jon",    "john",
                                          "jones", "joans", "o'brien", "obrien", "an"};
  std::mt19937_64 rng(seed);
  auto pick = [&]() -> std::optional<std::string> {
    if (rng() % 6 == 0) return std::nullopt;
    return names[rng() % names.size()];
  };
  std::vector<Rec> recs;
  for (std::size_t i = 0; i < n; ++i) {
    Rec r;
    r.forename = pick();
    r.surname = rng() % 4 == 0 ? r.forename : pick();  // forename == surname sometimes
    if (rng() % 5 != 0) r.dob = 10000 + static_cast<int>(rng() % 800);
    recs.push_back(r);
  }
  return recs;
}

TEST(MultiColumnComparison, LevelsEqualTheReferenceOnRandomPairs) {
  const Settings s = parse_settings(settings_text());
  for (std::uint64_t seed = 1; seed <= 4; ++seed) {
    const std::vector<Rec> recs = random_records(160, seed);
    const PreparedRecords r = build(s, recs);
    const ComparisonVector cv(s, r);
    ComparisonScratch scratch;
    std::vector<std::uint32_t> bs(recs.size());
    for (std::uint32_t i = 0; i < bs.size(); ++i)
      bs[i] = i;
    std::vector<std::uint8_t> gammas(bs.size() * cv.size());
    std::map<std::pair<std::size_t, int>, int> seen;  // (comparison, level) -> pairs
    for (std::uint32_t a = 0; a < recs.size(); ++a) {
      // Batches of every size, so both the cached-kernel and the small-batch branches run.
      const std::size_t n = 1 + (a * 7) % bs.size();
      cv.levels_one_to_many(r, a, std::span(bs.data(), n), gammas.data(), scratch);
      for (std::uint32_t b = 0; b < n; ++b) {
        // Comparisons 0 and 1 have few distinct leaf conditions (tabulated levels), 3 has more
        // than the table allows (levels read off the condition trees).
        for (std::size_t c : {0, 1, 3}) {
          const std::uint8_t want = reference_level(s.comparisons[c], recs[a], recs[b]);
          ASSERT_EQ(cv.level(c, r, a, b), want) << "comparison " << c << " pair " << a << "," << b;
          ASSERT_EQ(gammas[b * cv.size() + c], want)
              << "one-to-many, comparison " << c << " pair " << a << "," << b;
          ++seen[{c, want}];
        }
        ASSERT_EQ(gammas[b * cv.size() + 2], cv.level(2, r, a, b));
      }
    }
    // The random pairs reach every level, so the test covers each condition.
    for (std::size_t c = 0; c < 2; ++c) {
      for (std::size_t j = 0; j < s.comparisons[c].levels.size(); ++j) {
        EXPECT_GT((seen[{c, static_cast<int>(j)}]), 0) << "comparison " << c << " level " << j;
      }
    }
  }
}

TEST(MultiColumnComparison, HandCheckedLevels) {
  const Settings s = parse_settings(settings_text());
  const PreparedRecords r = build(s, {{"ann", "lee", 10000},
                                      {"lee", "ann", std::nullopt},
                                      {"ann", "lees", 10000},
                                      {std::nullopt, "lee", 10001},
                                      {"ann", std::nullopt, std::nullopt},
                                      {std::nullopt, std::nullopt, 10000}});
  const ComparisonVector cv(s, r);
  EXPECT_EQ(cv.level(0, r, 0, 0), 1);  // both exact
  EXPECT_EQ(cv.level(0, r, 0, 1), 2);  // swapped
  EXPECT_EQ(cv.level(0, r, 0, 2), 3);  // forename exact, JW(lee, lees) = 0.942
  EXPECT_EQ(cv.level(0, r, 0, 3), 6);  // forename null: surname exact is the any level
  EXPECT_EQ(cv.level(0, r, 3, 4), 0);  // forename null on one side, surname on the other
  EXPECT_EQ(cv.level(0, r, 0, 5), 0);  // both null on one side
  EXPECT_EQ(cv.level(0, r, 0, 4), 6);  // forename Levenshtein 0 and surname null
  EXPECT_EQ(cv.null_level(0), 0);
}

TEST(MultiColumnComparison, TupleTermFrequencyIsTheFullNameShare) {
  const Settings s = parse_settings(settings_text());
  // Full names: (ann, lee) x3, (ann, smith) x1, (lee, ann) x1, and two with a missing part.
  PreparedRecords r = build(s, {{"ann", "lee", 1},
                                {"ann", "lee", 2},
                                {"ann", "smith", 3},
                                {"lee", "ann", 4},
                                {"ann", "lee", 5},
                                {"ann", std::nullopt, 6},
                                {std::nullopt, "lee", 7}});
  compute_term_frequencies(dist::Comm::self(), r);
  ASSERT_EQ(r.tuples.size(), 1u);
  const ComparisonVector cv(s, r);
  // Five records have a full name: (ann, lee) is 3 of them, not 4/6 x 4/6 from the columns.
  EXPECT_DOUBLE_EQ(cv.term_frequency(0, r, 0), 3.0 / 5.0);
  EXPECT_DOUBLE_EQ(cv.term_frequency(0, r, 2), 1.0 / 5.0);
  EXPECT_DOUBLE_EQ(cv.term_frequency(0, r, 3), 1.0 / 5.0);  // swapped is another tuple
  EXPECT_DOUBLE_EQ(cv.term_frequency(0, r, 5), 0.0);
  // The one-column forename comparison keeps its own frequency: ann is 5 of 6.
  EXPECT_DOUBLE_EQ(cv.term_frequency(2, r, 0), 5.0 / 6.0);
}

std::string validation_error(const std::string& comparisons) {
  const std::string text = R"({"link_type": "dedupe_only", "blocking_rules": ["a"],
    "columns": {"d": {"type": "date"}, "n": {"type": "number"}}, "comparisons": )" +
                           comparisons + "}";
  try {
    parse_settings(text, "s.json");
  } catch (const Error& e) {
    return e.message();
  }
  return "";
}

TEST(MultiColumnComparison, SettingsErrorsNameTheJsonPath) {
  const std::string levels = R"("levels": [{"type": "exact"}, {"type": "else"}])";
  EXPECT_NE(validation_error(R"([{"columns": ["a"], )" + levels + "}]")
                .find("comparisons[0].columns: must be a list of 2 to 8 column names"),
            std::string::npos);
  EXPECT_NE(validation_error(R"([{"columns": ["a", "a"], )" + levels + "}]")
                .find("comparisons[0].columns[1]: column 'a' is listed twice"),
            std::string::npos);
  EXPECT_NE(validation_error(R"([{"column": "a", "columns": ["a", "b"], )" + levels + "}]")
                .find("comparisons[0]: give column or columns, not both"),
            std::string::npos);
  EXPECT_NE(validation_error(R"([{"columns": ["a", "b"], "levels": [
      {"type": "jaro_winkler", "threshold": 0.9}, {"type": "else"}]}])")
                .find("comparisons[0].levels[0]: a level of a multi-column comparison is null, "
                      "exact, all, any"),
            std::string::npos);
  EXPECT_NE(validation_error(R"([{"columns": ["a", "b"], "levels": [
      {"type": "all", "of": [{"type": "exact"}]}, {"type": "exact"}, {"type": "else"}]}])")
                .find("comparisons[0].levels[0].of[0].column: is required"),
            std::string::npos);
  EXPECT_NE(validation_error(R"([{"columns": ["a", "b"], "levels": [
      {"type": "all", "of": [{"column": "c", "type": "exact"}]}, {"type": "else"}]}])")
                .find("comparisons[0].levels[0].of[0].column: 'c' is not one of the "
                      "comparison's columns (a, b)"),
            std::string::npos);
  EXPECT_NE(validation_error(R"([{"columns": ["a", "b"], "levels": [
      {"type": "any", "of": [{"type": "all", "of": [
         {"column": "b", "type": "jaro_winkler", "threshold": 2}]}]}, {"type": "else"}]}])")
                .find("comparisons[0].levels[0].of[0].of[0].threshold: must be between 0 and 1"),
            std::string::npos);
  EXPECT_NE(validation_error(R"([{"columns": ["a", "b"], "levels": [
      {"type": "any", "of": []}, {"type": "exact"}, {"type": "else"}]}])")
                .find("comparisons[0].levels[0].of: must be a non-empty list of conditions"),
            std::string::npos);
  EXPECT_NE(validation_error(R"([{"columns": ["a", "d"], "levels": [
      {"type": "all", "of": [{"column": "a", "type": "date_diff", "max": 1}]},
      {"type": "else"}]}])")
                .find("comparisons[0].levels[0].of[0]: date_diff needs a date column"),
            std::string::npos);
  EXPECT_NE(validation_error(R"([{"columns": ["a", "n", "d"], "levels": [
      {"type": "columns_reversed"}, {"type": "else"}]}])")
                .find("comparisons[0].levels[0]: columns_reversed of the whole comparison needs "
                      "exactly two columns"),
            std::string::npos);
  EXPECT_NE(validation_error(R"([{"columns": ["a", "b"], "levels": [
      {"type": "all", "of": [{"column": "a", "type": "else"}]}, {"type": "else"}]}])")
                .find("comparisons[0].levels[0].of[0].type: else is a level, not a condition"),
            std::string::npos);
  EXPECT_NE(validation_error(R"([{"columns": ["a", "b"], "levels": [
      {"type": "all", "of": [{"column": "a", "type": "exact", "tf_adjust": true}]},
      {"type": "else"}]}])")
                .find("comparisons[0].levels[0].of[0].tf_adjust: unknown key"),
            std::string::npos);
}

TEST(MultiColumnComparison, DefaultNameAndLabels) {
  const Settings s = parse_settings(R"({"link_type": "dedupe_only", "blocking_rules": ["a"],
    "comparisons": [{"columns": ["a", "b"], "levels": [{"type": "null"}, {"type": "exact"},
      {"type": "columns_reversed"},
      {"type": "all", "of": [{"column": "a", "type": "exact"},
        {"type": "any", "of": [{"column": "b", "type": "jaro_winkler", "threshold": 0.9},
                               {"column": "b", "type": "null"}]}]},
      {"type": "else"}]}]})");
  const ComparisonSpec& c = s.comparisons[0];
  EXPECT_EQ(c.name, "a_b");
  EXPECT_EQ(c.columns, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(c.levels[2].label, "columns swapped");
  EXPECT_EQ(c.levels[3].label, "a exact, (b Jaro-Winkler >= 0.9 or b null)");
}

TEST(MultiColumnComparison, ModelJsonRoundTrip) {
  const Settings s = parse_settings(settings_text());
  Model m = Model::initial(s);
  m.lambda = 0.01;
  for (std::size_t c = 0; c < m.comparisons.size(); ++c) {
    for (std::size_t l = 0; l < m.comparisons[c].levels.size(); ++l) {
      if (m.comparisons[c].levels[l].is_null()) continue;
      m.comparisons[c].levels[l].m = 0.01 * static_cast<double>(l + 1);
      m.comparisons[c].levels[l].u = 0.001 * static_cast<double>(c + l + 1);
    }
  }
  const std::string text = m.to_json_text();
  const Model back = Model::from_json_text(text, "model.json");
  EXPECT_EQ(back.to_json_text(), text);
  ASSERT_EQ(back.comparisons.size(), 4u);
  EXPECT_EQ(back.comparisons[0].columns, (std::vector<std::string>{"forename", "surname"}));
  EXPECT_EQ(back.comparisons[0].levels[2].label, "columns swapped");
  EXPECT_TRUE(back.comparisons[0].levels[1].tf_adjust);
  const Settings embedded = back.embedded_settings("model.json");
  EXPECT_TRUE(embedded.comparisons[0].is_multi_column());
  EXPECT_EQ(embedded.comparisons[1].levels[3].of[1].of[0].column, "surname");
}

}  // namespace
}  // namespace xjslink
