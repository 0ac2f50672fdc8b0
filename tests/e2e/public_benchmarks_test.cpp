// File: e2e/public_benchmarks_test.cpp
// The public ground-truth sets of ../shared/data with the example settings of docs/examples:
// pairwise and cluster F1 must stay at the figures of docs/benchmarks.md (measured 2026-12-03)
// for both clustering methods. Skipped, with a message, where the shared data are absent.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "e2e/cli_runner.hpp"

namespace xjslink::test {
namespace {

struct PublicSet {
  const char* name;
  const char* settings;            // in docs/examples
  const char* inputs;              // under ../shared/data
  const char* truth;               // evaluate's truth options
  double pairwise_f1, cluster_f1;  // documented, to 4 digits
};

const PublicSet kSets[] = {
    {"febrl3", "febrl3.json", "febrl/dataset3.csv",
     "--truth-column rec_id --truth-regex 'rec-(\\d+)'", 0.9949, 0.9985},
    {"febrl4", "febrl4.json", "febrl/dataset4a.csv febrl/dataset4b.csv",
     "--truth-column rec_id --truth-regex 'rec-(\\d+)'", 0.9994, 0.9982},
    {"fake_1000", "fake_1000.json", "splink/fake_1000.csv", "--truth-column cluster", 0.7302,
     0.7794},
};

TEST(PublicBenchmarks, FiguresStayAtTheDocumentedQualityForBothMethods) {
  if (!shared_data_present()) {
    GTEST_SKIP() << "needs the public datasets in " << XJSLINK_SHARED_DATA_DIR
                 << " (see ../shared/data/README.md)";
  }
  ScratchDir d;
  for (const PublicSet& set : kSets) {
    std::string inputs;
    for (std::string rest = set.inputs; !rest.empty();) {
      const std::size_t space = rest.find(' ');
      inputs += " --input " + std::string(XJSLINK_SHARED_DATA_DIR) + "/" + rest.substr(0, space);
      rest = space == std::string::npos ? "" : rest.substr(space + 1);
    }
    const std::string out = d.file(set.name);
    const CliResult run = run_cli("run -q --settings " + std::string(XJSLINK_SOURCE_DIR) +
                                  "/docs/examples/" + set.settings + inputs + " --out " + out);
    ASSERT_EQ(run.status, 0) << set.name << ": " << run.output;
    for (const char* method : {"supported_merges", "connected_components"}) {
      if (std::string(method) == "connected_components") {
        const CliResult cc = run_cli("cluster -q --method connected_components --model " + out +
                                     "/model.json --predictions " + out + "/predictions.h5" +
                                     inputs + " --out " + out);
        ASSERT_EQ(cc.status, 0) << set.name << ": " << cc.output;
      }
      const std::string json = out + "/eval_" + method + ".json";
      const CliResult eval =
          run_cli("evaluate -q --run " + out + " " + set.truth + " --json " + json);
      ASSERT_EQ(eval.status, 0) << set.name << ": " << eval.output;
      const auto e = nlohmann::json::parse(read_file(json));
      EXPECT_GE(e["pairwise"]["f1"].get<double>(), set.pairwise_f1 - 5e-5) << set.name;
      EXPECT_GE(e["clusters"]["pairwise"]["f1"].get<double>(), set.cluster_f1 - 5e-5)
          << set.name << " " << method;
    }
  }
}

}  // namespace
}  // namespace xjslink::test
