// File: model_test.cpp
// model.json round-trips every parameter; weights follow from m, u and λ; bad model files give
// clear errors.
#include <gtest/gtest.h>

#include <cmath>

#include "xjslink/error.hpp"
#include "xjslink/model.hpp"

namespace xjslink {
namespace {

const char* kSettings = R"j({"link_type": "dedupe_only",
  "blocking_rules": ["surname"],
  "comparisons": [
    {"column": "first", "levels": [{"type": "null"}, {"type": "exact", "tf_adjust": true},
                                   {"type": "jaro_winkler", "threshold": 0.9}, {"type": "else"}]},
    {"column": "surname", "levels": [{"type": "exact"}, {"type": "else"}]}]})j";

TEST(Model, JsonRoundTripKeepsEveryParameterExactly) {
  const Settings s = parse_settings(kSettings);
  Model m = Model::initial(s);
  m.lambda = 0.000123456789012345;
  m.comparisons[0].levels[1].m = 0.7123456789012345;
  m.comparisons[0].levels[1].u = 0.0031415926535897;
  m.comparisons[0].levels[2].m = 0.2;
  m.comparisons[0].levels[2].u = 1e-9;
  m.comparisons[1].levels[0].m = 0.95;
  m.comparisons[1].levels[0].u = 0.01;
  m.comparisons[0].m_trained = true;
  m.training = {{"note", "test"}};
  const Model back = Model::from_json_text(m.to_json_text(), "model.json");
  EXPECT_EQ(back.lambda, m.lambda);
  ASSERT_EQ(back.comparisons.size(), 2u);
  for (std::size_t c = 0; c < 2; ++c) {
    ASSERT_EQ(back.comparisons[c].levels.size(), m.comparisons[c].levels.size());
    for (std::size_t l = 0; l < m.comparisons[c].levels.size(); ++l) {
      EXPECT_EQ(back.comparisons[c].levels[l].m, m.comparisons[c].levels[l].m);
      EXPECT_EQ(back.comparisons[c].levels[l].u, m.comparisons[c].levels[l].u);
      EXPECT_EQ(back.log2_bayes_factor(c, l), m.log2_bayes_factor(c, l));
    }
  }
  EXPECT_TRUE(back.comparisons[0].m_trained);
  EXPECT_TRUE(back.comparisons[0].levels[1].tf_adjust);
  EXPECT_EQ(back.training["note"], "test");
  EXPECT_EQ(back.to_json_text(), m.to_json_text());
  EXPECT_EQ(back.embedded_settings("x").canonical_json, s.canonical_json);
}

TEST(Model, WeightsFollowFromProbabilities) {
  const Settings s = parse_settings(kSettings);
  Model m = Model::initial(s);
  m.lambda = 0.2;
  m.comparisons[1].levels[0].m = 0.9;
  m.comparisons[1].levels[0].u = 0.1;
  EXPECT_DOUBLE_EQ(m.prior_log2_odds(), std::log2(0.25));
  EXPECT_DOUBLE_EQ(m.log2_bayes_factor(1, 0), std::log2(9.0));
  EXPECT_EQ(m.log2_bayes_factor(0, 0), 0.0);  // null level
  // Term frequency: an exact match on a value with frequency tf has BF m / tf.
  m.comparisons[0].levels[1].m = 0.8;
  m.comparisons[0].levels[1].u = 0.01;
  EXPECT_DOUBLE_EQ(m.log2_bayes_factor(0, 1) + m.log2_tf_adjustment(0, 1, 0.001),
                   std::log2(0.8 / 0.001));
  EXPECT_DOUBLE_EQ(probability_from_log2_odds(0.0), 0.5);
  EXPECT_DOUBLE_EQ(probability_from_log2_odds(std::log2(3.0)), 0.75);
  EXPECT_GT(probability_from_log2_odds(-2000), 0.0 - 1e-300);
  EXPECT_EQ(probability_from_log2_odds(2000), 1.0);
}

TEST(Model, RejectsBrokenFilesWithAPath) {
  const Settings s = parse_settings(kSettings);
  Model m = Model::initial(s);
  std::string text = m.to_json_text();
  const std::string bad = text.substr(0, text.find("\"lambda\"")) + "\"lambda\": 2," +
                          text.substr(text.find(',', text.find("\"lambda\"")) + 1);
  try {
    Model::from_json_text(bad, "m.json");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.file(), "m.json");
    EXPECT_EQ(e.field(), "lambda");
  }
  EXPECT_THROW(Model::from_json_text("{", "m.json"), Error);
  EXPECT_THROW(Model::from_json_text("{\"format\": \"other\"}", "m.json"), Error);
}

}  // namespace
}  // namespace xjslink
