// File: cli/options.hpp
// Option groups shared by the stage commands, and the common parse-and-help routine.
#pragma once

#include <boost/program_options.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "cli/commands.hpp"
#include "xjslink/pipeline.hpp"

namespace xjslink::cli {

namespace po = boost::program_options;

// --input, --out, --encoding, --delimiter, --formats, --no-resume, --quiet, --verbose,
// --progress.
po::options_description pipeline_options(PipelineOptions& options, std::string& encoding,
                                         std::string& formats);
// Applies the textual options (encoding, formats, log level) after parsing.
void finish_pipeline_options(const po::variables_map& vm, PipelineOptions& options,
                             const std::string& encoding, const std::string& formats);

// Parses args; on --help prints usage (rank 0) and returns false. Throws Error on bad options.
bool parse_or_help(const Args& args, const po::options_description& description, const char* usage,
                   const dist::Comm& comm, po::variables_map& vm,
                   const po::positional_options_description* positional = nullptr);

// "512M", "2G", "1.5G", "1048576" -> bytes (K/M/G/T are powers of 1024). Throws Error naming
// `option` for anything else, and for sizes below one byte or beyond 2^63 bytes.
std::uint64_t parse_byte_size(const std::string& text, const char* option = "--memory-budget");

// A match probability in [0, 1] ("nan", "2", "-3" and trailing text are refused).
double parse_probability(const std::string& text, const char* option);
// The probability given as `option`, or nullopt when it is absent.
std::optional<double> probability_option(const po::variables_map& vm, const char* option);

// A whole number of at least `min`, decimal digits only (so "-5" is refused rather than wrapped
// to 2^64 - 5 as a plain unsigned conversion would).
std::uint64_t parse_count(const std::string& text, const char* option, std::uint64_t min = 0);

// "csv", "hdf5", "csv,hdf5" (any order): each comma-separated item must be one of the two.
OutputFormats parse_output_formats(const std::string& text);

// --quiet / --verbose -> the log level; both at once is an error. --progress text|json (when
// the command has it) -> the progress format; any other value is an error.
void apply_log_level_options(const po::variables_map& vm);

std::string join_command_line(const char* command, const Args& args);

// The shared part of the stage commands (run, train, predict, cluster): the input/output
// options, parsing with --help, and the finished PipelineOptions. A command adds its own
// options to `description` before calling parse().
class StageCli {
 public:
  StageCli() : description(pipeline_options(options, encoding_, formats_)) {}
  // False after --help (nothing more to do).
  bool parse(const char* command, const Args& args, const char* usage, const dist::Comm& comm);

  PipelineOptions options;
  po::options_description description;
  po::variables_map vm;

 private:
  std::string encoding_, formats_;
};

}  // namespace xjslink::cli
