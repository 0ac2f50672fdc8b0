// File: cli/evaluate_cmd.cpp
// `xjslink evaluate`: linkage quality of a run against a ground truth (or the model's own
// estimates without one). The evaluation runs on rank 0 only; other ranks wait for its
// outcome so that every rank exits the same way.
#include <iostream>
#include <optional>

#include "cli/options.hpp"
#include "dist/agree.hpp"
#include "dist/comm.hpp"
#include "xjslink/encoding.hpp"
#include "xjslink/error.hpp"
#include "xjslink/eval/evaluation.hpp"
#include "xjslink/eval/evaluation_format.hpp"
#include "xjslink/io/atomic_file.hpp"
#include "xjslink/log.hpp"

namespace xjslink::cli {

// Options shared with `xjslink report`: what to evaluate and against which truth.
po::options_description evaluation_options(eval::EvaluateOptions& o, std::string& encoding,
                                           double& threshold) {
  po::options_description d("Evaluation");
  d.add_options()("run,r", po::value<std::string>(&o.run_dir)->required(),
                  "run directory written by `xjslink run`")(
      "truth,t", po::value<std::string>(&o.truth_path),
      "truth table (CSV): source_dataset, unique_id, person_id and any subgroup columns")(
      "truth-column", po::value<std::string>(&o.truth_column),
      "take the person id from this column of the run's inputs instead")(
      "truth-regex", po::value<std::string>(&o.truth_regex),
      "with --truth-column: the person id is the first capture group of this regex "
      "(e.g. 'rec-(\\d+)')")("input,i", po::value<std::vector<std::string>>(&o.inputs),
                             "the run's inputs (default: those listed in run.json); repeat")(
      "persons", po::value<std::string>(&o.persons_path),
      "person-level attributes (CSV with person_id), for --by")(
      "by", po::value<std::vector<std::string>>(&o.by),
      "subgroup attribute: source_dataset, source_dataset_pair, or a column of the truth "
      "table, persons table or inputs; repeat")(
      "threshold", po::value<double>(&threshold),
      "evaluate at this match probability (default: the run's output threshold)")(
      "min-cell", po::value<std::uint64_t>(&o.flag_rule.min_cell)->default_value(10),
      "never flag a group with fewer records or pairs than this (the report also suppresses "
      "smaller counts)")("flag-margin",
                         po::value<double>(&o.flag_rule.margin)->default_value(0.02, "0.02"),
                         "flag a group worse than overall by more than this (a proportion)")(
      "flag-confidence", po::value<double>(&o.flag_rule.confidence)->default_value(0.95, "0.95"),
      "confidence of the Wilson interval used to flag groups")(
      "encoding", po::value<std::string>(&encoding)->default_value("utf-8"),
      "text encoding of truth, persons and input CSVs: utf-8, latin1 or windows-1252")(
      "delimiter", po::value<char>(&o.csv.delimiter)->default_value(','),
      "field delimiter of truth, persons and input CSVs")("quiet,q", "print errors only")(
      "verbose,v", "print debugging progress");
  return d;
}

void finish_evaluation_options(const po::variables_map& vm, eval::EvaluateOptions& o,
                               const std::string& encoding, double threshold) {
  const auto e = encoding_from_name(encoding);
  if (!e) {
    throw Error(ErrorCode::kInvalidInput, "unknown encoding (use utf-8, latin1 or windows-1252)",
                {}, 0, "--encoding");
  }
  o.csv.encoding = *e;
  if (vm.count("threshold")) {
    if (!(threshold >= 0 && threshold <= 1)) {  // also refuses nan
      throw Error(ErrorCode::kInvalidInput, "expected a match probability from 0 to 1", {}, 0,
                  "--threshold");
    }
    o.threshold = threshold;
  }
  if (!(o.flag_rule.confidence > 0 && o.flag_rule.confidence < 1)) {
    throw Error(ErrorCode::kInvalidInput, "must be between 0 and 1", {}, 0, "--flag-confidence");
  }
  if (!(o.flag_rule.margin >= 0 && o.flag_rule.margin < 1)) {
    throw Error(ErrorCode::kInvalidInput, "must be in [0, 1)", {}, 0, "--flag-margin");
  }
  apply_log_level_options(vm);
}

int evaluate_command(const Args& args, const dist::Comm& comm) {
  eval::EvaluateOptions options;
  std::string encoding, json_path;
  double threshold = 0;
  po::options_description d = evaluation_options(options, encoding, threshold);
  d.add_options()("json", po::value<std::string>(&json_path),
                  "also write the evaluation as JSON to this file ('-': standard output, "
                  "instead of the tables)");
  po::variables_map vm;
  if (!parse_or_help(args, d,
                     "usage: xjslink evaluate --run DIR [--truth TRUTH.csv | --truth-column COL "
                     "[--truth-regex RE]] [--by ATTR ...] [--json OUT.json]\n\n"
                     "Pairwise and cluster precision, recall and F1, the precision-recall "
                     "curve, the model's own estimates and subgroup gaps (docs/evaluation.md). "
                     "Runs on rank 0.",
                     comm, vm)) {
    return 0;
  }
  finish_evaluation_options(vm, options, encoding, threshold);
  dist::agree_on_errors(comm, [&] {
    if (!comm.is_root()) return;
    const eval::Evaluation evaluation = eval::evaluate_run(options);
    const std::string json = eval::evaluation_json(evaluation).dump(2) + "\n";
    if (json_path == "-") {
      std::cout << json;
    } else {
      std::cout << eval::evaluation_text(evaluation);
      if (!json_path.empty()) {
        io::write_file_atomically(json_path, json);
        log_info(true, "evaluate: wrote " + json_path);
      }
    }
    std::cout.flush();
  });
  return 0;
}

}  // namespace xjslink::cli
