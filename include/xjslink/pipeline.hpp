// File: pipeline.hpp
// The stages as library calls that read and write files in an output directory, and `run`,
// which chains them: train → predict → cluster. Every output is written atomically, and
// run.json records what ran, its counts, timings and peak memory, and a fingerprint per stage
// (settings + inputs + earlier stages), so that a rerun resumes after the last completed stage.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "xjslink/cluster/clustering_spec.hpp"
#include "xjslink/execution.hpp"
#include "xjslink/ingest.hpp"

namespace xjslink {

namespace dist {
class Comm;
}

struct OutputFormats {
  bool csv = true;
  bool hdf5 = true;
  // Predictions as indices, weight, rule and levels only (output_tables.hpp), not the full form.
  bool compact_predictions = false;
};

struct PipelineOptions {
  std::vector<std::string> inputs;
  std::string out_dir;
  IngestOptions ingest;
  OutputFormats formats;
  ExecutionOptions execution;
  bool resume = true;        // skip stages whose recorded fingerprint matches
  std::string command_line;  // recorded in run.json
};

// `xjslink run`: all stages.
void run_pipeline(const dist::Comm& comm, const std::string& settings_path,
                  const PipelineOptions& options);
// `xjslink train`: model.json only.
void run_train(const dist::Comm& comm, const std::string& settings_path,
               const PipelineOptions& options);
// `xjslink predict`: predictions from a trained model (its embedded settings are used;
// threshold overrides the output threshold when given).
void run_predict(const dist::Comm& comm, const std::string& model_path,
                 const PipelineOptions& options, std::optional<double> threshold);
// What `xjslink cluster` may change from the settings embedded in the model.
struct ClusterOverrides {
  std::optional<double> threshold;
  std::optional<ClusteringMethod> method;
  std::optional<double> min_link_support;
};

// `xjslink cluster`: clusters from a predictions.h5 (written by predict) and the inputs.
void run_cluster(const dist::Comm& comm, const std::string& model_path,
                 const std::string& predictions_path, const PipelineOptions& options,
                 const ClusterOverrides& overrides);

}  // namespace xjslink
