// File: ingest.hpp
// Reading the inputs of a linkage: every input file (CSV or HDF5 table) is read in parallel by
// the ranks (each a share of each file), checked (columns present, unique ids unique, text
// valid), and turned into record keys and the standardised compare payload. Records get global
// indices in input order (files in command-line order, rows in file order).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "xjslink/encoding.hpp"
#include "xjslink/prepared_records.hpp"
#include "xjslink/record_keys.hpp"
#include "xjslink/settings.hpp"
#include "xjslink/train.hpp"

namespace xjslink {

namespace dist {
class Comm;
}

// Longest unique id (and source dataset name) accepted, in bytes. The outputs hold these keys in
// fixed-width HDF5 strings as wide as the longest one, so one huge id would make every row of
// predictions.h5 that wide; a longer key is an input error naming its file, line and column.
inline constexpr std::size_t kMaxUniqueIdBytes = 256;

struct IngestOptions {
  Encoding encoding = Encoding::kUtf8;
  // Delimiter of CSV inputs.
  char delimiter = ',';
};

struct InputSummary {
  std::string path;
  std::string format;  // "csv" or "hdf5"
  std::uint64_t bytes = 0;
  std::int64_t mtime_ns = 0;
  std::uint64_t records = 0;  // global
};

struct Ingested {
  RecordKeys keys;
  PreparedRecords records;
  RecordCounts counts;
  std::vector<InputSummary> inputs;
  // Global number of values of each settings column that could not be parsed as its type
  // (stored as null).
  std::vector<std::uint64_t> unparsed_per_column;
  // Global number of string values of each settings column longer than the compared length
  // (prepare.hpp: kMaxComparedCodePoints), compared by their prefix.
  std::vector<std::uint64_t> truncated_per_column;

  nlohmann::json summary_json(const Settings& settings) const;
};

// Collective. Throws Error (the same on every rank) for bad input.
Ingested ingest(const dist::Comm& comm, const Settings& settings,
                const std::vector<std::string>& paths, const IngestOptions& options);

}  // namespace xjslink
