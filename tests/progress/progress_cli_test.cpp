// File: progress/progress_cli_test.cpp
// Progress of a whole run as a user sees it: with --progress json every long stage reports lines
// that parse, whose counts only grow and whose final line reaches the stage's total; text lines
// have the documented shape; -q silences them; a bad format or interval is refused.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "e2e/cli_runner.hpp"

namespace xjslink::test {
namespace {

class ProgressCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new ScratchDir();
    const CliResult g = run_cli("generate --persons 500 --seed 5 --out " + dir_->file("pop"));
    ASSERT_EQ(g.status, 0) << g.output;
    args_ = "--settings " + std::string(XJSLINK_SOURCE_DIR) +
            "/data/synth/link_seven_datasets.json" + synthetic_inputs(dir_->file("pop"));
  }
  static void TearDownTestSuite() { delete dir_; }

  CliResult run(const std::string& extra) {
    return run_cli("run --no-resume " + args_ + " --out " + out_.file("run") + " " + extra);
  }

  static ScratchDir* dir_;
  static std::string args_;
  ScratchDir out_;
};

ScratchDir* ProgressCli::dir_ = nullptr;
std::string ProgressCli::args_;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    lines.push_back(line);
  return lines;
}

TEST_F(ProgressCli, JsonLinesCoverEveryLongStageAndReachTheirTotals) {
  const CliResult r = run("--progress json --progress-interval 0");
  ASSERT_EQ(r.status, 0) << r.output;
  std::map<std::string, std::uint64_t> last_done;
  std::map<std::string, bool> finished;
  for (const std::string& line : lines_of(r.output)) {
    if (line.empty() || line[0] != '{') continue;
    const auto j = nlohmann::json::parse(line);  // throws (fails the test) if not JSON
    const std::string stage = j.at("stage").get<std::string>();
    const auto done = j.at("done").get<std::uint64_t>();
    EXPECT_FALSE(finished[stage]) << "a line after the final one: " << line;
    EXPECT_GE(done, last_done[stage]) << line;  // counts never go back
    last_done[stage] = done;
    EXPECT_GE(j.at("elapsed_s").get<double>(), 0.0);
    EXPECT_GE(j.at("rate_per_s").get<double>(), 0.0);
    ASSERT_FALSE(j.at("total").is_null()) << line;
    const auto total = j.at("total").get<std::uint64_t>();
    EXPECT_LE(j.at("fraction").get<double>(), 1.0);
    if (j.at("final").get<bool>()) {
      finished[stage] = true;
      EXPECT_EQ(done, total) << line;
      EXPECT_EQ(j.at("fraction").get<double>(), 1.0) << line;
      EXPECT_EQ(j.at("eta_s").get<double>(), 0.0) << line;
    }
  }
  // Every long stage of a run: reading and preparing inputs, counting the training rules'
  // patterns, scoring, clustering, and writing the outputs.
  const std::vector<std::string> stages = {
      "ingest: reading",     "ingest: preparing", "predict (rule 1 of 6)",
      "writing predictions", "writing clusters",  "cluster: components (supported merges)"};
  for (const std::string& stage : stages) {
    EXPECT_TRUE(finished[stage]) << "no final line for '" << stage << "' in\n" << r.output;
  }
  bool train = false;
  for (const auto& [stage, done] : finished)
    train = train || (stage.rfind("train: pairs of rule '", 0) == 0 && done);
  EXPECT_TRUE(train) << r.output;
}

TEST_F(ProgressCli, TextLinesShowShareRateAndTimeLeft) {
  const CliResult r = run("--progress-interval 0");
  ASSERT_EQ(r.status, 0) << r.output;
  const std::regex line(
      R"(\[xjslink \+\d+\.\ds\] writing predictions: \d{1,3}% \([\d,]+ of [\d,]+ rows\), [\d.]+[KMG]? rows/s, (about .+ left|done in .+))");
  int matched = 0;
  for (const std::string& l : lines_of(r.output))
    matched += std::regex_match(l, line) ? 1 : 0;
  EXPECT_GE(matched, 2) << r.output;  // at least one line on the way and the final one
}

TEST_F(ProgressCli, QuietPrintsNoProgress) {
  const CliResult r = run("-q --progress json --progress-interval 0");
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(r.output, "");
}

TEST_F(ProgressCli, BadFormatOrIntervalIsRefused) {
  for (const char* extra : {"--progress xml", "--progress-interval -1", "--progress-interval x",
                            "--progress-interval nan"}) {
    SCOPED_TRACE(extra);
    const CliResult r = run(extra);
    EXPECT_EQ(r.status, 1) << r.output;
    EXPECT_NE(r.output.find(std::string("field '") +
                            (std::string(extra).find("interval") != std::string::npos
                                 ? "--progress-interval"
                                 : "--progress") +
                            "'"),
              std::string::npos)
        << r.output;
    EXPECT_FALSE(std::filesystem::exists(out_.path() / "run" / "clusters.csv"));
  }
}

}  // namespace
}  // namespace xjslink::test
