// File: e2e/out_of_core_test.cpp
// `run --memory-budget` at a tenth of what the kept pairs need in memory, on 1 to 3 ranks:
// pairs spill to sorted scratch files, yet predictions and clusters are the same as an
// unbounded run's (CSV byte for byte, HDF5 tables value for value and, at one rank, byte for
// byte); scratch files go to --tmp-dir and are gone afterwards, after a failure too; a
// --tmp-dir that cannot be a directory is refused with a clear error and no outputs.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "e2e/cli_runner.hpp"
#include "robustness/robustness_support.hpp"
#include "xjslink/io/hdf5_table.hpp"

namespace xjslink::test {
namespace {

class OutOfCore : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new ScratchDir();
    const CliResult g = run_cli("generate --persons 1500 --seed 23 --out " + dir_->file("pop"));
    ASSERT_EQ(g.status, 0) << g.output;
    inputs_ = "--settings " + std::string(XJSLINK_SOURCE_DIR) +
              "/data/synth/link_seven_datasets.json" + synthetic_inputs(dir_->file("pop"));
    const CliResult r = run_cli("run -q " + inputs_ + " --out " + dir_->file("unbounded"));
    ASSERT_EQ(r.status, 0) << r.output;
    const auto run = nlohmann::json::parse(read_file(dir_->file("unbounded/run.json")));
    kept_pair_bytes_ = run.at("out_of_core").at("kept_pair_bytes").get<std::uint64_t>();
    ASSERT_EQ(run.at("out_of_core").at("spilled_runs"), 0);
  }
  static void TearDownTestSuite() { delete dir_; }

  static ScratchDir* dir_;
  static std::string inputs_;
  static std::uint64_t kept_pair_bytes_;
};

ScratchDir* OutOfCore::dir_ = nullptr;
std::string OutOfCore::inputs_;
std::uint64_t OutOfCore::kept_pair_bytes_ = 0;

void expect_same_table(const std::string& a, const std::string& b, const std::string& group) {
  const Table x = io::read_hdf5_table(a, group);
  const Table y = io::read_hdf5_table(b, group);
  ASSERT_EQ(x.num_columns(), y.num_columns());
  ASSERT_EQ(x.num_rows(), y.num_rows());
  for (std::size_t c = 0; c < x.num_columns(); ++c) {
    const Column& u = x.column(c);
    const Column& v = y.column(c);
    ASSERT_EQ(u.name(), v.name());
    for (std::size_t row = 0; row < x.num_rows(); ++row) {
      ASSERT_EQ(u.is_null(row), v.is_null(row)) << u.name() << " row " << row;
      if (u.is_null(row)) continue;
      if (u.type() == ColumnType::kString) {
        ASSERT_EQ(u.string_at(row), v.string_at(row)) << u.name() << " row " << row;
      } else {
        ASSERT_EQ(u.number_at(row), v.number_at(row)) << u.name() << " row " << row;
      }
    }
  }
}

TEST_F(OutOfCore, ATenthOfTheMemoryGivesTheSameOutputsOnOneToThreeRanks) {
  ASSERT_GT(kept_pair_bytes_, 1u << 20);  // enough pairs that a tenth means many runs
  const std::string budget = std::to_string(kept_pair_bytes_ / 10);
  for (int ranks : {1, 2, 3}) {
    SCOPED_TRACE(ranks);
    const std::string name = "bounded" + std::to_string(ranks);
    const std::string tmp = dir_->file("tmp" + std::to_string(ranks));
    const CliResult r = run_cli("run -q " + inputs_ + " --memory-budget " + budget + " --tmp-dir " +
                                    tmp + " --out " + dir_->file(name),
                                under_mpirun(ranks, 300));
    ASSERT_EQ(r.status, 0) << r.output;
    const auto run = nlohmann::json::parse(read_file(dir_->file(name + "/run.json")));
    EXPECT_GT(run.at("out_of_core").at("spilled_runs").get<int>(), ranks);
    EXPECT_EQ(run.at("out_of_core").at("kept_pair_bytes"), kept_pair_bytes_);
    for (const char* file : {"predictions.csv", "clusters.csv"}) {
      EXPECT_EQ(read_file(dir_->file(name + "/" + file)),
                read_file(dir_->file(std::string("unbounded/") + file)))
          << file;
    }
    expect_same_table(dir_->file(name + "/predictions.h5"), dir_->file("unbounded/predictions.h5"),
                      "predictions");
    expect_same_table(dir_->file(name + "/clusters.h5"), dir_->file("unbounded/clusters.h5"),
                      "clusters");
    if (ranks == 1) {
      EXPECT_EQ(read_file(dir_->file(name + "/predictions.h5")),
                read_file(dir_->file("unbounded/predictions.h5")));
    }
    // Scratch files went to --tmp-dir, none is left there or in the output directory.
    EXPECT_TRUE(std::filesystem::is_directory(tmp));
    EXPECT_TRUE(std::filesystem::is_empty(tmp));
    for (const auto& entry : std::filesystem::directory_iterator(dir_->file(name))) {
      EXPECT_EQ(entry.path().filename().string().find(".xjslink-scratch"), std::string::npos)
          << entry.path();
    }
  }
}

TEST_F(OutOfCore, CompactPredictionsFromSpilledPairsAreTheSame) {
  const std::string budget = std::to_string(kept_pair_bytes_ / 10);
  const CliResult a = run_cli("run -q " + inputs_ + " --predictions-columns compact --out " +
                              dir_->file("compact"));
  ASSERT_EQ(a.status, 0) << a.output;
  const CliResult b =
      run_cli("run -q " + inputs_ + " --predictions-columns compact --memory-budget " + budget +
                  " --out " + dir_->file("compact_bounded"),
              under_mpirun(2, 300));
  ASSERT_EQ(b.status, 0) << b.output;
  for (const char* file : {"predictions.csv", "clusters.csv"}) {
    EXPECT_EQ(read_file(dir_->file(std::string("compact_bounded/") + file)),
              read_file(dir_->file(std::string("compact/") + file)))
        << file;
  }
}

TEST_F(OutOfCore, AFailureAfterSpillingLeavesNoScratchFiles) {
  // Rank 1 exits abruptly as clustering starts, while the ordered pairs are on disk: the run
  // fails, and the next run in the same output directory removes what the killed ranks left.
  const std::string budget = std::to_string(kept_pair_bytes_ / 10);
  const std::string out = dir_->file("failed");
  const CliResult r = run_cli("run -q " + inputs_ + " --memory-budget " + budget + " --out " + out,
                              under_mpirun(2, 300, "XJSLINK_FAULT=crash-rank:1:cluster"));
  EXPECT_NE(r.status, 0) << r.output;
  // The rank that exited abruptly could not remove its scratch directory.
  const auto scratch_left = [&out] {
    int n = 0;
    for (const auto& entry : std::filesystem::directory_iterator(out))
      n += entry.path().filename().string().rfind(".xjslink-scratch", 0) == 0 ? 1 : 0;
    return n;
  };
  ASSERT_GE(scratch_left(), 1);
  const CliResult again =
      run_cli("run -q " + inputs_ + " --memory-budget " + budget + " --no-resume --out " + out,
              under_mpirun(2, 300, "XJSLINK_FAULT=crash-rank:1:train"));
  EXPECT_NE(again.status, 0) << again.output;
  EXPECT_EQ(scratch_left(), 0);
}

TEST_F(OutOfCore, ATmpDirThatCannotBeADirectoryIsRefused) {
  const std::string file = dir_->write("a-file", "x");
  const std::string out = dir_->file("refused");
  const CliResult r =
      run_cli("run -q " + inputs_ + " --memory-budget 64K --tmp-dir " + file + " --out " + out);
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_NE(r.output.find("--tmp-dir"), std::string::npos) << r.output;
  EXPECT_FALSE(std::filesystem::exists(out + "/predictions.csv"));
  EXPECT_FALSE(std::filesystem::exists(out + "/clusters.csv"));
}

}  // namespace
}  // namespace xjslink::test
