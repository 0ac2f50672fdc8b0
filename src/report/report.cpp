// File: report/report.cpp
// Gathering a report's data (the evaluation's single pass over the predictions also samples
// the waterfall pairs) and writing the page atomically. The page itself: report_page.cpp.
#include "xjslink/report/report.hpp"

#include <algorithm>
#include <filesystem>

#include "xjslink/error.hpp"
#include "xjslink/eval/record_index.hpp"
#include "xjslink/eval/record_values.hpp"
#include "xjslink/eval/run_outputs.hpp"
#include "xjslink/eval/table_blocks.hpp"
#include "xjslink/io/atomic_file.hpp"
#include "xjslink/log.hpp"

namespace xjslink::report {
namespace {

// The compared values of the sampled pairs' records, read from the run's inputs.
std::vector<std::vector<std::pair<std::string, std::string>>> sampled_values(
    const eval::RunOutputs& run, const ReportOptions& o, const std::vector<SampledPair>& pairs) {
  const std::vector<std::string>& inputs =
      o.evaluation.inputs.empty() ? run.inputs : o.evaluation.inputs;
  if (inputs.empty()) {
    throw Error(ErrorCode::kInvalidInput,
                "--show-values needs the run's inputs (run.json lists none): give --input", {}, 0,
                "--show-values");
  }
  eval::RecordIndex index;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> ids;
  for (const SampledPair& p : pairs) {
    const auto add = [&](const std::string& source, const std::string& uid) {
      const std::uint16_t s = index.add_source(source);
      std::uint32_t id = index.find(s, uid);
      if (id == eval::RecordIndex::kAbsent) id = index.add(s, uid);
      return id;
    };
    ids.emplace_back(add(p.source_l, p.unique_id_l), add(p.source_r, p.unique_id_r));
  }
  std::vector<std::string> columns;
  for (const auto& c : run.model.comparisons) {
    for (const auto& name : c.columns) {
      if (std::find(columns.begin(), columns.end(), name) == columns.end()) {
        columns.push_back(name);
      }
    }
  }
  std::vector<eval::RecordValues> values;
  for (const auto& c : columns)
    values.emplace_back(c, index.size());
  for (const std::string& path : inputs) {
    const std::vector<std::string> header = eval::table_header(path, "records", o.evaluation.csv);
    std::vector<std::string> present;
    std::vector<std::size_t> where;
    for (std::size_t k = 0; k < columns.size(); ++k) {
      if (std::find(header.begin(), header.end(), columns[k]) != header.end()) {
        present.push_back(columns[k]);
        where.push_back(k);
      }
    }
    eval::RecordKeySpec key;
    key.source_column = run.settings.source_dataset_column;
    if (key.source_column.empty()) key.fixed_source = std::filesystem::path(path).stem().string();
    key.unique_id_column = run.settings.unique_id_column;
    std::vector<eval::RecordValues> part;
    for (const std::size_t k : where)
      part.push_back(std::move(values[k]));
    eval::read_record_values(path, "records", key, present, index, o.evaluation.csv, part);
    for (std::size_t i = 0; i < where.size(); ++i)
      values[where[i]] = std::move(part[i]);
  }
  const auto text = [&](std::size_t column, std::uint32_t record) {
    const std::uint32_t v = values[column].of_record[record];
    return v == eval::KeyInterner::kAbsent ? std::string()
                                           : std::string(values[column].values.key(v));
  };
  std::vector<std::vector<std::pair<std::string, std::string>>> out;
  for (const auto& [l, r] : ids) {
    std::vector<std::pair<std::string, std::string>> row;
    for (const auto& c : run.model.comparisons) {
      // A multi-column comparison shows its columns' values side by side.
      std::string left, right;
      for (const auto& name : c.columns) {
        const auto k = static_cast<std::size_t>(std::find(columns.begin(), columns.end(), name) -
                                                columns.begin());
        left += (left.empty() ? "" : " ") + text(k, l);
        right += (right.empty() ? "" : " ") + text(k, r);
      }
      row.emplace_back(left, right);
    }
    out.push_back(std::move(row));
  }
  return out;
}

}  // namespace

ReportData collect_report_data(const ReportOptions& o) {
  ReportData d;
  const eval::RunOutputs run = eval::open_run(o.evaluation.run_dir);
  d.model = run.model;
  d.run = run.run;
  const bool has_truth = !o.evaluation.truth_path.empty() || !o.evaluation.truth_column.empty();
  WaterfallSampler sampler(run.model, o.waterfall_pairs, o.seed,
                           o.evaluation.threshold.value_or(run.output_threshold), has_truth,
                           o.show_values);
  d.evaluation = eval::evaluate_run(o.evaluation, &sampler);
  d.waterfalls = sampler.samples();
  if (o.show_values) d.values = sampled_values(run, o, d.waterfalls);
  return d;
}

void write_report(const ReportOptions& options, const std::string& path) {
  const ReportData data = collect_report_data(options);
  io::write_file_atomically(path, render_report(data, options));
  log_info(true, "report: wrote " + path);
}

}  // namespace xjslink::report
