// File: eval/run_outputs.hpp
// A run directory as written by `xjslink run` (model.json, run.json, predictions.{h5,csv},
// clusters.{h5,csv}), read for evaluation: the run's facts, its records (from the clusters
// file: one row per input record) and its scored pairs, streamed in blocks with dense ids.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "xjslink/eval/cluster_review.hpp"
#include "xjslink/eval/metrics.hpp"
#include "xjslink/eval/pair_tally.hpp"
#include "xjslink/eval/record_index.hpp"
#include "xjslink/model.hpp"
#include "xjslink/settings.hpp"
#include "xjslink/table.hpp"

namespace xjslink::eval {

struct RunOutputs {
  std::string dir;
  nlohmann::json run = nlohmann::json::object();  // run.json, or {} when there is none
  Model model;
  Settings settings;  // the settings embedded in model.json
  LinkType link_type = LinkType::kDedupeOnly;
  double output_threshold = 0;      // match probability at or above which pairs were written
  double cluster_threshold = 0;     // match probability at or above which pairs join clusters
  std::vector<std::string> inputs;  // run.json inputs[].absolute_path, in command-line order
  std::string predictions_path;     // predictions.h5 if present, else predictions.csv
  std::string clusters_path;        // clusters.h5 if present, else clusters.csv
};

// Throws Error: kIo / kInvalidInput naming the missing or malformed file.
RunOutputs open_run(const std::string& dir);

// Every record of the run from the clusters file, in file order: the index of record keys, and
// records with source and cluster set and person = kNoPerson. Throws Error(kInvalidInput) for
// a record listed twice (file, line, field named).
// columns (optional): the per-cluster columns (cluster_review.hpp) that the file has; a value
// out of range, or differing between two records of one cluster, is an Error(kInvalidInput)
// naming file, line and field.
void read_run_records(const RunOutputs& run, RecordIndex& index, LabelledRecords& records,
                      ClusterColumns* columns = nullptr);

// Streams the predictions in blocks: block holds the block's rows of the pair columns
// (source_dataset_l, unique_id_l, source_dataset_r, unique_id_r, match_weight,
// match_probability) then of the named extra columns (e.g. gamma_*, bf_*); pairs are the same
// rows as dense ids; first_row is the block's first row in the file.
// Throws Error(kInvalidInput) for a pair naming a record the clusters file does not have, a
// pair of a record with itself, or a non-numeric weight or probability.
using PredictionBlockFn = std::function<void(const Table& block, std::span<const ScoredPair> pairs,
                                             std::uint64_t first_row)>;
void for_each_prediction_block(const RunOutputs& run, const RecordIndex& index,
                               const std::vector<std::string>& extra_columns,
                               const PredictionBlockFn& fn);

}  // namespace xjslink::eval
