// File: eval/febrl_test.cpp
// End to end on the FEBRL benchmarks (../shared/data): `xjslink run` with the example settings,
// then the evaluation with the truth taken from rec_id (rec-<N>-org / rec-<N>-dup-<k>). The
// evaluator must agree exactly with a plain recount from the CSV outputs (below, sharing no
// code with src/eval); true pair counts are facts of the data; and the linker must stay above
// quality floors (the exact figures move as the linker improves: docs/evaluation.md).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

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

// The recount: rows of the run's CSV outputs split on commas (FEBRL keys have none), the
// person is the number in the unique id, pairs are counted one by one.
struct Recount {
  std::uint64_t true_pairs = 0, predicted = 0, true_positives = 0;
  std::uint64_t cluster_pairs = 0, cluster_true_positives = 0;
};

std::vector<std::vector<std::string>> csv_rows(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::vector<std::string>> rows;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::vector<std::string> fields;
    std::stringstream s(line);
    std::string f;
    while (std::getline(s, f, ','))
      fields.push_back(f);
    rows.push_back(fields);
  }
  return rows;
}

Recount recount(const std::string& dir, bool link_only) {
  const std::regex number("rec-(\\d+)");
  const auto person = [&](const std::string& uid) {
    std::smatch m;
    EXPECT_TRUE(std::regex_search(uid, m, number)) << uid;
    return m[1].str();
  };
  Recount r;
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> by_person, by_cluster;
  for (const auto& row : csv_rows(dir + "/clusters.csv")) {  // source, uid, cluster
    by_person[person(row[1])].emplace_back(row[0], row[1]);
    by_cluster[row[2]].emplace_back(row[0], person(row[1]));
  }
  for (const auto& [p, recs] : by_person) {
    for (std::size_t i = 0; i < recs.size(); ++i) {
      for (std::size_t j = i + 1; j < recs.size(); ++j) {
        r.true_pairs += !link_only || recs[i].first != recs[j].first;
      }
    }
  }
  for (const auto& [c, recs] : by_cluster) {  // (source, person)
    for (std::size_t i = 0; i < recs.size(); ++i) {
      for (std::size_t j = i + 1; j < recs.size(); ++j) {
        if (link_only && recs[i].first == recs[j].first) continue;
        ++r.cluster_pairs;
        r.cluster_true_positives += recs[i].second == recs[j].second;
      }
    }
  }
  for (const auto& row : csv_rows(dir + "/predictions.csv")) {
    if (std::stod(row[5]) < 0.5) continue;
    ++r.predicted;
    r.true_positives += person(row[1]) == person(row[3]);
  }
  return r;
}

void expect_agreement(const Evaluation& e, const Recount& r) {
  EXPECT_EQ(e.pairwise.true_pairs, r.true_pairs);
  EXPECT_EQ(e.pairwise.predicted, r.predicted);
  EXPECT_EQ(e.pairwise.true_positives, r.true_positives);
  EXPECT_EQ(e.clusters.pairs.predicted, r.cluster_pairs);
  EXPECT_EQ(e.clusters.pairs.true_positives, r.cluster_true_positives);
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
  EXPECT_EQ(e.pairwise.true_pairs, 5000u);  // rec-i-org with rec-i-dup-0
  expect_agreement(e, recount(out, true));
  EXPECT_GE(*e.pairwise.precision(), 0.999);
  EXPECT_GE(*e.pairwise.recall(), 0.995);
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
  EXPECT_DOUBLE_EQ(e.cluster_threshold, 0.95);
  expect_agreement(e, recount(out, false));
  EXPECT_GE(*e.pairwise.precision(), 0.999);
  EXPECT_GE(*e.pairwise.recall(), 0.98);
  EXPECT_GE(*e.clusters.pairs.precision(), 0.999);
  EXPECT_GE(*e.clusters.pairs.recall(), 0.98);
}

}  // namespace
}  // namespace xjslink::eval
