// File: cli/run_cmd.cpp
// The stage commands: `xjslink run` (the whole pipeline), `train`, `predict`, `cluster`.
#include "cli/options.hpp"
#include "xjslink/error.hpp"

namespace xjslink::cli {

int run_command(const Args& args, const dist::Comm& comm) {
  StageCli cli;
  std::string settings;
  cli.description.add_options()("settings,s", po::value<std::string>(&settings)->required(),
                                "settings JSON file (see docs/settings.md)");
  if (!cli.parse("run", args,
                 "usage: xjslink run --settings S.json --input A.csv [--input B.csv ...] "
                 "--out DIR\n\nTrains the model, scores the blocked pairs and clusters the "
                 "records; resumes after the last completed stage.",
                 comm)) {
    return 0;
  }
  run_pipeline(comm, settings, cli.options);
  return 0;
}

int train_command(const Args& args, const dist::Comm& comm) {
  StageCli cli;
  std::string settings;
  cli.description.add_options()("settings,s", po::value<std::string>(&settings)->required(),
                                "settings JSON file (see docs/settings.md)");
  if (!cli.parse("train", args,
                 "usage: xjslink train --settings S.json --input A.csv [...] --out DIR\n\n"
                 "Estimates u, lambda and m and writes DIR/model.json.",
                 comm)) {
    return 0;
  }
  run_train(comm, settings, cli.options);
  return 0;
}

int predict_command(const Args& args, const dist::Comm& comm) {
  StageCli cli;
  std::string model;
  cli.description.add_options()("model,m", po::value<std::string>(&model)->required(),
                                "model.json written by train or run")(
      "threshold", po::value<std::string>(),
      "write pairs with at least this match probability (default: the settings' threshold)");
  if (!cli.parse("predict", args,
                 "usage: xjslink predict --model model.json --input A.csv [...] --out DIR\n\n"
                 "Scores the blocked pairs with a trained model and writes "
                 "DIR/predictions.{h5,csv}.",
                 comm)) {
    return 0;
  }
  run_predict(comm, model, cli.options, probability_option(cli.vm, "threshold"));
  return 0;
}

int cluster_command(const Args& args, const dist::Comm& comm) {
  StageCli cli;
  std::string model, predictions, method;
  cli.description.add_options()("model,m", po::value<std::string>(&model)->required(),
                                "model.json written by train or run")(
      "predictions,p", po::value<std::string>(&predictions)->required(),
      "predictions.h5 written by predict or run")(
      "threshold", po::value<std::string>(),
      "cluster on pairs with at least this match probability (default: cluster_threshold)")(
      "method", po::value<std::string>(&method),
      "connected_components or supported_merges (default: the settings' clustering.method)")(
      "min-link-support", po::value<std::string>(),
      "supported_merges: links between two groups, per record of the smaller group, needed for "
      "them to merge (0 to 1; default: the settings' clustering.min_link_support)");
  if (!cli.parse("cluster", args,
                 "usage: xjslink cluster --model model.json --predictions predictions.h5 "
                 "--input A.csv [...] --out DIR\n\nJoins records linked by pairs at or above "
                 "the threshold into clusters and writes DIR/clusters.{h5,csv}.",
                 comm)) {
    return 0;
  }
  ClusterOverrides overrides;
  overrides.threshold = probability_option(cli.vm, "threshold");
  if (cli.vm.count("method")) {
    overrides.method = parse_clustering_method(method);
    if (!overrides.method) {
      throw Error(ErrorCode::kInvalidSettings,
                  "unknown clustering method (allowed: connected_components, supported_merges)", "",
                  0, "--method");
    }
  }
  overrides.min_link_support = probability_option(cli.vm, "min-link-support");
  run_cluster(comm, model, predictions, cli.options, overrides);
  return 0;
}

}  // namespace xjslink::cli
