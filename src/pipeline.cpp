// File: pipeline.cpp
// Stage orchestration: ingest, train, predict, cluster, each timed and recorded in run.json,
// each skipped on a rerun when run.json shows it completed from the same settings and inputs.
#include "xjslink/pipeline.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>

#include <omp.h>

#include "dist/agree.hpp"
#include "dist/comm.hpp"
#include "dist/launcher_watch.hpp"
#include "dist/pair_order.hpp"
#include "fault_injection.hpp"
#include "kernels/target.hpp"
#include "run_dir/run_lock.hpp"
#include "run_record.hpp"
#include "xjslink/cluster/cluster.hpp"
#include "xjslink/error.hpp"
#include "xjslink/io/atomic_file.hpp"
#include "xjslink/io/hdf5_table.hpp"
#include "xjslink/limits/pair_limit.hpp"
#include "xjslink/log.hpp"
#include "xjslink/out_of_memory.hpp"
#include "xjslink/output_tables.hpp"
#include "xjslink/pairs/kept_pairs.hpp"
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

// The input files alone (not the settings): what predictions and clusters are of. Recorded with
// the predictions so that `cluster` can refuse predictions of other inputs.
std::string input_files_fingerprint(const Ingested& in, const IngestOptions& options) {
  std::string text;
  for (const auto& i : in.inputs) {
    text += std::filesystem::absolute(i.path).lexically_normal().string() + "|" +
            std::to_string(i.bytes) + "|" + std::to_string(i.mtime_ns) + "\n";
  }
  text += "encoding=" + std::string(encoding_name(options.encoding));
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
  doc["counts"]["truncated_values"] = summary["truncated_values"];
  doc["ranks"] = comm.size();
  doc["threads_per_rank"] = omp_get_max_threads();
}

// The peak memory (largest rank) once a stage is done, for the bytes-per-record figures.
void note_peak(const dist::Comm& comm, RunRecord& record, const char* stage) {
  record.doc()["memory"]["peak_rss_after"][stage] =
      comm.allreduce(peak_rss_bytes(), dist::Op::kMax);
}

// Training's warnings (among them λ resting on few deterministic pairs) in run.json under
// warnings.train, so that a run's record says when its model is doubtful.
void record_training_warnings(const dist::Comm& comm, RunRecord& record, const Model& model,
                              bool print) {
  const nlohmann::json warnings = model.training.is_object()
                                      ? model.training.value("warnings", nlohmann::json::array())
                                      : nlohmann::json::array();
  record.doc()["warnings"]["train"] = warnings;
  if (!print) return;
  for (const auto& w : warnings) {
    if (w.is_string()) log_info(comm.is_root(), "train: warning: " + w.get<std::string>());
  }
}

Model train_stage(const dist::Comm& comm, const Settings& settings, const Ingested& in,
                  RunRecord& record, const std::string& fingerprint, bool resume,
                  const ExecutionOptions& execution) {
  const std::string path = path_in(record.dir(), "model.json");
  if (resume && record.stage_complete("train", fingerprint)) {
    log_info(comm.is_root(), "train: complete in an earlier run; using " + path);
    Model model = Model::load(path);
    record_training_warnings(comm, record, model, /*print=*/true);
    return model;
  }
  record.invalidate_from(comm, "train");
  fault_point_before(comm, "train");
  const StageScope stage("training the model");
  const auto t = Clock::now();
  Model model = train_model(comm, in.records, settings, in.counts, execution);
  dist::agree_on_errors(comm, [&] {
    if (comm.is_root()) io::write_file_atomically(path, model.to_json_text());
  });
  const double s = seconds_since(t);
  record_training_warnings(comm, record, model, /*print=*/false);  // training printed them
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

// The memory a rank may hold of kept pairs: --memory-budget, or a share of the node's memory.
std::uint64_t pair_memory(const dist::Comm& comm, const ExecutionOptions& execution) {
  if (execution.pair_memory_bytes > 0) return execution.pair_memory_bytes;
  const int on_node = comm.ranks_on_this_node();
  return pair_memory_default(on_node);
}

// Where scratch files go: --tmp-dir, or the output directory.
std::string scratch_parent(const ExecutionOptions& execution, const std::string& out_dir) {
  return execution.tmp_dir.empty() ? out_dir : execution.tmp_dir;
}

// This rank's scratch directory name: one per output directory and rank, so runs that share a
// --tmp-dir keep apart (one output directory is locked to one run).
std::string scratch_tag(const dist::Comm& comm, const std::string& out_dir) {
  return fingerprint_of(std::filesystem::absolute(out_dir).lexically_normal().string())
             .substr(0, 12) +
         "-rank" + std::to_string(comm.rank());
}

// Scratch directories a killed run in this output directory left (any rank count), removed
// before this run makes its own; the output directory's lock is held, so none is in use.
void remove_stale_scratch(const dist::Comm& comm, const PipelineOptions& options) {
  const std::string parent = scratch_parent(options.execution, options.out_dir);
  const std::string prefix =
      ".xjslink-scratch-" + scratch_tag(comm, options.out_dir).substr(0, 12) + "-rank";
  std::error_code ec;
  for (std::filesystem::directory_iterator it(parent, ec), end; !ec && it != end;
       it.increment(ec)) {
    if (it->path().filename().string().rfind(prefix, 0) == 0) {
      std::error_code ignored;  // another rank on this node may remove it first
      std::filesystem::remove_all(it->path(), ignored);
    }
  }
}

// Scores and writes predictions; returns the edges for clustering.
std::unique_ptr<EdgeSource> predict_stage(const dist::Comm& comm, const Settings& settings,
                                          const Model& model, Ingested& in, RunRecord& record,
                                          const std::string& fingerprint,
                                          const ScoreThreshold& threshold,
                                          const OutputFormats& formats,
                                          const ExecutionOptions& execution,
                                          const std::string& input_files_fp) {
  record.invalidate_from(comm, "predict");
  fault_point_before(comm, "predict");
  const StageScope stage("scoring pairs");
  const auto t = Clock::now();
  ScoreCounts counts;
  const std::uint64_t budget = pair_memory(comm, execution);
  const std::string scratch = scratch_parent(execution, record.dir());
  KeptPairs kept(kept_pairs_layout(model, /*keep_tf_bayes_factors=*/!formats.compact_predictions),
                 budget, scratch, scratch_tag(comm, record.dir()));
  score_pairs_into(comm, in.records, settings, model, threshold, &counts, execution, kept);
  const double scoring = seconds_since(t);
  // Writing and clustering need the record keys only: the compare payload is given back.
  in.records = PreparedRecords{};
  const std::uint64_t spilled_runs =
      comm.allreduce<std::uint64_t>(kept.runs().size(), dist::Op::kSum);
  const std::uint64_t kept_bytes =
      comm.allreduce<std::uint64_t>(kept.rows() * kept.row_bytes(), dist::Op::kSum);
  const std::uint64_t spilled_bytes =
      comm.allreduce<std::uint64_t>(kept.spilled_bytes(), dist::Op::kSum);
  const auto tw = Clock::now();
  // The writer hands back the edges for clustering (in output order), the rest released.
  const StageScope writing_stage("writing predictions");
  OrderedPairs ordered = dist::order_pairs_for_output(comm, kept, in.counts.total());
  std::unique_ptr<EdgeSource> edges =
      formats.compact_predictions
          ? write_compact_predictions(comm, std::move(ordered), model,
                                      {record.dir(), formats.csv, formats.hdf5})
          : write_predictions(comm, std::move(ordered), in.keys, model, in.counts.total(),
                              {record.dir(), formats.csv, formats.hdf5});
  const double writing = seconds_since(tw);
  record.doc()["out_of_core"] = {{"pair_memory_bytes_per_rank", budget},
                                 {"kept_pair_bytes", kept_bytes},
                                 {"spilled_runs", spilled_runs},
                                 {"spilled_bytes", spilled_bytes},
                                 {"scratch_parent", scratch}};
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
  doc["predictions_columns"] = formats.compact_predictions ? "compact" : "full";
  note_peak(comm, record, "predict");
  record.mark_stage("predict", fingerprint, scoring + writing,
                    output_files("predictions", formats));
  doc["stages"]["predict"]["input_files_fingerprint"] = input_files_fp;
  doc["stages"]["predict"]["model_fingerprint"] = fingerprint_of(model.to_json_text());
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
    const std::uint64_t first = rows * r / p, last = rows * (r + 1) / p;
    out.left.reserve(last - first);
    out.right.reserve(last - first);
    out.match_weight.reserve(last - first);
    // In blocks of rows, so the table read (about 27 bytes a row) stays small beside the edges.
    constexpr std::uint64_t kBlockRows = std::uint64_t{1} << 22;
    for (std::uint64_t begin = first; begin < last; begin += kBlockRows) {
      const std::uint64_t end = std::min(last, begin + kBlockRows);
      const Table t =
          io::read_hdf5_table(path, kPredictionsGroup,
                              {"record_index_l", "record_index_r", "match_weight"}, begin, end);
      const auto record_index = [&](std::size_t column, std::size_t i) {
        const double v = t.column(column).number_at(i);
        if (t.column(column).is_null(i) || !(v >= 0 && v < static_cast<double>(num_records)) ||
            v != std::floor(v)) {
          throw Error(ErrorCode::kInvalidInput,
                      "record " + std::to_string(begin + i + 1) +
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
    }
  });
  return out;
}

// The clustering figures of run.json.
nlohmann::json clustering_json(const Clusters& clusters, double seconds) {
  const ClusteringSummary& s = clusters.summary;
  nlohmann::json j = {{"method", clustering_method_name(s.method)},
                      {"connected_components", s.components},
                      {"largest_component", s.largest_component},
                      {"clusters", clusters.num_clusters},
                      {"largest_cluster", clusters.largest_cluster},
                      {"components_split", s.components_split},
                      {"edges_removed", s.edges_removed},
                      {"component_batches", s.component_batches},
                      {"seconds", seconds}};
  if (s.method == ClusteringMethod::kSupportedMerges) {
    j["min_link_support"] = s.min_link_support;
    j["refused_merges"] = s.refused_merges;
    j["max_passes"] = s.max_passes;
  }
  return j;
}

void cluster_stage(const dist::Comm& comm, const Ingested& in, std::unique_ptr<EdgeSource> edges,
                   double threshold, const ClusteringSpec& spec, RunRecord& record,
                   const std::string& fingerprint, const OutputFormats& formats,
                   const ExecutionOptions& execution) {
  record.invalidate_from(comm, "cluster");
  fault_point_before(comm, "cluster");
  const StageScope stage("clustering");
  const auto t = Clock::now();
  const Clusters clusters =
      cluster_records(comm, in.keys, *edges, threshold, spec, pair_memory(comm, execution),
                      scratch_parent(execution, record.dir()));
  edges.reset();  // scratch files of the pairs removed
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
  doc["clustering"] = clustering_json(clusters, clustering);
  doc["timings_seconds"]["cluster"] = clustering;
  doc["timings_seconds"]["write_clusters"] = seconds_since(tw);
  note_peak(comm, record, "cluster");
  record.mark_stage("cluster", fingerprint, clustering + seconds_since(tw),
                    output_files("clusters", formats));
  record.save(comm);
  log_info(comm.is_root(), "cluster: " + std::to_string(clusters.num_clusters) + " clusters by " +
                               clustering_method_name(spec.method) + " (largest " +
                               std::to_string(clusters.largest_cluster) + "; " +
                               std::to_string(clusters.summary.components_split) +
                               " components split) written to " +
                               path_in(record.dir(), "clusters.*"));
}

struct Started {
  RunLock lock;  // held until the command ends
  RunRecord record;
  Ingested in;
  std::string inputs_fp;
  std::string input_files_fp;
};

Started start(const dist::Comm& comm, const Settings& settings, const PipelineOptions& options,
              const std::string& command) {
  make_output_dir(comm, options.out_dir);
  Started s;
  s.lock = RunLock::acquire(comm, options.out_dir);
  dist::set_orphan_cleanup_dir(options.out_dir);
  s.record = RunRecord::load(comm, options.out_dir);
  remove_stale_scratch(comm, options);
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
  s.input_files_fp = input_files_fingerprint(s.in, options.ingest);
  return s;
}

// `cluster` joins records by the indices in a predictions file: predictions of other inputs
// (or another model) would give wrong clusters silently. The run.json beside the file records
// what its predictions were computed from; they must be these inputs and this model.
void check_predictions_belong(const dist::Comm& comm, const std::string& predictions_path,
                              const std::string& input_files_fp, const Model& model) {
  dist::agree_on_errors(comm, [&] {
    if (!comm.is_root()) return;
    namespace fs = std::filesystem;
    const fs::path run_json = fs::path(predictions_path).parent_path() / "run.json";
    nlohmann::json doc;
    if (std::ifstream in(run_json); in) {
      doc = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
    }
    const auto refuse = [&](const std::string& why) {
      throw Error(ErrorCode::kInvalidInput, why, predictions_path, 0, "--predictions");
    };
    if (!doc.is_object() || !doc.contains("stages") || !doc["stages"].is_object() ||
        !doc["stages"].contains("predict") || !doc["stages"]["predict"].is_object()) {
      refuse("no run.json with a predict stage beside it (" + run_json.string() +
             "), so it cannot be checked against these inputs and model; give the predictions "
             "of a run or predict output directory");
    }
    const nlohmann::json& stage = doc["stages"]["predict"];
    const std::string name = fs::path(predictions_path).filename().string();
    const nlohmann::json outputs = stage.value("outputs", nlohmann::json::array());
    const bool listed =
        stage.value("completed", false) &&
        std::find(outputs.begin(), outputs.end(), nlohmann::json(name)) != outputs.end();
    if (!listed) refuse("not a completed output of its run (" + run_json.string() + ")");
    if (stage.value("input_files_fingerprint", std::string()) != input_files_fp) {
      refuse(
          "these predictions are of other inputs (different files, sizes or modification "
          "times than --input, as recorded in " +
          run_json.string() + ")");
    }
    if (stage.value("model_fingerprint", std::string()) != fingerprint_of(model.to_json_text())) {
      refuse("these predictions were scored with another model than --model (" + run_json.string() +
             ")");
    }
  });
}

// Before any stage compares a pair: rules that would make too many pairs are refused. Training
// scans the deterministic rules in full (EM rules are sampled down to em_max_pairs).
void check_pair_limits(const dist::Comm& comm, const Settings& settings, Started& s,
                       const std::string& source, const ExecutionOptions& execution,
                       bool predicting) {
  const auto t = Clock::now();
  const Ingested& in = s.in;
  if (predicting) {
    check_rule_pair_limits(comm, in.records, settings.blocking_rules, source, "blocking_rules",
                           settings.link_type, execution.max_pairs);
  }
  check_rule_pair_limits(comm, in.records, settings.training.deterministic_rules, source,
                         "training.deterministic_rules", settings.link_type, execution.max_pairs);
  s.record.doc()["timings_seconds"]["count_rule_pairs"] = seconds_since(t);
}

}  // namespace

void run_pipeline(const dist::Comm& comm, const std::string& settings_path,
                  const PipelineOptions& options) {
  const Settings settings = load_settings(settings_path);
  Started s = start(comm, settings, options, "run");
  check_pair_limits(comm, settings, s, settings_path, options.execution, /*predicting=*/true);
  const std::string train_fp = fingerprint_of(s.inputs_fp + "|train");
  const Model model =
      train_stage(comm, settings, s.in, s.record, train_fp, options.resume, options.execution);

  const ScoreThreshold threshold = ScoreThreshold::from_settings(settings);
  const std::string predict_fp = fingerprint_of(
      train_fp + "|predict|" + model.to_json_text() + (options.formats.csv ? "c" : "") +
      (options.formats.hdf5 ? "h" : "") + (options.formats.compact_predictions ? "k" : ""));
  const std::string cluster_fp =
      fingerprint_of(predict_fp + "|cluster|" + std::to_string(settings.cluster_threshold));
  const bool predicted = options.resume && s.record.stage_complete("predict", predict_fp);
  const bool clustered = predicted && s.record.stage_complete("cluster", cluster_fp);
  const bool can_reuse_pairs = options.formats.hdf5;
  std::unique_ptr<EdgeSource> pairs;
  if (predicted && (clustered || can_reuse_pairs)) {
    log_info(comm.is_root(), "predict: complete in an earlier run");
    if (!clustered) {
      pairs = edges_in_memory(read_prediction_edges(
          comm, path_in(options.out_dir, "predictions.h5"), s.in.counts.total()));
    }
  } else {
    pairs = predict_stage(comm, settings, model, s.in, s.record, predict_fp, threshold,
                          options.formats, options.execution, s.input_files_fp);
  }
  if (clustered) {
    log_info(comm.is_root(), "cluster: complete in an earlier run");
  } else {
    cluster_stage(comm, s.in, std::move(pairs), settings.cluster_threshold, settings.clustering,
                  s.record, cluster_fp, options.formats, options.execution);
  }
  s.record.save(comm);
  log_info(comm.is_root(), "outputs in " + options.out_dir);
}

void run_train(const dist::Comm& comm, const std::string& settings_path,
               const PipelineOptions& options) {
  const Settings settings = load_settings(settings_path);
  Started s = start(comm, settings, options, "train");
  check_pair_limits(comm, settings, s, settings_path, options.execution, /*predicting=*/false);
  train_stage(comm, settings, s.in, s.record, fingerprint_of(s.inputs_fp + "|train"),
              options.resume, options.execution);
}

void run_predict(const dist::Comm& comm, const std::string& model_path,
                 const PipelineOptions& options, std::optional<double> threshold) {
  const Model model = Model::load(model_path);
  const Settings settings = model.embedded_settings(model_path);
  Started s = start(comm, settings, options, "predict");
  record_training_warnings(comm, s.record, model, /*print=*/true);
  check_pair_limits(comm, settings, s, model_path, options.execution, /*predicting=*/true);
  ScoreThreshold t = ScoreThreshold::from_settings(settings);
  if (threshold) t = ScoreThreshold{false, *threshold};
  const std::string fp =
      fingerprint_of(s.inputs_fp + "|predict|" + model.to_json_text() + std::to_string(t.value));
  predict_stage(comm, settings, model, s.in, s.record, fp, t, options.formats, options.execution,
                s.input_files_fp);
}

void run_cluster(const dist::Comm& comm, const std::string& model_path,
                 const std::string& predictions_path, const PipelineOptions& options,
                 const ClusterOverrides& overrides) {
  const Model model = Model::load(model_path);
  const Settings settings = model.embedded_settings(model_path);
  Started s = start(comm, settings, options, "cluster");
  check_predictions_belong(comm, predictions_path, s.input_files_fp, model);
  std::unique_ptr<EdgeSource> pairs =
      edges_in_memory(read_prediction_edges(comm, predictions_path, s.in.counts.total()));
  const double t = overrides.threshold.value_or(settings.cluster_threshold);
  ClusteringSpec spec = settings.clustering;
  if (overrides.method) spec.method = *overrides.method;
  if (overrides.min_link_support) spec.min_link_support = *overrides.min_link_support;
  std::error_code ec;
  const auto size = std::filesystem::file_size(predictions_path, ec);
  const auto mtime = std::filesystem::last_write_time(predictions_path, ec);
  const std::string fp = fingerprint_of(
      s.inputs_fp + "|cluster|" + predictions_path + "|" + std::to_string(size) + "|" +
      std::to_string(mtime.time_since_epoch().count()) + "|" + std::to_string(t) + "|" +
      clustering_method_name(spec.method) + "|" + std::to_string(spec.min_link_support));
  cluster_stage(comm, s.in, std::move(pairs), t, spec, s.record, fp, options.formats,
                options.execution);
}

}  // namespace xjslink
