// File: train/lambda_warning_test.cpp
// run.json (and standard error) warn when λ rests on fewer than kMinLambdaRulePairs pairs
// found by the deterministic rules, or on none at all (EM on the prediction pairs), and say
// nothing about λ when the rules find enough pairs or λ is given.
#include <gtest/gtest.h>

#include <cstdlib>

#include <nlohmann/json.hpp>

#include "e2e/cli_runner.hpp"
#include "xjslink/train.hpp"

namespace xjslink::test {
namespace {

// 300 people; the first `duplicated` of them have a second record with the same ssn (the
// deterministic rule's column) and a typo in the first name.
std::string people_csv(int duplicated) {
  const char* first[] = {"anna", "brian", "carla", "derek", "elena", "felix", "greta", "hamid"};
  const char* last[] = {"smith",  "jones",   "brown",  "taylor", "wilson", "evans",
                        "thomas", "roberts", "walker", "wright", "green",  "hall"};
  std::string csv = "unique_id,first,surname,dob,ssn\n";
  int id = 0;
  for (int p = 0; p < 300; ++p) {
    const std::string f = first[p % 8], s = last[(p / 8) % 12];
    char dob[16];
    std::snprintf(dob, sizeof dob, "19%02d-%02d-%02d", 40 + p % 60, 1 + p % 12, 1 + p % 28);
    const std::string ssn = "S" + std::to_string(1000 + p);
    csv += std::to_string(id++) + "," + f + "," + s + "," + dob + "," + ssn + "\n";
    if (p < duplicated) {
      csv += std::to_string(id++) + "," + f + "x," + s + "," + dob + "," + ssn + "\n";
    }
  }
  return csv;
}

std::string settings(const std::string& training) {
  return R"({
  "link_type": "dedupe_only",
  "columns": {"dob": {"type": "date"}},
  "blocking_rules": ["surname", "dob"],
  "comparisons": [
    {"column": "first", "levels": [{"type": "null"}, {"type": "exact"}, {"type": "jaro_winkler", "threshold": 0.9}, {"type": "else"}]},
    {"column": "surname", "levels": [{"type": "null"}, {"type": "exact"}, {"type": "else"}]},
    {"column": "dob", "levels": [{"type": "null"}, {"type": "exact"}, {"type": "else"}]}
  ],
  "training": {"u_max_pairs": 2000, "em_blocking_rules": ["surname"], )" +
         training + R"(},
  "threshold_match_probability": 0.5
})";
}

struct Outcome {
  CliResult cli;
  std::vector<std::string> lambda_warnings;  // run.json warnings.train that name lambda
  nlohmann::json lambda;                     // model.json training.lambda
};

Outcome run(const ScratchDir& d, int duplicated, const std::string& training) {
  const std::string csv = d.write("people.csv", people_csv(duplicated));
  const std::string s = d.write("settings.json", settings(training));
  Outcome o;
  o.cli = run_cli("run --settings " + s + " --input " + csv + " --out " + d.file("out"));
  const auto run_json = nlohmann::json::parse(read_file(d.file("out/run.json")));
  EXPECT_TRUE(run_json.contains("warnings")) << "run.json lists the training warnings";
  for (const auto& w : run_json["warnings"].value("train", nlohmann::json::array())) {
    const std::string text = w.get<std::string>();
    if (text.find("lambda") != std::string::npos) o.lambda_warnings.push_back(text);
  }
  o.lambda = nlohmann::json::parse(read_file(d.file("out/model.json")))["training"]["lambda"];
  return o;
}

TEST(LambdaWarning, FewDeterministicPairsWarnInRunJsonAndOnStderr) {
  ScratchDir d;
  const Outcome o = run(d, 30, R"("deterministic_rules": ["ssn"], "recall": 0.8)");
  ASSERT_EQ(o.cli.status, 0) << o.cli.output;
  EXPECT_EQ(o.lambda["pairs_found"], 30);
  EXPECT_EQ(o.lambda["minimum_pairs"], kMinLambdaRulePairs);
  ASSERT_EQ(o.lambda_warnings.size(), 1u);
  EXPECT_NE(o.lambda_warnings[0].find("only 30 pairs"), std::string::npos);
  EXPECT_NE(o.cli.output.find("warning: lambda rests on only 30 pairs"), std::string::npos)
      << o.cli.output;
  // Names and ssns never appear in the warning.
  EXPECT_EQ(o.lambda_warnings[0].find("S10"), std::string::npos);

  // A rerun that resumes the train stage keeps the warnings and prints them again.
  const auto first_warnings =
      nlohmann::json::parse(read_file(d.file("out/run.json")))["warnings"]["train"];
  const CliResult again = run_cli("run --settings " + d.file("settings.json") + " --input " +
                                  d.file("people.csv") + " --out " + d.file("out"));
  ASSERT_EQ(again.status, 0) << again.output;
  EXPECT_NE(again.output.find("train: warning: lambda rests on only 30 pairs"), std::string::npos)
      << again.output;
  EXPECT_NE(again.output.find("train: complete in an earlier run"), std::string::npos);
  EXPECT_EQ(nlohmann::json::parse(read_file(d.file("out/run.json")))["warnings"]["train"],
            first_warnings);
}

TEST(LambdaWarning, TheSameWarningOnTwoRanks) {
  if (std::system("command -v mpirun > /dev/null 2>&1") != 0) {
    GTEST_SKIP() << "mpirun not installed: the two-rank run was not tried";
  }
  ScratchDir one;
  const Outcome a = run(one, 30, R"("deterministic_rules": ["ssn"], "recall": 0.8)");
  ASSERT_EQ(a.cli.status, 0) << a.cli.output;
  // This process may be a singleton MPI job, whose OMPI_/PMIX_ variables would upset mpirun.
  const std::string mpirun =
      "for v in $(env | grep -oE '^(OMPI|PMIX|OPAL)_[A-Za-z0-9_]*'); do unset $v; done; mpirun "
      "--allow-run-as-root --oversubscribe -np 2";
  ScratchDir two;
  const std::string csv = two.write("people.csv", people_csv(30));
  const std::string s =
      two.write("settings.json", settings(R"("deterministic_rules": ["ssn"], "recall": 0.8)"));
  const CliResult r =
      run_cli("run --settings " + s + " --input " + csv + " --out " + two.file("out"), mpirun);
  ASSERT_EQ(r.status, 0) << r.output;
  const auto run_json = nlohmann::json::parse(read_file(two.file("out/run.json")));
  EXPECT_EQ(run_json["ranks"], 2);
  const auto one_json = nlohmann::json::parse(read_file(one.file("out/run.json")));
  EXPECT_EQ(run_json["warnings"], one_json["warnings"]);
  EXPECT_EQ(nlohmann::json::parse(read_file(two.file("out/model.json")))["training"]["lambda"],
            a.lambda);
}

TEST(LambdaWarning, NoPairsAtAllWarnToo) {
  ScratchDir d;
  // A duplicate's first name has a typo, so no two records agree on both first and ssn.
  const Outcome o = run(d, 30, R"("deterministic_rules": ["first & ssn"], "recall": 0.8)");
  ASSERT_EQ(o.cli.status, 0) << o.cli.output;
  EXPECT_EQ(o.lambda["pairs_found"], 0);
  ASSERT_EQ(o.lambda_warnings.size(), 1u);
  EXPECT_NE(o.lambda_warnings[0].find("found no pairs"), std::string::npos);
}

TEST(LambdaWarning, EnoughPairsOrAGivenLambdaDoNotWarn) {
  {
    ScratchDir d;
    const Outcome o = run(d, 150, R"("deterministic_rules": ["ssn"], "recall": 0.8)");
    ASSERT_EQ(o.cli.status, 0) << o.cli.output;
    EXPECT_EQ(o.lambda["pairs_found"], 150);
    EXPECT_TRUE(o.lambda_warnings.empty()) << o.lambda_warnings.front();
    EXPECT_EQ(o.cli.output.find("warning: lambda"), std::string::npos);
  }
  {
    ScratchDir d;
    const Outcome o = run(d, 30, R"("lambda": 0.001)");
    ASSERT_EQ(o.cli.status, 0) << o.cli.output;
    EXPECT_EQ(o.lambda["method"], "given");
    EXPECT_TRUE(o.lambda_warnings.empty());
  }
}

TEST(LambdaWarning, LambdaByEmRestsOnNoDeterministicPair) {
  ScratchDir d;
  const Outcome o = run(d, 30, R"("recall": 0.8)");
  ASSERT_EQ(o.cli.status, 0) << o.cli.output;
  EXPECT_EQ(o.lambda["method"], "em_on_prediction_pairs");
  ASSERT_EQ(o.lambda_warnings.size(), 1u);
  EXPECT_NE(o.lambda_warnings[0].find("no pair found by deterministic rules"), std::string::npos);
}

}  // namespace
}  // namespace xjslink::test
