// File: e2e/compact_predictions_test.cpp
// --predictions-columns compact: the same pairs, weights, rules and levels as the full form, in
// at most 48 bytes a pair of HDF5; clusters byte-identical; evaluate gives the same figures and
// report runs; a rerun that changes the form recomputes predictions; a bad value is refused.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "e2e/cli_runner.hpp"
#include "xjslink/io/hdf5_table.hpp"

namespace xjslink::test {
namespace {

class CompactPredictions : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new ScratchDir();
    const CliResult g = run_cli("generate --persons 1500 --seed 11 --out " + dir_->file("pop"));
    ASSERT_EQ(g.status, 0) << g.output;
    inputs_ = "--settings " + std::string(XJSLINK_SOURCE_DIR) +
              "/data/synth/link_seven_datasets.json" + synthetic_inputs(dir_->file("pop"));
    for (const char* form : {"full", "compact"}) {
      const CliResult r = run_cli("run -q " + inputs_ + " --predictions-columns " + form +
                                  " --out " + dir_->file(form));
      ASSERT_EQ(r.status, 0) << r.output;
    }
  }
  static void TearDownTestSuite() { delete dir_; }

  // `evaluate` of the run in dir_/NAME against the truth, without its paths ("run").
  static void evaluation(const std::string& name, nlohmann::json* out) {
    const CliResult r =
        run_cli("evaluate -q --run " + dir_->file(name) + " --truth " +
                dir_->file("pop/truth.csv") + " --json " + dir_->file(name + ".json"));
    ASSERT_EQ(r.status, 0) << r.output;
    *out = nlohmann::json::parse(read_file(dir_->file(name + ".json")));
    out->erase("run");  // its paths differ
  }

  static ScratchDir* dir_;
  static std::string inputs_;
};

ScratchDir* CompactPredictions::dir_ = nullptr;
std::string CompactPredictions::inputs_;

TEST_F(CompactPredictions, HoldTheFullFormsPairsWeightsRulesAndLevels) {
  const std::string full_h5 = dir_->file("full/predictions.h5");
  const std::string compact_h5 = dir_->file("compact/predictions.h5");
  const Table compact = io::read_hdf5_table(compact_h5, "predictions");
  std::vector<std::string> names;
  for (const Column& c : compact.columns())
    names.push_back(c.name());
  ASSERT_GE(names.size(), 5u);
  EXPECT_EQ(
      std::vector<std::string>(names.begin(), names.begin() + 4),
      (std::vector<std::string>{"record_index_l", "record_index_r", "match_weight", "match_key"}));
  const Table full = io::read_hdf5_table(full_h5, "predictions", names);
  ASSERT_EQ(full.num_rows(), compact.num_rows());
  ASSERT_GT(full.num_rows(), 1000u);
  for (std::size_t c = 0; c < names.size(); ++c) {
    SCOPED_TRACE(names[c]);
    EXPECT_EQ(names[c].rfind(c < 4 ? "" : "gamma_", 0), 0u);
    for (std::size_t row = 0; row < full.num_rows(); ++row) {
      ASSERT_EQ(full.column(c).number_at(row), compact.column(c).number_at(row)) << "row " << row;
    }
  }
  EXPECT_FALSE(compact.has_column("unique_id_l"));
  EXPECT_FALSE(compact.has_column("match_probability"));
  // 25 bytes a pair and one a comparison, plus the file's fixed overhead.
  const double bytes_per_pair = static_cast<double>(std::filesystem::file_size(compact_h5)) /
                                static_cast<double>(compact.num_rows());
  EXPECT_LE(bytes_per_pair, 48.0);
  // The clusters do not depend on the form.
  EXPECT_EQ(read_file(dir_->file("full/clusters.csv")),
            read_file(dir_->file("compact/clusters.csv")));
  const auto run = nlohmann::json::parse(read_file(dir_->file("compact/run.json")));
  EXPECT_EQ(run.at("predictions_columns"), "compact");
}

TEST_F(CompactPredictions, EvaluateGivesTheFullFormsFiguresAndReportRuns) {
  // CSV and HDF5 predictions alike: evaluate prefers the .h5; a csv-only run reads the CSV.
  nlohmann::json e[2];
  ASSERT_NO_FATAL_FAILURE(evaluation("full", &e[0]));
  ASSERT_NO_FATAL_FAILURE(evaluation("compact", &e[1]));
  EXPECT_EQ(e[0], e[1]);
  EXPECT_GT(e[1]["pairwise"]["f1"].get<double>(), 0.9);
  const CliResult report =
      run_cli("report -q --run " + dir_->file("compact") + " --truth " +
              dir_->file("pop/truth.csv") + " --out " + dir_->file("compact.html"));
  ASSERT_EQ(report.status, 0) << report.output;
  EXPECT_GT(std::filesystem::file_size(dir_->file("compact.html")), 10000u);
}

TEST_F(CompactPredictions, CsvOnlyCompactEvaluatesTheSame) {
  const CliResult r =
      run_cli("run -q " + inputs_ + " --predictions-columns compact --formats csv " + "--out " +
              dir_->file("compact_csv"));
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(read_file(dir_->file("compact/predictions.csv")),
            read_file(dir_->file("compact_csv/predictions.csv")));
  nlohmann::json e[2];
  ASSERT_NO_FATAL_FAILURE(evaluation("compact", &e[0]));
  ASSERT_NO_FATAL_FAILURE(evaluation("compact_csv", &e[1]));
  EXPECT_EQ(e[0], e[1]);
}

TEST_F(CompactPredictions, ARerunInTheOtherFormRecomputesPredictions) {
  ScratchDir out;
  ASSERT_EQ(run_cli("run -q " + inputs_ + " --out " + out.file("run")).status, 0);
  const CliResult r =
      run_cli("run -q " + inputs_ + " --predictions-columns compact --out " + out.file("run"));
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(read_file(out.file("run/predictions.csv")),
            read_file(dir_->file("compact/predictions.csv")));
  const auto run = nlohmann::json::parse(read_file(out.file("run/run.json")));
  EXPECT_EQ(run.at("predictions_columns"), "compact");
}

TEST_F(CompactPredictions, AnUnknownFormIsRefused) {
  ScratchDir out;
  const CliResult r =
      run_cli("run -q " + inputs_ + " --predictions-columns small --out " + out.file("run"));
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_NE(r.output.find("field '--predictions-columns': expected full or compact"),
            std::string::npos)
      << r.output;
  EXPECT_FALSE(std::filesystem::exists(out.file("run/predictions.csv")));
}

}  // namespace
}  // namespace xjslink::test
