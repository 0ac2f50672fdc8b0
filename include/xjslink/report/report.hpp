// File: report/report.hpp
// `xjslink report` as a library call: one self-contained HTML file (inline CSS and SVG, a few
// lines of inline script that only record load success and script errors; no network) from a
// run's outputs, optionally with a ground truth. Safe by default: every count in its tables
// and chart annotations below min_cell is shown as "<min_cell", and no record value or record
// key appears unless show_values is set.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "xjslink/eval/evaluation.hpp"
#include "xjslink/model.hpp"
#include "xjslink/report/waterfall.hpp"

namespace xjslink::report {

struct ReportOptions {
  eval::EvaluateOptions evaluation;  // run directory, truth, --by, threshold, flag rule
  std::uint64_t min_cell = 10;       // disclosure control: smaller counts are suppressed
  bool show_values = false;          // show record keys and compared values in waterfalls
  std::size_t waterfall_pairs = 6;
  std::uint64_t seed = 42;  // of the waterfall sample
  std::string title;        // default: "Linkage report: <run directory name>"
};

// Everything the page shows, gathered in one pass over the run's files.
struct ReportData {
  eval::Evaluation evaluation;
  Model model;
  nlohmann::json run = nlohmann::json::object();  // run.json
  std::vector<SampledPair> waterfalls;
  // With show_values: per sampled pair, per comparison, the left and right values.
  std::vector<std::vector<std::pair<std::string, std::string>>> values;
};

// Throws Error (as evaluate_run does; show_values needs the run's inputs).
ReportData collect_report_data(const ReportOptions& options);

// The HTML page (deterministic: the same data gives the same bytes).
std::string render_report(const ReportData& data, const ReportOptions& options);

// collect + render + write `path` atomically.
void write_report(const ReportOptions& options, const std::string& path);

}  // namespace xjslink::report
