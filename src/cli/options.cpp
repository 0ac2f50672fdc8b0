// File: cli/options.cpp
#include "cli/options.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <iostream>
#include <sstream>

#include "dist/comm.hpp"
#include "xjslink/error.hpp"
#include "xjslink/log.hpp"
#include "xjslink/progress/progress.hpp"

namespace xjslink::cli {

po::options_description pipeline_options(PipelineOptions& options, std::string& encoding,
                                         std::string& formats) {
  po::options_description d("Input and output");
  d.add_options()(
      "input,i", po::value<std::vector<std::string>>(&options.inputs)->required(),
      "input file (CSV, or HDF5 table with .h5/.hdf5); repeat for several source datasets")(
      "out,o", po::value<std::string>(&options.out_dir)->required(), "output directory")(
      "encoding", po::value<std::string>(&encoding)->default_value("utf-8"),
      "text encoding of CSV inputs: utf-8, latin1 or windows-1252")(
      "delimiter", po::value<char>(&options.ingest.delimiter)->default_value(','),
      "CSV field delimiter")("formats", po::value<std::string>(&formats)->default_value("csv,hdf5"),
                             "output formats: csv, hdf5 or csv,hdf5")(
      "predictions-columns", po::value<std::string>()->default_value("full"),
      "full (record keys, weight, probability, rule, gamma and Bayes factor per comparison, "
      "record indices) or compact (record indices, weight, rule and gamma only: 25 bytes a pair "
      "plus one a comparison in HDF5)")(
      "memory-budget", po::value<std::string>(),
      "memory a rank may use for what grows with pairs, e.g. 2G or 512M: records received per "
      "shuffle round, and kept pairs (beyond it they go to sorted scratch files in --tmp-dir); "
      "same results whatever the budget; default: no limit on shuffle rounds, 40% of the node's "
      "memory shared by its ranks for pairs")(
      "tmp-dir", po::value<std::string>(&options.execution.tmp_dir),
      "directory for scratch files of pairs beyond the memory budget (removed at the end, on "
      "success or failure); default: the output directory")(
      "max-pairs", po::value<std::string>(),
      "most candidate pairs one blocking rule may make before it is refused (default: the "
      "larger of 10000000 and 1000 per record)")(
      "no-resume", "recompute every stage even if run.json shows it complete")(
      "quiet,q", "print errors only")("verbose,v", "print debugging progress")(
      "progress", po::value<std::string>()->default_value("text"),
      "progress of long stages on standard error (rank 0, at most one line per interval): text, or "
      "json for "
      "one JSON object a line; --quiet turns it off")(
      "progress-interval", po::value<std::string>()->default_value("5"),
      "seconds between progress lines (0: a line at every step)");
  return d;
}

void finish_pipeline_options(const po::variables_map& vm, PipelineOptions& options,
                             const std::string& encoding, const std::string& formats) {
  const auto e = encoding_from_name(encoding);
  if (!e) {
    throw Error(ErrorCode::kInvalidInput, "unknown encoding (use utf-8, latin1 or windows-1252)",
                {}, 0, "--encoding");
  }
  options.ingest.encoding = *e;
  options.formats = parse_output_formats(formats);
  if (vm.count("predictions-columns")) {
    const std::string& columns = vm["predictions-columns"].as<std::string>();
    if (columns != "full" && columns != "compact") {
      throw Error(ErrorCode::kInvalidInput, "expected full or compact", {}, 0,
                  "--predictions-columns");
    }
    options.formats.compact_predictions = columns == "compact";
  }
  options.resume = vm.count("no-resume") == 0;
  if (vm.count("memory-budget")) {
    options.execution.memory_budget_bytes = parse_byte_size(vm["memory-budget"].as<std::string>());
    options.execution.pair_memory_bytes = options.execution.memory_budget_bytes;
  }
  if (vm.count("max-pairs")) {
    options.execution.max_pairs = parse_count(vm["max-pairs"].as<std::string>(), "--max-pairs", 1);
  }
  apply_log_level_options(vm);
}

std::uint64_t parse_byte_size(const std::string& text, const char* option) {
  std::size_t used = 0;
  double value = 0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  std::string unit = text.substr(used);
  double scale = 1;
  if (unit == "K" || unit == "k" || unit == "KiB")
    scale = 1024.0;
  else if (unit == "M" || unit == "MiB")
    scale = 1024.0 * 1024;
  else if (unit == "G" || unit == "GiB")
    scale = 1024.0 * 1024 * 1024;
  else if (unit == "T" || unit == "TiB")
    scale = 1024.0 * 1024 * 1024 * 1024;
  else if (!unit.empty() && unit != "B")
    used = 0;
  if (used == 0 || !std::isfinite(value) || !(value > 0)) {
    throw Error(ErrorCode::kInvalidInput, "expected a size such as 512M or 2G", {}, 0, option);
  }
  // Checked before the conversion: a double beyond the range of uint64 is undefined behaviour.
  const double bytes = value * scale;
  if (!(bytes >= 1.0) || !(bytes <= 9223372036854775808.0)) {
    throw Error(ErrorCode::kInvalidInput, "size out of range (from 1 byte to 8 EiB)", {}, 0,
                option);
  }
  return static_cast<std::uint64_t>(bytes);
}

double parse_probability(const std::string& text, const char* option) {
  double value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end || !(value >= 0.0 && value <= 1.0)) {
    throw Error(ErrorCode::kInvalidInput, "expected a match probability from 0 to 1", {}, 0,
                option);
  }
  return value;
}

std::optional<double> probability_option(const po::variables_map& vm, const char* option) {
  if (vm.count(option) == 0) return std::nullopt;
  return parse_probability(vm[option].as<std::string>(), (std::string("--") + option).c_str());
}

std::uint64_t parse_count(const std::string& text, const char* option, std::uint64_t min) {
  std::uint64_t value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec == std::errc::result_out_of_range) {
    throw Error(ErrorCode::kInvalidInput, "number out of range", {}, 0, option);
  }
  if (ec != std::errc() || ptr != end || value < min) {
    throw Error(ErrorCode::kInvalidInput,
                "expected a whole number of at least " + std::to_string(min), {}, 0, option);
  }
  return value;
}

OutputFormats parse_output_formats(const std::string& text) {
  OutputFormats formats;
  formats.csv = formats.hdf5 = false;
  std::size_t begin = 0;
  for (;;) {
    const std::size_t comma = text.find(',', begin);
    const std::string item =
        text.substr(begin, comma == std::string::npos ? std::string::npos : comma - begin);
    if (item == "csv") {
      formats.csv = true;
    } else if (item == "hdf5") {
      formats.hdf5 = true;
    } else {
      throw Error(ErrorCode::kInvalidInput,
                  "unknown output format '" + item + "' (use csv, hdf5 or csv,hdf5)", {}, 0,
                  "--formats");
    }
    if (comma == std::string::npos) break;
    begin = comma + 1;
  }
  return formats;
}

void apply_log_level_options(const po::variables_map& vm) {
  if (vm.count("quiet") && vm.count("verbose")) {
    throw Error(ErrorCode::kInvalidInput, "--quiet and --verbose cannot be used together");
  }
  if (vm.count("quiet")) set_log_level(LogLevel::kQuiet);
  if (vm.count("verbose")) set_log_level(LogLevel::kDebug);
  if (vm.count("progress")) {
    const auto format = progress_format_from_name(vm["progress"].as<std::string>());
    if (!format) {
      throw Error(
          ErrorCode::kInvalidInput,
          "unknown progress format '" + vm["progress"].as<std::string>() + "' (use text or json)",
          {}, 0, "--progress");
    }
    set_progress_format(*format);
  }
  if (vm.count("progress-interval")) {
    const std::string& text = vm["progress-interval"].as<std::string>();
    double seconds = 0;
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, seconds);
    if (text.empty() || ec != std::errc() || ptr != end || !(seconds >= 0 && seconds <= 86400)) {
      throw Error(ErrorCode::kInvalidInput, "expected a number of seconds from 0 to 86400", {}, 0,
                  "--progress-interval");
    }
    set_progress_interval(seconds);
  }
}

bool parse_or_help(const Args& args, const po::options_description& description, const char* usage,
                   const dist::Comm& comm, po::variables_map& vm,
                   const po::positional_options_description* positional) {
  for (const auto& a : args) {
    if (a == "--help" || a == "-h") {
      if (comm.is_root()) std::cout << usage << "\n\n" << description << "\n";
      return false;
    }
  }
  try {
    po::command_line_parser parser(args);
    parser.options(description);
    if (positional != nullptr) parser.positional(*positional);
    po::store(parser.run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw Error(ErrorCode::kInvalidInput, std::string(e.what()) + " (see --help)");
  }
  return true;
}

std::string join_command_line(const char* command, const Args& args) {
  std::string out = std::string("xjslink ") + command;
  for (const auto& a : args)
    out += " " + a;
  return out;
}

bool StageCli::parse(const char* command, const Args& args, const char* usage,
                     const dist::Comm& comm) {
  if (!parse_or_help(args, description, usage, comm, vm)) return false;
  finish_pipeline_options(vm, options, encoding_, formats_);
  options.command_line = join_command_line(command, args);
  return true;
}

}  // namespace xjslink::cli
