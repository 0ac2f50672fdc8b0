// File: eval/evaluation_test.cpp
// evaluate_run on a hand-made run directory whose figures are known (run_fixture.hpp): truth
// from a table and from an input column with a regex, subgroups from the truth table, a
// persons table, the inputs and the built-ins, the truth-free estimates, the JSON schema, bad
// options, and the CLI (one process and, when mpirun is there, two ranks).
#include "xjslink/eval/evaluation.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include "eval/run_fixture.hpp"
#include "io/io_test_util.hpp"
#include "xjslink/error.hpp"
#include "xjslink/eval/evaluation_format.hpp"

namespace xjslink::eval {
namespace {

using nlohmann::json;

const SubgroupMetrics& subgroup(const Evaluation& e, const std::string& name) {
  for (const auto& s : e.subgroups) {
    if (s.attribute == name) return s;
  }
  throw std::runtime_error("no subgroup " + name);
}

std::map<std::string, GroupMetrics> by_group(const SubgroupMetrics& s) {
  std::map<std::string, GroupMetrics> out;
  for (const auto& g : s.groups)
    out[g.group] = g;
  return out;
}

TEST(EvalRun, TruthTableGivesHandComputedFigures) {
  testing::TempDir tmp;
  const testing::FixtureRun f = testing::write_fixture_run(tmp.file("run"));
  EvaluateOptions o;
  o.run_dir = f.dir;
  o.truth_path = f.truth;
  const Evaluation e = evaluate_run(o);
  EXPECT_EQ(e.link_type, LinkType::kLinkOnly);
  EXPECT_EQ(e.records, 12u);
  EXPECT_EQ(e.truth.labelled_records, 12u);
  EXPECT_EQ(e.truth.rows_not_in_run, 1u);
  EXPECT_EQ(e.truth.persons, 7u);
  EXPECT_EQ(e.pairwise.true_pairs, 5u);
  EXPECT_EQ(e.pairwise.predicted, 6u);
  EXPECT_EQ(e.pairwise.true_positives, 4u);
  EXPECT_EQ(e.pairwise.false_positives(), 2u);
  EXPECT_EQ(e.pairwise.false_negatives(), 1u);
  EXPECT_DOUBLE_EQ(*e.pairwise.precision(), 4.0 / 6);
  EXPECT_DOUBLE_EQ(*e.pairwise.recall(), 0.8);
  EXPECT_EQ(e.clusters.pairs.predicted, 2u);
  EXPECT_EQ(e.clusters.pairs.true_positives, 2u);
  EXPECT_DOUBLE_EQ(*e.clusters.pairs.recall(), 0.4);
  EXPECT_DOUBLE_EQ(*e.clusters.b_cubed_precision, 1.0);
  EXPECT_DOUBLE_EQ(*e.clusters.b_cubed_recall, 0.75);
  EXPECT_EQ(e.clusters.split_persons, 3u);  // P3, P4, P5
  EXPECT_EQ(e.clusters.over_merged_clusters, 0u);
  EXPECT_EQ(e.linkage.clusters, 10u);
  EXPECT_EQ(e.linkage.largest_cluster, 2u);
  EXPECT_EQ(e.linkage.linked_across_per_source[0], 2u);
  EXPECT_EQ(e.linkage.pairs_by_source_pair[0 * 2 + 1], 6u);
  ASSERT_FALSE(e.curve.empty());
  EXPECT_EQ(e.curve.front().counts.true_positives, 4u);
  EXPECT_EQ(e.curve.back().counts.predicted, 2u);  // the two pairs of weight 8.6
}

TEST(EvalRun, TruthColumnOfInputsThroughRegex) {
  testing::TempDir tmp;
  const testing::FixtureRun f = testing::write_fixture_run(tmp.file("run"));
  EvaluateOptions o;
  o.run_dir = f.dir;
  o.truth_column = "id";
  o.truth_regex = "[ab](\\d)";  // a6 and b6 are now the same person "6"
  const Evaluation e = evaluate_run(o);
  EXPECT_EQ(e.truth.kind, "input column");
  EXPECT_EQ(e.truth.persons, 6u);
  EXPECT_EQ(e.pairwise.true_pairs, 6u);
  EXPECT_EQ(e.pairwise.true_positives, 5u);
  o.truth_regex = "z(\\d)";
  EXPECT_THROW(evaluate_run(o), Error);
}

TEST(EvalRun, SubgroupsFromTruthPersonsInputsAndBuiltIns) {
  testing::TempDir tmp;
  const testing::FixtureRun f = testing::write_fixture_run(tmp.file("run"));
  EvaluateOptions o;
  o.run_dir = f.dir;
  o.truth_path = f.truth;
  o.persons_path = f.persons;
  o.by = {"sex", "region", "name", "source_dataset", "source_dataset_pair"};
  const Evaluation e = evaluate_run(o);
  ASSERT_EQ(e.subgroups.size(), 5u);
  EXPECT_EQ(subgroup(e, "sex").origin, "truth table");
  EXPECT_EQ(subgroup(e, "region").origin, "persons table");
  EXPECT_EQ(subgroup(e, "name").origin, "inputs");
  auto sex = by_group(subgroup(e, "sex"));
  EXPECT_EQ(sex["f"].pairs.true_pairs, 2u);  // P1, P3
  EXPECT_EQ(sex["f"].pairs.predicted, 3u);   // a1-b1, a3-b3, a6-b6
  EXPECT_EQ(sex["f"].pairs.true_positives, 2u);
  EXPECT_EQ(sex["m"].pairs.true_pairs, 3u);  // P2, P4, P5
  EXPECT_EQ(sex["m"].pairs.predicted, 3u);   // a2-b2, a4-b5, a5-b5
  EXPECT_EQ(sex["m"].pairs.true_positives, 2u);
  EXPECT_EQ(sex["m"].split_persons, 2u);  // P4, P5
  auto region = by_group(subgroup(e, "region"));
  EXPECT_EQ(region["south"].pairs.true_pairs, 3u);
  EXPECT_EQ(region["south"].persons, 3u);
  EXPECT_EQ(region["north"].records, 6u);
  auto name = by_group(subgroup(e, "name"));
  EXPECT_EQ(name["dunstin"].records, 1u);
  EXPECT_EQ(name["dunstan"].pairs.true_pairs, 2u);  // P4 (a4 is dunstan) and P5
  auto pair = by_group(subgroup(e, "source_dataset_pair"));
  ASSERT_EQ(pair.size(), 1u);
  EXPECT_EQ(pair["a & b"].pairs.true_pairs, 5u);
  EXPECT_EQ(pair["a & b"].records, 12u);
  auto source = by_group(subgroup(e, "source_dataset"));
  EXPECT_EQ(source["a"].pairs.predicted, 6u);
}

TEST(EvalRun, WithoutTruthOnlyTheModelsEstimates) {
  testing::TempDir tmp;
  const testing::FixtureRun f = testing::write_fixture_run(tmp.file("run"));
  EvaluateOptions o;
  o.run_dir = f.dir;
  o.by = {"source_dataset"};
  const Evaluation e = evaluate_run(o);
  EXPECT_FALSE(e.has_truth);
  EXPECT_EQ(e.estimates.pairs, 6u);
  ASSERT_TRUE(e.estimates.expected_precision);
  EXPECT_GT(*e.estimates.expected_precision, 0.5);
  EXPECT_LT(*e.estimates.expected_precision, 1.0);
  const json j = evaluation_json(e);
  EXPECT_TRUE(j["pairwise"].is_null());
  EXPECT_TRUE(j["clusters"].is_null());
  EXPECT_FALSE(j["subgroups"][0]["groups"][0].contains("recall"));
  EXPECT_TRUE(j["subgroups"][0]["groups"][0]["expected_precision"].is_number());
  EXPECT_NE(j["estimates"]["label"].get<std::string>().find("not measured"), std::string::npos);
}

// The fixture's three match probabilities as written in its predictions.csv (6 decimals):
// a1-b1 and a2-b2 (name and dob exact), a3-b3 and a6-b6 (name exact, dob null), a4-b5 and
// a5-b5 (name exact, dob different).
struct FixtureProbabilities {
  double high, mid, low;
};
FixtureProbabilities fixture_probabilities() {
  const Model m = Model::initial(parse_settings(testing::kFixtureSettings, "fixture"));
  const auto written = [](double w) {
    return std::stod(std::to_string(probability_from_log2_odds(w)));
  };
  const double prior = m.prior_log2_odds(), name = m.log2_bayes_factor(0, 1);
  return {written(prior + name + m.log2_bayes_factor(1, 1)), written(prior + name),
          written(prior + name + m.log2_bayes_factor(1, 2))};
}

TEST(EvalRun, ReliabilityBinsOfTheFixture) {
  testing::TempDir tmp;
  const testing::FixtureRun f = testing::write_fixture_run(tmp.file("run"));
  EvaluateOptions o;
  o.run_dir = f.dir;
  o.truth_path = f.truth;
  const Evaluation e = evaluate_run(o);
  const FixtureProbabilities p = fixture_probabilities();
  ASSERT_EQ(reliability_bin(p.high), 10u);  // [0.99, 0.999)
  ASSERT_EQ(reliability_bin(p.mid), 9u);    // [0.9, 0.99)
  ASSERT_EQ(reliability_bin(p.low), 6u);    // [0.6, 0.7)
  const Calibration& c = e.calibration;
  for (std::size_t k = 0; k < kReliabilityBins; ++k) {
    const std::uint64_t pairs = k == 6 || k == 9 || k == 10 ? 2 : 0;
    EXPECT_EQ(c.bins[k].pairs, pairs) << k;
  }
  EXPECT_EQ(c.bins[10].true_positives, 2u);
  EXPECT_EQ(c.bins[9].true_positives, 1u);  // a3-b3 true, a6-b6 false
  EXPECT_EQ(c.bins[6].true_positives, 1u);  // a5-b5 true, a4-b5 false
  EXPECT_NEAR(*c.bins[9].observed_precision(), 0.5, 1e-15);
  EXPECT_NEAR(*c.bins[9].mean_probability(), p.mid, 1e-12);
  const double ece =
      (2 * std::abs(p.low - 0.5) + 2 * std::abs(p.mid - 0.5) + 2 * std::abs(p.high - 1)) / 6;
  EXPECT_NEAR(*c.expected_calibration_error, ece, 1e-12);
  EXPECT_NEAR(*c.observed_over_expected, 4 / (2 * (p.high + p.mid + p.low)), 1e-12);

  const json j = evaluation_json(e);
  const json& bins = j["calibration"]["bins"];
  ASSERT_EQ(bins.size(), kReliabilityBins);
  EXPECT_DOUBLE_EQ(bins[9]["low"].get<double>(), 0.9);
  EXPECT_DOUBLE_EQ(bins[9]["high"].get<double>(), 0.99);
  EXPECT_EQ(bins[9]["labelled_pairs"], 2);
  EXPECT_EQ(bins[9]["true_positives"], 1);
  EXPECT_DOUBLE_EQ(bins[9]["observed_precision"].get<double>(), 0.5);
  EXPECT_TRUE(bins[9]["observed_precision_ci"].is_array());
  EXPECT_TRUE(bins[0]["mean_probability"].is_null());
  EXPECT_NEAR(j["calibration"]["expected_calibration_error"].get<double>(), ece, 1e-12);
  const std::string all = evaluation_text(e);
  const std::size_t at = all.find("Calibration: predicted match probability");
  ASSERT_NE(at, std::string::npos);
  const std::string text = all.substr(at, all.find("Clusters for review") - at);
  EXPECT_NE(text.find("0.9-0.99"), std::string::npos);
  EXPECT_EQ(text.find("0.1-0.2"), std::string::npos) << "bins below the output threshold";
}

TEST(EvalRun, ExpectedPrecisionAndRecallWithoutTruthByHand) {
  testing::TempDir tmp;
  const testing::FixtureRun f = testing::write_fixture_run(tmp.file("run"));
  EvaluateOptions o;
  o.run_dir = f.dir;
  o.threshold = 0.9;  // the four pairs of the upper two probabilities
  const Evaluation e = evaluate_run(o);
  const FixtureProbabilities p = fixture_probabilities();
  const ModelEstimates& m = e.estimates;
  EXPECT_EQ(m.pairs, 4u);
  EXPECT_NEAR(m.expected_true_positives, 2 * (p.high + p.mid), 1e-12);
  EXPECT_NEAR(*m.expected_precision, (p.high + p.mid) / 2, 1e-12);
  EXPECT_NEAR(m.expected_matches_written, 2 * (p.high + p.mid + p.low), 1e-12);
  EXPECT_NEAR(*m.expected_recall_written, (p.high + p.mid) / (p.high + p.mid + p.low), 1e-12);
  // The prior's view: lambda 0.1 of the 6 x 6 pairs across the two sources.
  EXPECT_DOUBLE_EQ(m.possible_pairs, 36.0);
  EXPECT_NEAR(m.expected_matches_prior, 3.6, 1e-12);
  EXPECT_NEAR(*m.expected_recall_prior, 2 * (p.high + p.mid) / 3.6, 1e-12);
  // Without truth the bins still give the model's own view, and no observed precision.
  const json j = evaluation_json(e);
  EXPECT_FALSE(j["calibration"]["bins"][9].contains("observed_precision"));
  EXPECT_NEAR(j["calibration"]["bins"][9]["mean_probability"].get<double>(), p.mid, 1e-12);
  EXPECT_NEAR(j["calibration"]["bins"][9]["expected_false_matches"].get<double>(), 2 * (1 - p.mid),
              1e-12);
  EXPECT_FALSE(j["calibration"].contains("expected_calibration_error"));
}

TEST(EvalRun, ShowsTheRunsWarnings) {
  testing::TempDir tmp;
  const testing::FixtureRun f = testing::write_fixture_run(tmp.file("run"));
  EvaluateOptions o;
  o.run_dir = f.dir;
  EXPECT_TRUE(evaluate_run(o).run_warnings.empty());
  std::ifstream in(f.dir + "/run.json");
  json run = json::parse(in);
  in.close();
  run["warnings"]["train"] = {"lambda rests on only 12 pairs found by the deterministic rules"};
  testing::write_text(f.dir + "/run.json", run.dump());
  const Evaluation e = evaluate_run(o);
  ASSERT_EQ(e.run_warnings.size(), 1u);
  EXPECT_EQ(e.run_warnings[0],
            "train: lambda rests on only 12 pairs found by the deterministic rules");
  EXPECT_EQ(evaluation_json(e)["run"]["warnings"][0], e.run_warnings[0]);
  EXPECT_NE(evaluation_text(e).find("Warning (run.json): train: lambda rests on only 12 pairs"),
            std::string::npos);
}

TEST(EvalJson, SchemaHasTheDocumentedFields) {
  testing::TempDir tmp;
  const testing::FixtureRun f = testing::write_fixture_run(tmp.file("run"));
  EvaluateOptions o;
  o.run_dir = f.dir;
  o.truth_path = f.truth;
  o.by = {"sex"};
  const json j = evaluation_json(evaluate_run(o));
  EXPECT_EQ(j["format"], "xjslink-evaluation");
  EXPECT_EQ(j["format_version"], 1);
  for (const char* k :
       {"run", "threshold", "truth", "pairwise", "clusters", "precision_recall_curve", "estimates",
        "calibration", "cluster_review", "linkage", "flag_rule", "subgroups"}) {
    EXPECT_TRUE(j.contains(k)) << k;
  }
  EXPECT_EQ(j["run"]["link_type"], "link_only");
  EXPECT_DOUBLE_EQ(j["threshold"]["match_probability"].get<double>(), 0.5);
  EXPECT_DOUBLE_EQ(j["threshold"]["match_weight"].get<double>(), 0.0);
  for (const char* k : {"true_pairs", "predicted_pairs", "true_positives", "false_positives",
                        "false_negatives", "precision", "recall", "f1", "unlabelled_pairs"}) {
    EXPECT_TRUE(j["pairwise"].contains(k)) << k;
  }
  EXPECT_EQ(j["pairwise"]["false_negatives"], 1);
  EXPECT_TRUE(j["clusters"]["b_cubed"]["precision"].is_number());
  EXPECT_EQ(j["clusters"]["split"]["persons"], 3);
  EXPECT_EQ(j["clusters"]["over_merged"]["clusters"], 0);
  const json& points = j["precision_recall_curve"]["points"];
  ASSERT_TRUE(points.is_array());
  ASSERT_FALSE(points.empty());
  for (const char* k : {"match_weight", "match_probability", "pairs", "predicted_pairs",
                        "true_positives", "precision", "recall", "f1", "expected_precision"}) {
    EXPECT_TRUE(points[0].contains(k)) << k;
  }
  EXPECT_EQ(j["linkage"]["by_source"].size(), 2u);
  EXPECT_EQ(j["linkage"]["by_source_pair"][0]["predicted_pairs"], 6);
  EXPECT_EQ(j["linkage"]["cluster_sizes"][1]["size"], 2);
  EXPECT_EQ(j["linkage"]["cluster_sizes"][1]["clusters"], 2);
  const json& g = j["subgroups"][0]["groups"][0];
  EXPECT_EQ(j["subgroups"][0]["level"], "record");
  for (const char* k : {"group", "records", "persons", "true_pairs", "predicted_pairs", "precision",
                        "precision_ci", "precision_gap", "precision_flag", "recall", "recall_ci",
                        "recall_gap", "recall_flag", "b_cubed_precision", "split_persons"}) {
    EXPECT_TRUE(g.contains(k)) << k;
  }
  EXPECT_EQ(j["flag_rule"]["min_cell"], 10);
}

TEST(EvalRun, RejectsBadOptionsWithErrorsNamingTheOption) {
  testing::TempDir tmp;
  const testing::FixtureRun f = testing::write_fixture_run(tmp.file("run"));
  EvaluateOptions o;
  o.run_dir = f.dir;
  o.threshold = 0.2;  // below the output threshold
  try {
    evaluate_run(o);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.field(), "--threshold");
  }
  o.threshold.reset();
  o.by = {"no_such_column"};
  try {
    evaluate_run(o);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.field(), "--by no_such_column");
  }
  o.by.clear();
  o.truth_column = "id";
  o.inputs = {tmp.write("other.csv", "id,name\nx1,y\n")};  // not an input of the run
  try {
    evaluate_run(o);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(e.file().find("other.csv"), std::string::npos);
  }
  o.inputs.clear();
  o.run_dir = tmp.file("missing");
  EXPECT_THROW(evaluate_run(o), Error);
}

TEST(EvalRun, PredictionOfUnknownRecordIsAnErrorWithItsLine) {
  testing::TempDir tmp;
  const testing::FixtureRun f = testing::write_fixture_run(tmp.file("run"));
  {
    std::ofstream out(f.dir + "/predictions.csv", std::ios::app);
    out << "a,zz,b,b1,1.0,0.66,0,1,1.0,1,1.0,0,0\n";
  }
  EvaluateOptions o;
  o.run_dir = f.dir;
  try {
    evaluate_run(o);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.line(), 8u);
    EXPECT_EQ(e.field(), "unique_id_l");
    EXPECT_EQ(std::string(e.what()).find("zz"), std::string::npos) << "no values in errors";
  }
}

int run_shell(const std::string& command) {
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(EvalCli, WritesJsonAndTablesAndRunsUnderTwoRanks) {
  testing::TempDir tmp;
  const testing::FixtureRun f = testing::write_fixture_run(tmp.file("run"));
  const std::string out = tmp.file("eval.json");
  const std::string cmd = std::string(XJSLINK_BINARY) + " evaluate --run " + f.dir + " --truth " +
                          f.truth + " --by sex --json " + out;
  ASSERT_EQ(run_shell(cmd + " > " + tmp.file("stdout.txt") + " 2>&1"), 0);
  std::ifstream in(out);
  const json j = json::parse(in);
  EXPECT_EQ(j["pairwise"]["true_positives"], 4);
  std::ifstream text_in(tmp.file("stdout.txt"));
  std::stringstream text;
  text << text_in.rdbuf();
  EXPECT_NE(text.str().find("missed matches (FN)"), std::string::npos);
  EXPECT_NE(text.str().find("Subgroups by sex"), std::string::npos);
  EXPECT_NE(run_shell(std::string(XJSLINK_BINARY) + " evaluate --run " + f.dir +
                      " --by nope > /dev/null 2>&1"),
            0);

  if (run_shell("command -v mpirun > /dev/null 2>&1") != 0) {
    GTEST_SKIP() << "mpirun not installed: the two-rank run was not tried";
  }
  // This process is a singleton MPI job, whose OMPI_/PMIX_ variables would make mpirun fail.
  const std::string mpirun =
      std::string(
          "for v in $(env | grep -oE '^(OMPI|PMIX|OPAL)_[A-Za-z0-9_]*'); do unset $v; "
          "done; mpirun ") +
      (::getuid() == 0 ? "--allow-run-as-root " : "") + "--oversubscribe -np 2 ";
  const std::string out2 = tmp.file("eval2.json");
  ASSERT_EQ(run_shell(mpirun + std::string(XJSLINK_BINARY) + " evaluate --run " + f.dir +
                      " --truth " + f.truth + " --json " + out2 + " > /dev/null 2>&1"),
            0);
  std::ifstream in2(out2);
  const json j2 = json::parse(in2);
  for (const char* k : {"pairwise", "calibration", "cluster_review", "estimates"}) {
    EXPECT_EQ(j2[k], j[k]) << k;
  }
  EXPECT_NE(run_shell(mpirun + std::string(XJSLINK_BINARY) + " evaluate --run " + f.dir +
                      " --truth-column nope > /dev/null 2>&1"),
            0)
      << "a user error ends every rank with a failure status";
}

}  // namespace
}  // namespace xjslink::eval
