// File: pipeline.cpp
// Stage orchestration: ingest, train, predict, cluster, each timed and recorded in run.json,
// each skipped on a rerun when run.json shows it completed from the same settings and inputs.
#include "xjslink/pipeline.hpp"

#include <chrono>
#include <cmath>
#include <filesystem>

#include <omp.h>

#include "dist/agree.hpp"
#include "dist/comm.hpp"
#include "fault_injection.hpp"
#include "kernels/target.hpp"
#include "run_record.hpp"
#include "xjslink/cluster.hpp"
#include "xjslink/error.hpp"
#include "xjslink/io/atomic_file.hpp"
#include "xjslink/io/hdf5_table.hpp"
#include "xjslink/log.hpp"
#include "xjslink/out_of_memory.hpp"
#include "xjslink/output_tables.hpp"
#include "xjslink/score.hpp"
#include "xjslink/train.hpp"

namespace xjslink {
namespace {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

std::string path_in(const std::string& dir, const std::string& name) {
  return (std::filesystem::path(dir) / name).string();
}

void make_output_dir(const dist::Comm& comm, const std::string& dir) {
  dist::agree_on_errors(comm, [&] {
    if (!comm.is_root()) return;
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec || !std::filesystem::is_directory(dir)) {
      throw Error(ErrorCode::kIo, "cannot create output directory: " + ec.message(), dir);
    }
  });
}

// Settings and inputs identify the data a stage works on.
std::string inputs_fingerprint(const std::string& settings_json, const Ingested& in,
                               const IngestOptions& options) {
  std::string text = settings_json;
  for (const auto& i : in.inputs) {
    text += "\n" + i.path + "|" + std::to_string(i.bytes) + "|" + std::to_string(i.mtime_ns);
  }
  text += "\nencoding=" + std::string(encoding_name(options.encoding));
  text += "\ndelimiter=" + std::string(1, options.delimiter);
  return fingerprint_of(text);
}

// Common run.json facts.
void describe_run(RunRecord& record, const dist::Comm& comm, const std::string& command,
                  const Settings& settings, const Ingested& in) {
  auto& doc = record.doc();
  doc["xjslink_version"] = XJSLINK_VERSION;
  doc["command"] = command;
  doc["settings_hash"] = fingerprint_of(settings.canonical_json);
  doc["link_type"] = link_type_name(settings.link_type);
  doc["kernel_target"] = kernels::active_target();
  const nlohmann::json summary = in.summary_json(settings);
  doc["inputs"] = summary["inputs"];
  doc["counts"]["records"] = summary["records"];
  doc["counts"]["records_per_source"] = summary["records_per_source"];
  doc["counts"]["unparsed_values"] = summary["unparsed_values"];
  doc["ranks"] = comm.size();
  doc["threads_per_rank"] = omp_get_max_threads();
}

// The peak memory (largest rank) once a stage is done, for the bytes-per-record figures.
void note_peak(const dist::Comm& comm, RunRecord& record, const char* stage) {
  record.doc()["memory"]["peak_rss_after"][stage] =
      comm.allreduce(peak_rss_bytes(), dist::Op::kMax);
}

Model train_stage(const dist::Comm& comm, const Settings& settings, const Ingested& in,
                  RunRecord& record, const std::string& fingerprint, bool resume,
                  const ExecutionOptions& execution) {
  const std::string path = path_in(record.dir(), "model.json");
  if (resume && record.stage_complete("train", fingerprint)) {
    log_info(comm.is_root(), "train: complete in an earlier run; using " + path);
    return Model::load(path);
  }
  record.clear_stage("train");
  fault_point_before(comm, "train");
  const StageScope stage("training the model");
  const auto t = Clock::now();
  Model model = train_model(comm, in.records, settings, in.counts, execution);
  dist::agree_on_errors(comm, [&] {
    if (comm.is_root()) io::write_file_atomically(path, model.to_json_text());
  });
  const double s = seconds_since(t);
  record.doc()["timings_seconds"]["train"] = s;
  note_peak(comm, record, "train");
  record.mark_stage("train", fingerprint, s, {"model.json"});
  record.save(comm);
  fault_point_after(comm, "train");
  log_info(comm.is_root(), "train: wrote " + path);
  return model;
}

std::vector<std::string> output_files(const std::string& name, const OutputFormats& f) {
  std::vector<std::string> out;
  if (f.csv) out.push_back(name + ".csv");
  if (f.hdf5) out.push_back(name + ".h5");
  return out;
}

// Scores and writes predictions; returns the edges for clustering.
Predictions predict_stage(const dist::Comm& comm, const Settings& settings, const Model& model,
                          Ingested& in, RunRecord& record, const std::string& fingerprint,
                          const ScoreThreshold& threshold, const OutputFormats& formats,
                          const ExecutionOptions& execution) {
  record.clear_stage("predict");
  fault_point_before(comm, "predict");
  const StageScope stage("scoring pairs");
  const auto t = Clock::now();
  ScoreCounts counts;
  Predictions pairs = score_pairs(comm, in.records, settings, model, threshold, &counts, execution);
  const double scoring = seconds_since(t);
  const auto tw = Clock::now();
  // Clustering needs the edges only; the full pairs go to the writer.
  Predictions edges;
  edges.left = pairs.left;
  edges.right = pairs.right;
  edges.match_weight = pairs.match_weight;
  const StageScope writing_stage("writing predictions");
  write_predictions(comm, std::move(pairs), in.keys, model, in.counts.total(),
                    {record.dir(), formats.csv, formats.hdf5});
  const double writing = seconds_since(tw);
  auto& doc = record.doc();
  nlohmann::json per_rule = nlohmann::json::array();
  for (std::size_t r = 0; r < settings.blocking_rules.size(); ++r) {
    per_rule.push_back(
        {{"rule", settings.blocking_rules[r].text}, {"pairs", counts.pairs_per_rule[r]}});
  }
  doc["counts"]["blocked_pairs_per_rule"] = per_rule;
  // Pair work of each rank per rule (pairs in the blocks it compares), to check the balance.
  nlohmann::json work = nlohmann::json::array();
  for (const auto& per_rank : counts.work_per_rank)
    work.push_back(per_rank);
  doc["pair_work_per_rank"] = work;
  doc["counts"]["scored_pairs"] = counts.scored;
  doc["counts"]["predictions"] = counts.kept;
  doc["timings_seconds"]["predict"] = scoring;
  doc["timings_seconds"]["write_predictions"] = writing;
  doc["threshold"] = {{"by_weight", threshold.by_weight}, {"value", threshold.value}};
  note_peak(comm, record, "predict");
  record.mark_stage("predict", fingerprint, scoring + writing,
                    output_files("predictions", formats));
  record.save(comm);
  fault_point_after(comm, "predict");
  log_info(comm.is_root(), "predict: wrote " + std::to_string(counts.kept) + " pairs to " +
                               path_in(record.dir(), "predictions.*"));
  return edges;
}

// Edges for clustering from a predictions.h5 written earlier: each rank reads a share of rows.
// Record indices must name records of the inputs (the file may come from other inputs).
Predictions read_prediction_edges(const dist::Comm& comm, const std::string& path,
                                  std::uint64_t num_records) {
  Predictions out;
  const StageScope stage("reading predictions " + path);
  dist::agree_on_errors(comm, [&] {
    const std::uint64_t rows = io::hdf5_table_rows(path, kPredictionsGroup);
    const auto p = static_cast<std::uint64_t>(comm.size());
    const auto r = static_cast<std::uint64_t>(comm.rank());
    const Table t = io::read_hdf5_table(path, kPredictionsGroup,
                                        {"record_index_l", "record_index_r", "match_weight"},
                                        rows * r / p, rows * (r + 1) / p);
    const auto record_index = [&](std::size_t column, std::size_t i) {
      const double v = t.column(column).number_at(i);
      if (t.column(column).is_null(i) || !(v >= 0 && v < static_cast<double>(num_records)) ||
          v != std::floor(v)) {
        throw Error(ErrorCode::kInvalidInput,
                    "record " + std::to_string(rows * r / p + i + 1) +
                        ": not a record index of the inputs, which hold " +
                        std::to_string(num_records) +
                        " records (indices from 0); were these predictions made from other "
                        "inputs?",
                    path, 0, t.column(column).name());
      }
      return static_cast<std::uint64_t>(v);
    };
    for (std::size_t i = 0; i < t.num_rows(); ++i) {
      out.left.push_back(record_index(0, i));
      out.right.push_back(record_index(1, i));
      out.match_weight.push_back(t.column(2).number_at(i));
    }
  });
  return out;
}

void cluster_stage(const dist::Comm& comm, const Ingested& in, const Predictions& pairs,
                   double threshold, RunRecord& record, const std::string& fingerprint,
                   const OutputFormats& formats) {
  record.clear_stage("cluster");
  fault_point_before(comm, "cluster");
  const StageScope stage("clustering");
  const auto t = Clock::now();
  const Clusters clusters = cluster_records(comm, in.keys, pairs, threshold);
  const double clustering = seconds_since(t);
  const auto tw = Clock::now();
  const StageScope writing_stage("writing clusters");
  write_clusters(comm, in.keys, clusters, in.counts.total(),
                 {record.dir(), formats.csv, formats.hdf5});
  auto& doc = record.doc();
  doc["counts"]["cluster_edges"] = clusters.num_edges;
  doc["counts"]["clusters"] = clusters.num_clusters;
  doc["counts"]["largest_cluster"] = clusters.largest_cluster;
  doc["cluster_threshold"] = threshold;
  doc["timings_seconds"]["cluster"] = clustering;
  doc["timings_seconds"]["write_clusters"] = seconds_since(tw);
  note_peak(comm, record, "cluster");
  record.mark_stage("cluster", fingerprint, clustering + seconds_since(tw),
                    output_files("clusters", formats));
  record.save(comm);
  log_info(comm.is_root(), "cluster: " + std::to_string(clusters.num_clusters) +
                               " clusters (largest " + std::to_string(clusters.largest_cluster) +
                               ") written to " + path_in(record.dir(), "clusters.*"));
}

struct Started {
  RunRecord record;
  Ingested in;
  std::string inputs_fp;
};

Started start(const dist::Comm& comm, const Settings& settings, const PipelineOptions& options,
              const std::string& command) {
  make_output_dir(comm, options.out_dir);
  Started s{RunRecord::load(comm, options.out_dir), {}, {}};
  fault_point_before(comm, "ingest");
  const StageScope stage("reading the inputs");
  const auto t = Clock::now();
  s.in = ingest(comm, settings, options.inputs, options.ingest);
  describe_run(s.record, comm, command, settings, s.in);
  s.record.doc()["command_line"] = options.command_line;
  s.record.doc()["timings_seconds"]["ingest"] = seconds_since(t);
  // Bytes per record held through the run: the compare payload and the record keys.
  const std::uint64_t held = comm.allreduce<std::uint64_t>(
      s.in.records.memory_bytes() + s.in.keys.unique_id.memory_bytes() +
          s.in.keys.global_index.capacity() * sizeof(std::uint64_t) +
          s.in.keys.source.capacity() * sizeof(std::uint16_t),
      dist::Op::kSum);
  const double records = std::max<double>(1.0, static_cast<double>(s.in.counts.total()));
  s.record.doc()["memory"]["record_bytes_per_record"] = static_cast<double>(held) / records;
  note_peak(comm, s.record, "ingest");
  s.inputs_fp = inputs_fingerprint(settings.canonical_json, s.in, options.ingest);
  return s;
}

}  // namespace

void run_pipeline(const dist::Comm& comm, const std::string& settings_path,
                  const PipelineOptions& options) {
  const Settings settings = load_settings(settings_path);
  Started s = start(comm, settings, options, "run");
  const std::string train_fp = fingerprint_of(s.inputs_fp + "|train");
  const Model model =
      train_stage(comm, settings, s.in, s.record, train_fp, options.resume, options.execution);

  const ScoreThreshold threshold = ScoreThreshold::from_settings(settings);
  const std::string predict_fp =
      fingerprint_of(train_fp + "|predict|" + model.to_json_text() +
                     (options.formats.csv ? "c" : "") + (options.formats.hdf5 ? "h" : ""));
  const std::string cluster_fp =
      fingerprint_of(predict_fp + "|cluster|" + std::to_string(settings.cluster_threshold));
  const bool predicted = options.resume && s.record.stage_complete("predict", predict_fp);
  const bool clustered = predicted && s.record.stage_complete("cluster", cluster_fp);
  const bool can_reuse_pairs = options.formats.hdf5;
  Predictions pairs;
  if (predicted && (clustered || can_reuse_pairs)) {
    log_info(comm.is_root(), "predict: complete in an earlier run");
    if (!clustered) {
      pairs = read_prediction_edges(comm, path_in(options.out_dir, "predictions.h5"),
                                    s.in.counts.total());
    }
  } else {
    pairs = predict_stage(comm, settings, model, s.in, s.record, predict_fp, threshold,
                          options.formats, options.execution);
  }
  if (clustered) {
    log_info(comm.is_root(), "cluster: complete in an earlier run");
  } else {
    cluster_stage(comm, s.in, pairs, settings.cluster_threshold, s.record, cluster_fp,
                  options.formats);
  }
  s.record.save(comm);
  log_info(comm.is_root(), "outputs in " + options.out_dir);
}

void run_train(const dist::Comm& comm, const std::string& settings_path,
               const PipelineOptions& options) {
  const Settings settings = load_settings(settings_path);
  Started s = start(comm, settings, options, "train");
  train_stage(comm, settings, s.in, s.record, fingerprint_of(s.inputs_fp + "|train"),
              options.resume, options.execution);
}

void run_predict(const dist::Comm& comm, const std::string& model_path,
                 const PipelineOptions& options, std::optional<double> threshold) {
  const Model model = Model::load(model_path);
  const Settings settings = model.embedded_settings(model_path);
  Started s = start(comm, settings, options, "predict");
  ScoreThreshold t = ScoreThreshold::from_settings(settings);
  if (threshold) t = ScoreThreshold{false, *threshold};
  const std::string fp =
      fingerprint_of(s.inputs_fp + "|predict|" + model.to_json_text() + std::to_string(t.value));
  predict_stage(comm, settings, model, s.in, s.record, fp, t, options.formats, options.execution);
}

void run_cluster(const dist::Comm& comm, const std::string& model_path,
                 const std::string& predictions_path, const PipelineOptions& options,
                 std::optional<double> threshold) {
  const Model model = Model::load(model_path);
  const Settings settings = model.embedded_settings(model_path);
  Started s = start(comm, settings, options, "cluster");
  const Predictions pairs = read_prediction_edges(comm, predictions_path, s.in.counts.total());
  const double t = threshold.value_or(settings.cluster_threshold);
  std::error_code ec;
  const auto size = std::filesystem::file_size(predictions_path, ec);
  const auto mtime = std::filesystem::last_write_time(predictions_path, ec);
  const std::string fp = fingerprint_of(
      s.inputs_fp + "|cluster|" + predictions_path + "|" + std::to_string(size) + "|" +
      std::to_string(mtime.time_since_epoch().count()) + "|" + std::to_string(t));
  cluster_stage(comm, s.in, pairs, t, s.record, fp, options.formats);
}

}  // namespace xjslink
