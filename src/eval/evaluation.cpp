// File: eval/evaluation.cpp
// The order of work: records (clusters file) -> truth and attributes (truth table, inputs,
// persons table) -> one streamed pass over the predictions -> metrics from the tallies.
#include "xjslink/eval/evaluation.hpp"

#include <algorithm>
#include <deque>
#include <filesystem>
#include <memory>

#include "xjslink/error.hpp"
#include "xjslink/eval/record_values.hpp"
#include "xjslink/eval/run_outputs.hpp"
#include "xjslink/eval/table_blocks.hpp"
#include "xjslink/log.hpp"

namespace xjslink::eval {
namespace {

constexpr const char* kTruthGroup = "truth";
constexpr const char* kInputGroup = "records";  // the HDF5 group of an input table

bool contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

enum class Origin { kSourceDataset, kSourcePair, kTruthTable, kPersonsTable, kInputs };

const char* origin_name(Origin o) {
  switch (o) {
    case Origin::kSourceDataset:
    case Origin::kSourcePair:
      return "built-in";
    case Origin::kTruthTable:
      return "truth table";
    case Origin::kPersonsTable:
      return "persons table";
    case Origin::kInputs:
      return "inputs";
  }
  return "";
}

// How an input's rows name records: its source column, or its file stem.
RecordKeySpec input_key(const Settings& settings, const std::string& path) {
  RecordKeySpec key;
  key.source_column = settings.source_dataset_column;
  if (key.source_column.empty()) key.fixed_source = std::filesystem::path(path).stem().string();
  key.unique_id_column = settings.unique_id_column;
  return key;
}

}  // namespace

Evaluation evaluate_run(const EvaluateOptions& o, PredictionObserver* observer) {
  const RunOutputs run = open_run(o.run_dir);
  RecordIndex index;
  LabelledRecords records;
  ClusterColumns cluster_columns;
  read_run_records(run, index, records, &cluster_columns);
  std::vector<std::string> source_names;
  for (std::uint16_t s = 0; s < index.num_sources(); ++s) {
    source_names.emplace_back(index.source_name(s));
  }
  log_debug(true, "evaluate: " + std::to_string(records.size()) + " records in " +
                      std::to_string(records.num_clusters) + " clusters");

  Evaluation ev;
  ev.run_dir = run.dir;
  ev.link_type = run.link_type;
  ev.output_threshold = run.output_threshold;
  ev.cluster_threshold = run.cluster_threshold;
  ev.lambda = run.model.lambda;
  ev.predictions_file = run.predictions_path;
  ev.clusters_file = run.clusters_path;
  ev.records = records.size();
  if (run.run.contains("warnings") && run.run["warnings"].is_object()) {
    for (const auto& [stage, list] : run.run["warnings"].items()) {
      if (!list.is_array()) continue;
      for (const auto& w : list) {
        if (w.is_string()) ev.run_warnings.push_back(stage + ": " + w.get<std::string>());
      }
    }
  }
  ev.flag_rule = o.flag_rule;
  ev.threshold = o.threshold.value_or(run.output_threshold);
  if (!(ev.threshold >= run.output_threshold && ev.threshold <= 1)) {
    throw Error(ErrorCode::kInvalidInput,
                "must be between the run's output threshold and 1 (pairs below the output "
                "threshold were not written)",
                {}, 0, "--threshold");
  }
  if (!o.truth_path.empty() && !o.truth_column.empty()) {
    throw Error(ErrorCode::kInvalidInput, "give --truth or --truth-column, not both", {}, 0,
                "--truth-column");
  }
  if (!o.truth_regex.empty() && o.truth_column.empty()) {
    throw Error(ErrorCode::kInvalidInput, "needs --truth-column", {}, 0, "--truth-regex");
  }
  ev.has_truth = !o.truth_path.empty() || !o.truth_column.empty();
  if (!o.persons_path.empty() && !ev.has_truth) {
    throw Error(ErrorCode::kInvalidInput, "needs a truth (--truth or --truth-column)", {}, 0,
                "--persons");
  }
  const std::vector<std::string>& inputs = o.inputs.empty() ? run.inputs : o.inputs;

  // Where each --by attribute comes from.
  const std::vector<std::string> truth_header =
      o.truth_path.empty() ? std::vector<std::string>{}
                           : table_header(o.truth_path, kTruthGroup, o.csv);
  const std::vector<std::string> persons_header =
      o.persons_path.empty() ? std::vector<std::string>{}
                             : table_header(o.persons_path, "persons", o.csv);
  std::vector<Origin> origins;
  std::vector<std::string> truth_attrs, persons_attrs, input_attrs;
  for (const std::string& name : o.by) {
    if (std::count(o.by.begin(), o.by.end(), name) > 1) {
      throw Error(ErrorCode::kInvalidInput, "attribute given twice", {}, 0, "--by " + name);
    }
    if (name == "source_dataset") {
      origins.push_back(Origin::kSourceDataset);
    } else if (name == "source_dataset_pair") {
      origins.push_back(Origin::kSourcePair);
    } else if (contains(truth_header, name) && name != "unique_id" && name != "person_id") {
      origins.push_back(Origin::kTruthTable);
      truth_attrs.push_back(name);
    } else if (contains(persons_header, name) && name != "person_id") {
      origins.push_back(Origin::kPersonsTable);
      persons_attrs.push_back(name);
    } else {
      origins.push_back(Origin::kInputs);
      input_attrs.push_back(name);
    }
  }

  // Truth and record-level attributes.
  const std::uint32_t n = records.size();
  std::vector<RecordValues> truth_values;  // person_id, then truth_attrs
  std::vector<RecordValues> input_values;  // truth column (if any), then input_attrs
  if (!o.truth_path.empty()) {
    std::vector<std::string> columns = {"person_id"};
    columns.insert(columns.end(), truth_attrs.begin(), truth_attrs.end());
    for (const auto& c : columns)
      truth_values.emplace_back(c, n);
    RecordKeySpec key;
    key.unique_id_column = "unique_id";
    if (contains(truth_header, "source_dataset")) {
      key.source_column = "source_dataset";
    } else if (index.num_sources() == 1) {
      key.fixed_source = source_names.front();
    } else {
      throw Error(ErrorCode::kInvalidInput,
                  "missing column (needed when the run has more than one source dataset)",
                  o.truth_path, 0, "source_dataset");
    }
    const KeyedReadStats stats =
        read_record_values(o.truth_path, kTruthGroup, key, columns, index, o.csv, truth_values);
    ev.truth.kind = "table";
    ev.truth.description = o.truth_path;
    ev.truth.rows_not_in_run = stats.rows_not_in_run;
  }
  if (!o.truth_column.empty() || !input_attrs.empty()) {
    if (inputs.empty()) {
      throw Error(ErrorCode::kInvalidInput,
                  "the run's inputs are needed (run.json lists none): give --input", {}, 0,
                  "--input");
    }
    std::vector<std::string> columns;
    if (!o.truth_column.empty()) columns.push_back(o.truth_column);
    columns.insert(columns.end(), input_attrs.begin(), input_attrs.end());
    for (const auto& c : columns)
      input_values.emplace_back(c, n);
    std::vector<bool> found(columns.size(), false);
    for (const std::string& path : inputs) {
      // An input may lack a subgroup column; its records then have no value for it.
      const std::vector<std::string> header = table_header(path, kInputGroup, o.csv);
      std::vector<std::string> present;
      std::vector<std::size_t> where;
      for (std::size_t k = 0; k < columns.size(); ++k) {
        if (contains(header, columns[k])) {
          found[k] = true;
          present.push_back(columns[k]);
          where.push_back(k);
        } else if (k == 0 && !o.truth_column.empty()) {
          throw Error(ErrorCode::kInvalidInput, "missing column", path, 0, o.truth_column);
        }
      }
      std::vector<RecordValues> part;
      for (const std::size_t k : where)
        part.push_back(std::move(input_values[k]));
      const KeyedReadStats stats = read_record_values(
          path, kInputGroup, input_key(run.settings, path), present, index, o.csv, part);
      if (stats.rows > 0 && stats.rows == stats.rows_not_in_run) {
        throw Error(ErrorCode::kInvalidInput,
                    "none of this file's records is a record of the run (is it one of the run's "
                    "inputs, with the same file name?)",
                    path);
      }
      for (std::size_t i = 0; i < where.size(); ++i)
        input_values[where[i]] = std::move(part[i]);
    }
    for (std::size_t k = o.truth_column.empty() ? 0 : 1; k < columns.size(); ++k) {
      if (!found[k]) {
        throw Error(ErrorCode::kInvalidInput,
                    "unknown subgroup attribute: not built in (source_dataset, "
                    "source_dataset_pair) and no value in the truth table, persons table or "
                    "inputs",
                    {}, 0, "--by " + columns[k]);
      }
    }
    if (!o.truth_column.empty()) {
      ev.truth.kind = "input column";
      ev.truth.description =
          o.truth_column + (o.truth_regex.empty() ? "" : " (regex " + o.truth_regex + ")");
    }
  }
  RecordValues persons;
  if (ev.has_truth) {
    persons = !o.truth_path.empty() ? std::move(truth_values.front())
                                    : person_ids_from(input_values.front(), o.truth_regex);
    records.person = persons.of_record;  // kAbsent == kNoPerson: unlabelled
    records.num_persons = persons.values.size();
    ev.truth.persons = records.num_persons;
    for (std::uint32_t r = 0; r < n; ++r) {
      (records.labelled(r) ? ev.truth.labelled_records : ev.truth.unlabelled_records) += 1;
    }
  } else {
    ev.truth.kind = "none";
  }
  std::vector<RecordValues> persons_values;
  if (!persons_attrs.empty()) {
    for (const auto& c : persons_attrs)
      persons_values.emplace_back(c, n);
    read_person_values(o.persons_path, "person_id", persons_attrs, persons, o.csv, persons_values);
  }

  // The attributes in --by order (a deque: tallies keep pointers to them).
  std::deque<GroupAttribute> attributes;
  std::size_t ti = 1, pi = 0, ii = o.truth_column.empty() ? 0 : 1;
  for (const Origin origin : origins) {
    switch (origin) {
      case Origin::kSourceDataset:
        attributes.push_back(source_dataset_attribute(records, source_names));
        break;
      case Origin::kSourcePair:
        attributes.push_back(source_pair_attribute(run.link_type, source_names));
        break;
      case Origin::kTruthTable:
        attributes.push_back(group_attribute(truth_values[ti++], origin_name(origin)));
        break;
      case Origin::kPersonsTable:
        attributes.push_back(group_attribute(persons_values[pi++], origin_name(origin)));
        break;
      case Origin::kInputs:
        attributes.push_back(group_attribute(input_values[ii++], origin_name(origin)));
        break;
    }
  }
  truth_values.clear();
  input_values.clear();
  persons_values.clear();

  // One pass over the predictions.
  PairTally tally(ev.threshold, run.link_type, records.num_sources);
  ReliabilityTally reliability(run.link_type);
  ClusterLinkTally cluster_links(run.cluster_threshold, records.num_clusters);
  std::vector<SubgroupTally> subgroup_tallies;
  for (const GroupAttribute& a : attributes) {
    subgroup_tallies.emplace_back(a, ev.threshold, run.link_type, records.num_sources);
  }
  std::vector<std::string> extra;
  if (observer != nullptr) {
    extra = observer->columns(table_header(run.predictions_path, "predictions"));
  }
  for_each_prediction_block(
      run, index, extra,
      [&](const Table& block, std::span<const ScoredPair> pairs, std::uint64_t first_row) {
        tally.add(pairs, records);
        reliability.add(pairs, records);
        if (!cluster_columns.has_density) cluster_links.add(pairs, records);
        for (auto& t : subgroup_tallies)
          t.add(pairs, records);
        if (observer != nullptr) observer->observe(block, pairs, first_row, records);
      });
  ev.pairs_written = tally.pairs_written();
  log_debug(true, "evaluate: read " + std::to_string(ev.pairs_written) + " scored pairs");

  if (ev.has_truth) {
    ev.clusters = cluster_metrics(records, run.link_type);
    ev.pairwise.predicted = tally.labelled_pairs_at_threshold();
    ev.pairwise.true_positives = tally.true_positives_at_threshold();
    ev.pairwise.true_pairs = ev.clusters.pairs.true_pairs;
    ev.unlabelled_pairs = tally.pairs_at_threshold() - tally.labelled_pairs_at_threshold();
  }
  ev.curve = threshold_curve(tally, ev.pairwise.true_pairs, run.output_threshold);
  ev.linkage = linkage_summary(records, source_names);
  ev.linkage.pairs_by_source_pair = tally.pairs_by_source_pair();
  ev.estimates = model_estimates(tally, run.model.lambda,
                                 possible_pairs(run.link_type, ev.linkage.records_per_source));
  ev.first_bin = tally.first_bin();
  ev.bins = tally.bins();
  ev.calibration = calibration(reliability);
  ev.cluster_review = cluster_review(records, run.link_type, cluster_columns, cluster_links.links(),
                                     ev.has_truth, o.review_clusters);

  std::unique_ptr<BCubedPerRecord> b_cubed;
  if (ev.has_truth && std::any_of(attributes.begin(), attributes.end(),
                                  [](const GroupAttribute& a) { return !a.source_pair; })) {
    b_cubed = std::make_unique<BCubedPerRecord>(b_cubed_per_record(records));
  }
  for (std::size_t k = 0; k < attributes.size(); ++k) {
    ev.subgroups.push_back(subgroup_metrics(attributes[k], records, run.link_type,
                                            subgroup_tallies[k], ev.pairwise, b_cubed.get(),
                                            ev.has_truth, o.flag_rule));
  }
  return ev;
}

}  // namespace xjslink::eval
