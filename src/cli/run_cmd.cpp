// File: cli/run_cmd.cpp
// `xjslink run`: the whole pipeline.
#include "cli/options.hpp"

namespace xjslink::cli {

int run_command(const Args& args, const dist::Comm& comm) {
  PipelineOptions options;
  std::string settings, encoding, formats;
  po::options_description d = pipeline_options(options, encoding, formats);
  d.add_options()("settings,s", po::value<std::string>(&settings)->required(),
                  "settings JSON file (see docs/settings.md)");
  po::variables_map vm;
  if (!parse_or_help(args, d,
                     "usage: xjslink run --settings S.json --input A.csv [--input B.csv ...] "
                     "--out DIR\n\nTrains the model, scores the blocked pairs and clusters the "
                     "records; resumes after the last completed stage.",
                     comm, vm)) {
    return 0;
  }
  finish_pipeline_options(vm, options, encoding, formats);
  options.command_line = join_command_line("run", args);
  run_pipeline(comm, settings, options);
  return 0;
}

int train_command(const Args& args, const dist::Comm& comm) {
  PipelineOptions options;
  std::string settings, encoding, formats;
  po::options_description d = pipeline_options(options, encoding, formats);
  d.add_options()("settings,s", po::value<std::string>(&settings)->required(),
                  "settings JSON file (see docs/settings.md)");
  po::variables_map vm;
  if (!parse_or_help(args, d,
                     "usage: xjslink train --settings S.json --input A.csv [...] --out DIR\n\n"
                     "Estimates u, lambda and m and writes DIR/model.json.",
                     comm, vm)) {
    return 0;
  }
  finish_pipeline_options(vm, options, encoding, formats);
  options.command_line = join_command_line("train", args);
  run_train(comm, settings, options);
  return 0;
}

int predict_command(const Args& args, const dist::Comm& comm) {
  PipelineOptions options;
  std::string model, encoding, formats;
  double threshold = -1;
  po::options_description d = pipeline_options(options, encoding, formats);
  d.add_options()("model,m", po::value<std::string>(&model)->required(),
                  "model.json written by train or run")(
      "threshold", po::value<double>(&threshold),
      "write pairs with at least this match probability (default: the settings' threshold)");
  po::variables_map vm;
  if (!parse_or_help(args, d,
                     "usage: xjslink predict --model model.json --input A.csv [...] --out DIR\n\n"
                     "Scores the blocked pairs with a trained model and writes "
                     "DIR/predictions.{h5,csv}.",
                     comm, vm)) {
    return 0;
  }
  finish_pipeline_options(vm, options, encoding, formats);
  options.command_line = join_command_line("predict", args);
  run_predict(comm, model, options,
              vm.count("threshold") ? std::optional<double>(threshold) : std::nullopt);
  return 0;
}

int cluster_command(const Args& args, const dist::Comm& comm) {
  PipelineOptions options;
  std::string model, predictions, encoding, formats;
  double threshold = -1;
  po::options_description d = pipeline_options(options, encoding, formats);
  d.add_options()("model,m", po::value<std::string>(&model)->required(),
                  "model.json written by train or run")(
      "predictions,p", po::value<std::string>(&predictions)->required(),
      "predictions.h5 written by predict or run")(
      "threshold", po::value<double>(&threshold),
      "cluster on pairs with at least this match probability (default: cluster_threshold)");
  po::variables_map vm;
  if (!parse_or_help(args, d,
                     "usage: xjslink cluster --model model.json --predictions predictions.h5 "
                     "--input A.csv [...] --out DIR\n\nJoins records linked by pairs at or above "
                     "the threshold into clusters and writes DIR/clusters.{h5,csv}.",
                     comm, vm)) {
    return 0;
  }
  finish_pipeline_options(vm, options, encoding, formats);
  options.command_line = join_command_line("cluster", args);
  run_cluster(comm, model, predictions, options,
              vm.count("threshold") ? std::optional<double>(threshold) : std::nullopt);
  return 0;
}

}  // namespace xjslink::cli
