// File: eval/febrl_test.cpp
// End to end on the FEBRL benchmarks (../shared/data): `xjslink run` with the example settings,
// then the evaluation with the truth taken from rec_id (rec-<N>-org / rec-<N>-dup-<k>). The true
// pair counts are facts of the data; precision and recall are those of the current linker at
// threshold 0.5 (FEBRL4 4991 of 5000 pairs found, none false; FEBRL3 6445 of 6538, 2 false).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "io/io_test_util.hpp"
#include "xjslink/eval/evaluation.hpp"

namespace xjslink::eval {
namespace {

namespace fs = std::filesystem;

const std::string kData = XJSLINK_SHARED_DATA_DIR;

// Runs the linker; returns false (after a test failure) if it did not succeed.
bool run_linker(const std::string& settings, const std::vector<std::string>& inputs,
                const std::string& out) {
  std::string cmd = std::string(XJSLINK_BINARY) + " run --quiet --settings " + XJSLINK_SOURCE_DIR +
                    "/docs/examples/" + settings + " --out " + out;
  for (const auto& in : inputs)
    cmd += " --input " + in;
  const int status = std::system((cmd + " > /dev/null 2>&1").c_str());
  EXPECT_EQ(status, 0) << cmd;
  return status == 0;
}

EvaluateOptions febrl_truth(const std::string& run_dir) {
  EvaluateOptions o;
  o.run_dir = run_dir;
  o.truth_column = "rec_id";
  o.truth_regex = "rec-(\\d+)";
  return o;
}

TEST(EvalFebrl, Febrl4LinkOnlyFigures) {
  const std::string a = kData + "/febrl/dataset4a.csv", b = kData + "/febrl/dataset4b.csv";
  if (!fs::exists(a) || !fs::exists(b)) {
    GTEST_SKIP() << "needs ../shared/data/febrl/dataset4a.csv and dataset4b.csv";
  }
  testing::TempDir tmp;
  const std::string out = tmp.file("febrl4");
  ASSERT_TRUE(run_linker("febrl4.json", {a, b}, out));
  EvaluateOptions o = febrl_truth(out);
  o.by = {"source_dataset_pair"};
  const Evaluation e = evaluate_run(o);
  EXPECT_EQ(e.link_type, LinkType::kLinkOnly);
  EXPECT_EQ(e.truth.labelled_records, 10000u);
  EXPECT_EQ(e.truth.persons, 5000u);
  EXPECT_EQ(e.pairwise.true_pairs, 5000u);
  EXPECT_EQ(e.pairwise.predicted, 4991u);
  EXPECT_EQ(e.pairwise.true_positives, 4991u);
  EXPECT_NEAR(*e.pairwise.precision(), 1.0000, 5e-5);
  EXPECT_NEAR(*e.pairwise.recall(), 0.9982, 5e-5);
  ASSERT_EQ(e.subgroups.size(), 1u);
  EXPECT_EQ(e.subgroups[0].groups[0].pairs.true_pairs, 5000u);
}

TEST(EvalFebrl, Febrl3DedupeFigures) {
  const std::string in = kData + "/febrl/dataset3.csv";
  if (!fs::exists(in)) GTEST_SKIP() << "needs ../shared/data/febrl/dataset3.csv";
  testing::TempDir tmp;
  const std::string out = tmp.file("febrl3");
  ASSERT_TRUE(run_linker("febrl3.json", {in}, out));
  const Evaluation e = evaluate_run(febrl_truth(out));
  EXPECT_EQ(e.link_type, LinkType::kDedupeOnly);
  EXPECT_EQ(e.truth.persons, 2000u);
  EXPECT_EQ(e.pairwise.true_pairs, 6538u);
  EXPECT_NEAR(*e.pairwise.precision(), 0.9997, 5e-5);
  EXPECT_NEAR(*e.pairwise.recall(), 0.9858, 5e-5);
  EXPECT_DOUBLE_EQ(e.cluster_threshold, 0.95);
  EXPECT_NEAR(*e.clusters.pairs.precision(), 1.0, 5e-5);
  EXPECT_NEAR(*e.clusters.pairs.recall(), 0.9905, 5e-5);
  EXPECT_EQ(e.clusters.over_merged_clusters, 0u);
}

}  // namespace
}  // namespace xjslink::eval
