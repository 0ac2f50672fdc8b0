// File: cli/report_cmd.cpp
// `xjslink report`: one self-contained HTML page from a run's outputs (and a truth, if given).
// Like evaluate, the work runs on rank 0; the other ranks wait for its outcome.
#include "cli/options.hpp"
#include "dist/agree.hpp"
#include "dist/comm.hpp"
#include "xjslink/eval/evaluation.hpp"
#include "xjslink/report/report.hpp"

namespace xjslink::cli {

// From evaluate_cmd.cpp: the options shared by evaluate and report.
po::options_description evaluation_options(eval::EvaluateOptions& o, std::string& encoding,
                                           double& threshold);
void finish_evaluation_options(const po::variables_map& vm, eval::EvaluateOptions& o,
                               const std::string& encoding, double threshold);

int report_command(const Args& args, const dist::Comm& comm) {
  report::ReportOptions options;
  std::string encoding, out;
  double threshold = 0;
  po::options_description d = evaluation_options(options.evaluation, encoding, threshold);
  po::options_description r("Report");
  r.add_options()("out,o", po::value<std::string>(&out)->required(), "the HTML file to write")(
      "show-values",
      "show the record keys and compared values of the sampled pairs (reads the inputs; the "
      "report is then not a safe output)")(
      "waterfall-pairs", po::value<std::size_t>(&options.waterfall_pairs)->default_value(6),
      "number of sampled pairs with a waterfall chart")(
      "seed", po::value<std::uint64_t>(&options.seed)->default_value(42),
      "seed of the waterfall sample")("title", po::value<std::string>(&options.title),
                                      "page title (default: from the run directory's name)");
  d.add(r);
  po::variables_map vm;
  if (!parse_or_help(args, d,
                     "usage: xjslink report --run DIR [--truth TRUTH.csv | --truth-column COL "
                     "[--truth-regex RE]] [--by ATTR ...] --out report.html\n\n"
                     "Writes a self-contained HTML report: model, match weights, waterfalls, "
                     "clusters, linkage rates, quality (with a truth) and subgroups, with counts "
                     "below --min-cell suppressed (docs/report.md). Runs on rank 0.",
                     comm, vm)) {
    return 0;
  }
  finish_evaluation_options(vm, options.evaluation, encoding, threshold);
  options.min_cell = options.evaluation.flag_rule.min_cell;
  options.show_values = vm.count("show-values") > 0;
  dist::agree_on_errors(comm, [&] {
    if (comm.is_root()) report::write_report(options, out);
  });
  return 0;
}

}  // namespace xjslink::cli
