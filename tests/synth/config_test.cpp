// File: tests/synth/config_test.cpp
// Parsing of the generator config: defaults, overrides, and the errors a user sees (every
// problem, each with its JSON path) for unknown keys, wrong types and out-of-range values.
#include "xjslink/synth/config.hpp"

#include <gtest/gtest.h>

#include <string>

#include "kernels/civil_date.hpp"
#include "xjslink/error.hpp"

namespace xjslink::synth {
namespace {

// The message of the Error the text raises, or "" if it parses.
std::string problem(const std::string& text) {
  try {
    parse_synth_config(text, "user.json");
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidSettings);
    return e.what();
  }
  return "";
}

TEST(SynthConfig, DefaultsParseWithDocumentedValues) {
  const SynthConfig c = default_synth_config();
  EXPECT_EQ(c.window_start, kernels::days_from_civil(2011, 1, 1));
  EXPECT_EQ(c.window_end, kernels::days_from_civil(2023, 12, 31));
  EXPECT_DOUBLE_EQ(c.episode_alpha, 1.6);
  EXPECT_DOUBLE_EQ(c.datasets[static_cast<int>(DatasetId::kFamilyCourt)]
                       .rate[static_cast<int>(ErrorType::kDobMissing)],
                   0.45);
  EXPECT_TRUE(c.datasets[static_cast<int>(DatasetId::kPrison)].upper_case_names);
  EXPECT_FALSE(c.datasets[static_cast<int>(DatasetId::kMagistrates)].upper_case_names);
  // Group multipliers apply and rates are clamped to 1.
  EXPECT_DOUBLE_EQ(c.rate(DatasetId::kMagistrates, NameGroup::kArabic, ErrorType::kDobDefault),
                   0.002 * 4.0);
  EXPECT_DOUBLE_EQ(c.rate(DatasetId::kMagistrates, NameGroup::kAnglo, ErrorType::kDobDefault),
                   0.002);
}

TEST(SynthConfig, OverridesOnlyTheGivenKeys) {
  const SynthConfig c = parse_synth_config(
      R"({"datasets": {"civil_possession": {"missing": {"dob": 0.5}}},
          "journeys": {"episode_alpha": 2.5},
          "groups": {"anglo": {"nickname": 2.0}}})",
      "user.json");
  const auto civil = static_cast<int>(DatasetId::kCivilPossession);
  EXPECT_DOUBLE_EQ(c.datasets[civil].rate[static_cast<int>(ErrorType::kDobMissing)], 0.5);
  EXPECT_DOUBLE_EQ(c.datasets[civil].rate[static_cast<int>(ErrorType::kPostcodeMissing)], 0.02);
  EXPECT_DOUBLE_EQ(c.episode_alpha, 2.5);
  EXPECT_DOUBLE_EQ(c.group_multiplier[0][static_cast<int>(ErrorType::kNickname)], 2.0);
  EXPECT_DOUBLE_EQ(c.crown_given_episode, 0.15);
}

TEST(SynthConfig, RejectsUnknownKeysWithTheirPath) {
  EXPECT_NE(problem(R"({"journeys": {"episode_alfa": 2}})").find("field 'journeys.episode_alfa'"),
            std::string::npos);
  EXPECT_NE(problem(R"({"datasets": {"crown": {}}})").find("field 'datasets.crown'"),
            std::string::npos);
  EXPECT_NE(problem(R"({"groups": {"martian": {}}})").find("unknown name-origin group"),
            std::string::npos);
  EXPECT_NE(problem(R"({"groups": {"arabic": {"typo": 2}}})").find("groups.arabic.typo"),
            std::string::npos);
}

TEST(SynthConfig, RejectsWrongTypesAndRangesAndListsEveryProblem) {
  const std::string many = problem(
      R"({"datasets": {"prison": {"missing": {"dob": 1.5}, "name_case": "lower"}},
          "population": {"window_start": "2011-13-01", "female_share": {"civil": "half"}},
          "journeys": {"episode_max": "many"}})");
  EXPECT_NE(many.find("2 problems"), std::string::npos) << many;
  EXPECT_NE(many.find("journeys.episode_max': expected a number"), std::string::npos) << many;
  EXPECT_NE(many.find("population.female_share.civil': expected a number"), std::string::npos)
      << many;
  // Type problems are reported first; range problems appear once the types are right.
  const std::string ranges = problem(
      R"({"datasets": {"prison": {"missing": {"dob": 1.5}, "name_case": "lower"}},
          "population": {"window_start": "2011-13-01"}, "journeys": {"episode_max": 2.5}})");
  for (const char* path : {"datasets.prison.missing.dob", "datasets.prison.name_case",
                           "population.window_start", "journeys.episode_max"}) {
    EXPECT_NE(ranges.find(std::string("field '") + path + "'"), std::string::npos)
        << path << " in " << ranges;
  }
}

TEST(SynthConfig, RejectsBadAgeBandsAndInvalidJson) {
  EXPECT_NE(problem(R"({"population": {"age_bands": {"civil": [{"min": 30, "max": 20,
            "weight": 1}]}}})")
                .find("population.age_bands.civil[0]"),
            std::string::npos);
  EXPECT_NE(problem("{\"journeys\": ").find("not valid JSON"), std::string::npos);
  EXPECT_EQ(problem("{}"), "");
}

}  // namespace
}  // namespace xjslink::synth
