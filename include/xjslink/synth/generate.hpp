// File: synth/generate.hpp
// `xjslink generate` as a library call: writes the seven synthetic Data First-style datasets,
// the truth table (source_dataset, unique_id, person_id), the person attributes and a run
// report into a directory. Streams in blocks of persons (bounded memory at any N); runs on any
// number of ranks and threads with byte-identical output files.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "xjslink/synth/model.hpp"

namespace xjslink::dist {
class Comm;
}

namespace xjslink::synth {

struct GenerateOptions {
  std::uint64_t persons = 0;  // index persons (>= 1)
  std::uint64_t seed = 0;
  std::string out_dir;
  std::string format = "csv";  // "csv", or "hdf5": one <name>.h5 per output, group <name>
  std::string config_path;     // empty: the shipped defaults
  bool audit = false;          // also write errors.csv: the errors applied to each record
};

struct GenerateSummary {
  std::uint64_t index_persons = 0;
  std::uint64_t persons_with_records = 0;  // index persons plus related persons with a record
  std::array<std::uint64_t, kNumDatasets> records{};
  std::uint64_t total_records = 0;
  std::uint64_t output_bytes = 0;
  double seconds = 0.0;
  std::uint64_t peak_rss_bytes = 0;  // the largest over ranks
  int ranks = 1;
  int threads = 1;
};

// Collective over comm. Throws Error (the same on every rank) on bad options, config or I/O.
GenerateSummary generate(const GenerateOptions& options, const dist::Comm& comm);

// File names written in out_dir (without the directory).
std::string dataset_file_name(DatasetId dataset);  // e.g. "magistrates.csv"
inline constexpr const char* kTruthFile = "truth.csv";
inline constexpr const char* kPersonsFile = "persons.csv";
inline constexpr const char* kAuditFile = "errors.csv";
inline constexpr const char* kReportFile = "generation_report.json";

}  // namespace xjslink::synth
