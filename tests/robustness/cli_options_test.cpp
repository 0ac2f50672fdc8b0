// File: robustness/cli_options_test.cpp
// Option values that used to be accepted silently or wrapped around: each is refused before
// any work, naming the option, with exit status 1 and no outputs.
#include <filesystem>

#include "robustness/robustness_support.hpp"

namespace xjslink::test {
namespace {

class CliOptions : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new ScratchDir();
    csv_ = dir_->write("people.csv", kRobustnessCsv);
    settings_ = dir_->write("s.json", kRobustnessSettings);
    const CliResult r = run_case("run -q --settings " + settings_ + " --input " + csv_ + " --out " +
                                 dir_->file("trained"));
    ASSERT_EQ(r.status, 0) << r.output;
    model_ = dir_->file("trained/model.json");
    predictions_ = dir_->file("trained/predictions.h5");
  }
  static void TearDownTestSuite() { delete dir_; }

  // `command` with its inputs and a fresh output directory, plus `extra`.
  CliResult stage(const std::string& command, const std::string& extra) {
    std::filesystem::remove_all(out_.path() / "out");
    std::string args = command + " --input " + csv_ + " --out " + out_.file("out") + " ";
    if (command == "run" || command == "train") args += "--settings " + settings_ + " ";
    if (command == "predict" || command == "cluster") args += "--model " + model_ + " ";
    if (command == "cluster") args += "--predictions " + predictions_ + " ";
    return run_case(args + extra);
  }
  void expect_refused(const CliResult& r, const std::string& option) {
    expect_user_error(r);
    expect_contains(r, "field '" + option + "'");
    EXPECT_FALSE(has_complete_looking_outputs(out_.path() / "out")) << r.output;
  }

  static ScratchDir* dir_;
  static std::string csv_, settings_, model_, predictions_;
  ScratchDir out_;
};

ScratchDir* CliOptions::dir_ = nullptr;
std::string CliOptions::csv_, CliOptions::settings_, CliOptions::model_, CliOptions::predictions_;

TEST_F(CliOptions, ThresholdOutsideZeroToOneIsRefused) {
  for (const char* command : {"predict", "cluster"}) {
    for (const char* value : {"2", "-3", "nan", "inf", "0.5x", "1.0000001"}) {
      SCOPED_TRACE(std::string(command) + " --threshold " + value);
      const CliResult r = stage(command, std::string("--threshold ") + value);
      expect_refused(r, "--threshold");
      expect_contains(r, "expected a match probability from 0 to 1");
    }
    // The bounds themselves are probabilities.
    EXPECT_EQ(stage(command, "-q --threshold 1").status, 0) << command;
    EXPECT_EQ(stage(command, "-q --threshold 0").status, 0) << command;
  }
}

TEST_F(CliOptions, NegativeOrZeroPersonsIsRefusedNotWrapped) {
  for (const char* value : {"-5", "0", "5x", "18446744073709551616"}) {
    SCOPED_TRACE(value);
    const CliResult r =
        run_case(std::string("generate --persons ") + value + " --out " + out_.file("gen"));
    expect_user_error(r);
    expect_contains(r, "field '--persons'");
    EXPECT_FALSE(std::filesystem::exists(out_.path() / "gen")) << r.output;
  }
  const CliResult seed = run_case("generate --persons 5 --seed -1 --out " + out_.file("gen"));
  expect_user_error(seed);
  expect_contains(seed, "field '--seed'");
}

TEST_F(CliOptions, MemoryBudgetThatOverflowsIsRefused) {
  for (const char* value : {"1e30T", "inf", "nan", "1e400", "0.0001", "-2G", "12Q"}) {
    SCOPED_TRACE(value);
    expect_refused(stage("run", std::string("--memory-budget ") + value), "--memory-budget");
  }
  // The largest accepted budget still runs (it is a limit, not an allocation).
  EXPECT_EQ(stage("run", "-q --memory-budget 8388608T").status, 0);
}

TEST_F(CliOptions, FormatsAreMatchedWholeNotAsSubstrings) {
  for (const char* value : {"notcsv_nohdf5", "csvx", "csv,", "hdf5,parquet", ""}) {
    SCOPED_TRACE(value);
    const CliResult r = stage("run", std::string("--formats '") + value + "'");
    expect_refused(r, "--formats");
    expect_contains(r, "unknown output format");
  }
  const CliResult csv_only = stage("run", "-q --formats csv");
  ASSERT_EQ(csv_only.status, 0) << csv_only.output;
  EXPECT_TRUE(std::filesystem::exists(out_.path() / "out" / "clusters.csv"));
  EXPECT_FALSE(std::filesystem::exists(out_.path() / "out" / "clusters.h5"));
}

TEST_F(CliOptions, QuietAndVerboseTogetherIsRefused) {
  for (const char* command : {"run", "train", "predict", "cluster"}) {
    SCOPED_TRACE(command);
    const CliResult r = stage(command, "-q -v");
    expect_user_error(r);
    expect_contains(r, "--quiet and --verbose cannot be used together");
    EXPECT_FALSE(has_complete_looking_outputs(out_.path() / "out")) << r.output;
  }
}

}  // namespace
}  // namespace xjslink::test
