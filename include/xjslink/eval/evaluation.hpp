// File: eval/evaluation.hpp
// `xjslink evaluate` as a library call: reads a run directory and a ground truth (a truth
// table, or a truth column of the run's inputs), streams the predictions once, and computes
// pairwise and cluster metrics, the precision-recall curve, the model's own estimates, the
// reliability diagram (calibration), the clusters for review, the linkage summary and subgroup
// metrics. Runs in one process (the CLI calls it on rank 0).
// Memory: about 160 bytes per record with the truth (docs/benchmarks.md); predictions are
// streamed and cost nothing per pair.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "xjslink/eval/cluster_review.hpp"
#include "xjslink/eval/linkage_summary.hpp"
#include "xjslink/eval/metrics.hpp"
#include "xjslink/eval/pair_tally.hpp"
#include "xjslink/eval/record_index.hpp"
#include "xjslink/eval/reliability.hpp"
#include "xjslink/eval/subgroups.hpp"
#include "xjslink/io/csv_reader.hpp"
#include "xjslink/settings.hpp"
#include "xjslink/table.hpp"

namespace xjslink::eval {

struct EvaluateOptions {
  std::string run_dir;
  // Ground truth: a table (source_dataset, unique_id, person_id, any subgroup columns), or a
  // column of the run's inputs, optionally through a regex whose first group is the person id.
  std::string truth_path;
  std::string truth_column;
  std::string truth_regex;
  std::string persons_path;         // person-level attributes (person_id, ...), for --by
  std::vector<std::string> inputs;  // the run's inputs; empty: run.json's inputs
  std::vector<std::string> by;      // subgroup attributes
  std::optional<double> threshold;  // match probability; default: the run's output threshold
  io::CsvReadOptions csv;           // delimiter and encoding of truth, persons and input CSVs
  FlagRule flag_rule;
  std::size_t review_clusters = 10;  // rows of each list of clusters for review
};

struct TruthSummary {
  std::string kind;         // "table", "input column" or "none"
  std::string description;  // the file or column (and regex) it came from
  std::uint64_t labelled_records = 0;
  std::uint64_t unlabelled_records = 0;  // records of the run the truth does not label
  std::uint64_t rows_not_in_run = 0;     // truth rows for records not in the run (ignored)
  std::uint64_t persons = 0;
};

struct Evaluation {
  // The run.
  std::string run_dir;
  LinkType link_type = LinkType::kDedupeOnly;
  double output_threshold = 0;  // match probability
  double cluster_threshold = 0;
  double threshold = 0;  // the evaluation threshold (match probability)
  double lambda = 0;
  std::string predictions_file;
  std::string clusters_file;
  std::uint64_t records = 0;
  std::uint64_t pairs_written = 0;
  // run.json's warnings, "stage: text" (e.g. λ resting on few deterministic pairs).
  std::vector<std::string> run_warnings;
  LinkageSummary linkage;

  // Against the truth (has_truth).
  bool has_truth = false;
  TruthSummary truth;
  PairCounts pairwise;                 // at the threshold, labelled pairs
  std::uint64_t unlabelled_pairs = 0;  // pairs at the threshold with an unlabelled record
  ClusterMetrics clusters;
  std::vector<CurvePoint> curve;  // also without truth (then only the estimates count)

  // Without truth.
  ModelEstimates estimates;
  // Written pairs per match-weight bin (for the report's histogram).
  std::int64_t first_bin = 0;
  std::vector<WeightBin> bins;

  // Written pairs by predicted match probability; observed precision needs the truth.
  Calibration calibration;
  // The largest and least dense clusters, and the density distribution.
  ClusterReview cluster_review;

  FlagRule flag_rule;
  std::vector<SubgroupMetrics> subgroups;
};

// Sees every block of predictions during the evaluation's single pass (the report samples
// pairs for waterfall charts this way).
class PredictionObserver {
 public:
  virtual ~PredictionObserver() = default;
  // Extra prediction columns wanted, given the file's header.
  virtual std::vector<std::string> columns(const std::vector<std::string>& header) const = 0;
  // block: the pair columns then the extra columns (see for_each_prediction_block).
  virtual void observe(const Table& block, std::span<const ScoredPair> pairs,
                       std::uint64_t first_row, const LabelledRecords& records) = 0;
};

// Throws Error for unreadable or inconsistent files, unknown --by attributes, a threshold
// below the run's output threshold.
Evaluation evaluate_run(const EvaluateOptions& options, PredictionObserver* observer = nullptr);

}  // namespace xjslink::eval
