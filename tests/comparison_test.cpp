// File: comparison_test.cpp
// Level assignment: the first level that holds wins, nulls go to the null level, each kernel
// level agrees with the kernel's own value, and pattern ids pack the gamma vector.
#include <gtest/gtest.h>

#include <random>

#include "kernels/damerau_levenshtein.hpp"
#include "kernels/jaro_winkler.hpp"
#include "kernels/levenshtein.hpp"
#include "xjslink/comparison.hpp"

namespace xjslink {
namespace {

const char* kSettings = R"j({"link_type": "dedupe_only",
  "columns": {"dob": {"type": "date"}, "age": {"type": "number"},
              "tags": {"type": "string", "array_separator": "|"}},
  "blocking_rules": ["name"],
  "comparisons": [
    {"column": "name", "levels": [{"type": "null"}, {"type": "exact"},
      {"type": "jaro_winkler", "threshold": 0.92}, {"type": "jaro_winkler", "threshold": 0.8},
      {"type": "levenshtein", "max": 3}, {"type": "else"}]},
    {"column": "dob", "levels": [{"type": "null"}, {"type": "exact"},
      {"type": "damerau_levenshtein", "max": 1}, {"type": "date_diff", "max": 1, "unit": "years"},
      {"type": "else"}]},
    {"column": "age", "levels": [{"type": "abs_diff", "max": 2}, {"type": "pct_diff", "max": 0.5},
      {"type": "else"}]},
    {"column": "tags", "levels": [{"type": "null"}, {"type": "array_intersect", "min": 2},
      {"type": "array_intersect", "min": 1}, {"type": "else"}]},
    {"name": "swap", "column": "first", "levels": [{"type": "exact"},
      {"type": "columns_reversed", "other_column": "last"}, {"type": "else"}]}
  ]})j";

struct Rec {
  const char* name;
  int dob;  // -1 = null
  double age;
  std::vector<std::string> tags;
  const char* first;
  const char* last;
};

PreparedRecords build(const Settings& s, const std::vector<Rec>& recs) {
  PreparedRecords r = make_prepared_records(s);
  for (std::size_t i = 0; i < recs.size(); ++i) {
    r.global_index.push_back(i);
    r.source.push_back(0);
    for (auto& c : r.columns) {
      const std::string& n = c.spec.name;
      if (n == "name") append_string(c, recs[i].name);
      if (n == "dob") recs[i].dob < 0 ? append_null(c) : append_date(c, recs[i].dob);
      if (n == "age") append_number(c, recs[i].age);
      if (n == "tags") append_tokens(c, recs[i].tags);
      if (n == "first") append_string(c, recs[i].first);
      if (n == "last") append_string(c, recs[i].last);
    }
  }
  return r;
}

TEST(Comparison, LevelsAreTheFirstThatHold) {
  const Settings s = parse_settings(kSettings);
  const PreparedRecords r = build(s, {{"martha", 10000, 40, {"a", "b", "c"}, "ann", "lee"},
                                      {"marhta", 9999, 41, {"b", "c"}, "lee", "ann"},
                                      {"", -1, 100, {}, "ann", "lee"},
                                      {"martha", 10400, 60, {"c", "x"}, "ann", "kim"},
                                      {"mxrtxa", 10013, 50, {"q"}, "bo", "lee"}});
  const ComparisonVector cv(s, r);
  // name: exact 1, JW(martha, marhta)=0.961 -> level 2, null -> 0.
  EXPECT_EQ(cv.level(0, r, 0, 3), 1);
  EXPECT_EQ(cv.level(0, r, 0, 1), 2);
  EXPECT_EQ(cv.level(0, r, 0, 2), 0);
  // JW(martha, mxrtxa) = 0.78 < 0.8, Levenshtein = 2 <= 3.
  EXPECT_EQ(cv.level(0, r, 0, 4), 4);
  // dob: 1997-05-19 vs 1997-05-18: one digit apart in ISO text -> DL <= 1 (level 2).
  EXPECT_EQ(cv.level(1, r, 0, 1), 2);
  EXPECT_EQ(cv.level(1, r, 0, 4), 3);  // 1997-06-01: within a year, more than one edit
  EXPECT_EQ(cv.level(1, r, 0, 3), 4);  // 400 days
  EXPECT_EQ(cv.level(1, r, 0, 2), 0);  // null
  // age: |40-41| <= 2; 40 vs 60: 33% <= 50%; 40 vs 100: 60%.
  EXPECT_EQ(cv.level(2, r, 0, 1), 0);
  EXPECT_EQ(cv.level(2, r, 0, 3), 1);
  EXPECT_EQ(cv.level(2, r, 0, 2), 2);
  // tags: {a,b,c}∩{b,c} = 2; {a,b,c}∩{c,x} = 1; {}: null.
  EXPECT_EQ(cv.level(3, r, 0, 1), 1);
  EXPECT_EQ(cv.level(3, r, 0, 3), 2);
  EXPECT_EQ(cv.level(3, r, 0, 2), 0);
  EXPECT_EQ(cv.level(3, r, 0, 4), 3);
  // first/last swapped.
  EXPECT_EQ(cv.level(4, r, 0, 2), 0);
  EXPECT_EQ(cv.level(4, r, 0, 1), 1);
  EXPECT_EQ(cv.level(4, r, 0, 4), 2);
  std::vector<std::uint8_t> g(cv.size()), back(cv.size());
  const std::uint64_t id = cv.pattern(r, 0, 1, g);
  cv.codec().unpack(id, back);
  EXPECT_EQ(g, back);
  EXPECT_EQ(g, (std::vector<std::uint8_t>{2, 2, 0, 1, 1}));
}

TEST(Comparison, KernelLevelsAgreeWithTheKernelsOnRandomNames) {
  const Settings s = parse_settings(kSettings);
  std::mt19937_64 rng(11);
  const char* alphabet = "aeinorst";
  std::vector<std::string> names;
  for (int i = 0; i < 300; ++i) {
    std::string n;
    const int len = 1 + static_cast<int>(rng() % 9);
    for (int k = 0; k < len; ++k)
      n.push_back(alphabet[rng() % 8]);
    names.push_back(n);
  }
  std::vector<Rec> recs;
  for (const auto& n : names)
    recs.push_back({n.c_str(), 0, 0, {"a"}, "x", "y"});
  const PreparedRecords r = build(s, recs);
  const ComparisonVector cv(s, r);
  for (std::uint32_t a = 0; a < names.size(); ++a) {
    for (std::uint32_t b = a + 1; b < names.size(); b += 7) {
      const double jw = kernels::jaro_winkler_similarity(names[a], names[b]);
      const std::size_t lev = kernels::levenshtein_distance(names[a], names[b]);
      int expected = 5;
      if (names[a] == names[b]) {
        expected = 1;
      } else if (jw >= 0.92) {
        expected = 2;
      } else if (jw >= 0.8) {
        expected = 3;
      } else if (lev <= 3) {
        expected = 4;
      }
      ASSERT_EQ(cv.level(0, r, a, b), expected) << names[a] << " / " << names[b];
    }
  }
}

}  // namespace
}  // namespace xjslink

namespace xjslink {
namespace {

TEST(Comparison, OneToManyEqualsPairByPairOnRandomRecords) {
  const Settings s = parse_settings(kSettings);
  std::mt19937_64 rng(77);
  const char* names[] = {"martha",      "marhta", "marta", "mart",  "",      "jose",
                         "jos\xC3\xA9", "anne",   "ann",   "annie", "smith", "smyth"};
  const char* tags[] = {"a", "b", "c", "d"};
  std::vector<std::string> storage;
  std::vector<Rec> recs;
  for (int i = 0; i < 400; ++i) {
    Rec r;
    r.name = names[rng() % 12];
    r.dob = rng() % 9 == 0 ? -1 : static_cast<int>(9990 + rng() % 30);
    r.age = static_cast<double>(rng() % 60);
    for (int t = 0; t < static_cast<int>(rng() % 3); ++t)
      r.tags.push_back(tags[rng() % 4]);
    r.first = names[rng() % 12];
    r.last = names[rng() % 12];
    recs.push_back(r);
  }
  const PreparedRecords r = build(s, recs);
  const ComparisonVector cv(s, r);
  ComparisonScratch scratch;
  std::vector<std::uint8_t> gammas;
  for (std::uint32_t a = 0; a < recs.size(); ++a) {
    // Batches of every size from 0 to many, with repeats and a itself.
    const std::size_t n = rng() % 40;
    std::vector<std::uint32_t> bs;
    for (std::size_t k = 0; k < n; ++k)
      bs.push_back(static_cast<std::uint32_t>(rng() % recs.size()));
    gammas.assign(n * cv.size(), 255);
    cv.levels_one_to_many(r, a, bs, gammas.data(), scratch);
    for (std::size_t k = 0; k < n; ++k) {
      for (std::size_t c = 0; c < cv.size(); ++c) {
        ASSERT_EQ(gammas[k * cv.size() + c], cv.level(c, r, a, bs[k]))
            << "a=" << a << " b=" << bs[k] << " comparison " << c << " names '" << recs[a].name
            << "' '" << recs[bs[k]].name << "' k=" << k << " n=" << n;
      }
    }
  }
}

}  // namespace
}  // namespace xjslink
