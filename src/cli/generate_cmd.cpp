// File: cli/generate_cmd.cpp
// `xjslink generate`: options -> GenerateOptions, then synth::generate, then a summary line on
// rank 0. No loops over records here; everything lives in the library.
#include <boost/program_options.hpp>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "dist/comm.hpp"
#include "xjslink/error.hpp"
#include "xjslink/synth/config.hpp"
#include "xjslink/synth/generate.hpp"

namespace xjslink::cli {

int run_generate(const Args& args, const dist::Comm& comm) {
  namespace po = boost::program_options;
  synth::GenerateOptions options;
  po::options_description desc(
      "xjslink generate: a synthetic Data First-style population (seven datasets, truth table)\n"
      "Options");
  desc.add_options()("help,h", "show this help")("persons", po::value<std::string>(),
                                                 "number of index persons (>= 1)")(
      "seed", po::value<std::string>()->default_value("1"), "random seed")(
      "out", po::value<std::string>(&options.out_dir), "output directory (created if absent)")(
      "format", po::value<std::string>(&options.format)->default_value("csv"), "csv or hdf5")(
      "config", po::value<std::string>(&options.config_path),
      "JSON file overriding any rates of the shipped defaults (see --print-config)")(
      "audit", po::bool_switch(&options.audit),
      "also write errors.csv: the errors applied to each record")(
      "print-config", po::bool_switch(),
      "print the effective config (defaults + --config) and exit");
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(desc).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw Error(ErrorCode::kInvalidSettings, e.what(), "", 0, "generate");
  }
  if (vm.count("help")) {
    if (comm.is_root()) {
      std::ostringstream text;
      text << desc;
      std::printf("usage: xjslink generate --persons N --seed S --out DIR [options]\n\n%s",
                  text.str().c_str());
    }
    return 0;
  }
  if (vm["print-config"].as<bool>()) {
    // Validates the file first: a bad config is reported, not printed.
    if (!options.config_path.empty()) synth::load_synth_config(options.config_path);
    if (comm.is_root()) {
      std::string user;
      if (!options.config_path.empty()) {
        std::ifstream in(options.config_path, std::ios::binary);
        std::ostringstream s;
        s << in.rdbuf();
        user = s.str();
      }
      std::printf("%s\n", synth::merged_synth_config_json(user, options.config_path).c_str());
    }
    return 0;
  }
  if (!vm.count("persons"))
    throw Error(ErrorCode::kInvalidSettings, "is required", "", 0, "--persons");
  options.persons = parse_count(vm["persons"].as<std::string>(), "--persons", 1);
  options.seed = parse_count(vm["seed"].as<std::string>(), "--seed");
  if (!vm.count("out")) throw Error(ErrorCode::kInvalidSettings, "is required", "", 0, "--out");

  const synth::GenerateSummary s = synth::generate(options, comm);
  if (comm.is_root()) {
    std::printf(
        "generated %llu records of %llu persons (%llu index) in %.2f s: %.0f records/s, "
        "%d rank(s) x %d thread(s), peak RSS %.1f MiB per rank, %.1f MiB written to %s\n",
        static_cast<unsigned long long>(s.total_records),
        static_cast<unsigned long long>(s.persons_with_records),
        static_cast<unsigned long long>(s.index_persons), s.seconds,
        s.seconds > 0 ? static_cast<double>(s.total_records) / s.seconds : 0.0, s.ranks, s.threads,
        static_cast<double>(s.peak_rss_bytes) / (1024.0 * 1024.0),
        static_cast<double>(s.output_bytes) / (1024.0 * 1024.0), options.out_dir.c_str());
    for (int d = 0; d < synth::kNumDatasets; ++d) {
      const auto id = static_cast<synth::DatasetId>(d);
      std::printf("  %-17s %llu\n", std::string(synth::dataset_name(id)).c_str(),
                  static_cast<unsigned long long>(s.records[d]));
    }
  }
  return 0;
}

}  // namespace xjslink::cli
