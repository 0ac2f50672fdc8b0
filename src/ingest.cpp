// File: ingest.cpp
// Partitioned reading of every input (rank r reads part r of each file), record identity checks
// and preparation of the compare payload. Global indices: files in command-line order, rows in
// file order, so they do not depend on the number of ranks.
#include "xjslink/ingest.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <numeric>
#include <set>

#include <xxhash.h>

#include "dist/agree.hpp"
#include "dist/comm.hpp"
#include "dist/value_counts.hpp"
#include "xjslink/error.hpp"
#include "xjslink/io/csv_reader.hpp"
#include "xjslink/io/hdf5_table.hpp"
#include "xjslink/log.hpp"
#include "xjslink/out_of_memory.hpp"
#include "xjslink/prepare.hpp"
#include "xjslink/progress/progress.hpp"
#include "xjslink/score.hpp"

namespace xjslink {
namespace {

// The HDF5 group that holds an input table: "records", or the file's stem (as
// `xjslink generate --format hdf5` writes it).
std::string hdf5_table_group(const std::string& path) {
  const std::string stem = std::filesystem::path(path).stem().string();
  for (const std::string& group : {std::string("records"), stem}) {
    try {
      io::hdf5_table_columns(path, group);
      return group;
    } catch (const Error& e) {
      if (e.code() == ErrorCode::kIo) throw;  // the file itself cannot be read
    }
  }
  throw Error(ErrorCode::kInvalidInput,
              "no table in the HDF5 file: expected a group 'records' or '" + stem + "'", path);
}

bool is_hdf5_path(const std::string& path) {
  const std::string ext = std::filesystem::path(path).extension().string();
  return ext == ".h5" || ext == ".hdf5";
}

// One input's share on this rank: raw string columns in required_input_columns order.
struct RawPart {
  Table table;
  std::vector<std::uint64_t> lines;  // global 1-based line (CSV) or record number (HDF5)
};

RawPart read_csv_share(const dist::Comm& comm, const std::string& path, const Settings& settings,
                       const IngestOptions& options, ProgressReporter* progress) {
  io::CsvReadOptions csv;
  csv.delimiter = options.delimiter;
  csv.encoding = options.encoding;
  // Every rank sees the same header problems and throws the same Error.
  const std::vector<std::string> header = io::read_csv_header(path, csv);
  check_columns_present(settings, header, path);
  csv.columns = required_input_columns(settings);
  csv.progress = progress;
  const std::uint64_t quotes = io::count_csv_quotes(path, comm.rank(), comm.size());
  const std::uint64_t quotes_before = comm.exscan_sum(quotes);
  io::CsvPart part = io::read_csv_part(path, csv, comm.rank(), comm.size(), quotes_before);
  // Lines are local to the part until the lines of earlier parts are added. The lowest failing
  // rank's error is the first in the file, and the parts before it have exact line counts.
  const std::uint64_t lines_before = comm.exscan_sum(part.num_lines);
  std::optional<Error> error;
  if (part.error) error = part.error->with_line(lines_before + part.error->line());
  dist::raise_if_any(comm, error);
  RawPart out;
  out.table = std::move(part.data.table);
  out.lines = std::move(part.data.record_lines);
  for (auto& l : out.lines)
    l += lines_before;
  return out;
}

RawPart read_hdf5_share(const dist::Comm& comm, const std::string& path, const Settings& settings) {
  RawPart out;
  dist::agree_on_errors(comm, [&] {
    const std::string group = hdf5_table_group(path);
    const std::vector<std::string> header = io::hdf5_table_columns(path, group);
    check_columns_present(settings, header, path);
    const std::uint64_t rows = io::hdf5_table_rows(path, group);
    const auto p = static_cast<std::uint64_t>(comm.size());
    const auto r = static_cast<std::uint64_t>(comm.rank());
    const std::uint64_t begin = rows * r / p, end = rows * (r + 1) / p;
    // Typed HDF5 columns (dates, numbers) are used as they are by prepare_records; the columns
    // that identify records are text whatever their type (numeric ids, as pandas writes them).
    std::vector<std::string> keys = {settings.unique_id_column};
    if (!settings.source_dataset_column.empty()) keys.push_back(settings.source_dataset_column);
    out.table =
        io::read_hdf5_table(path, group, required_input_columns(settings), begin, end, keys);
    for (std::uint64_t row = begin; row < end; ++row)
      out.lines.push_back(row + 1);
  });
  return out;
}

// Inputs are read by byte ranges (CSV) or by offset (HDF5), so each must be a regular file:
// a FIFO or a process substitution (`<(cat f)`) has no size and cannot be read in parts. The
// same file given twice (a symlink, a hard link, another spelling of the path) would double
// every record. Both are refused before anything is read.
void check_input_files(const std::vector<std::string>& paths) {
  std::vector<std::pair<dev_t, ino_t>> seen;
  for (std::size_t f = 0; f < paths.size(); ++f) {
    const std::string& path = paths[f];
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) continue;  // the reader reports a missing file
    if (S_ISDIR(st.st_mode)) {
      throw Error(ErrorCode::kInvalidInput, "is a directory, not an input file", path, 0,
                  "--input");
    }
    if (!S_ISREG(st.st_mode)) {
      throw Error(ErrorCode::kInvalidInput,
                  "is not a regular file (a pipe, FIFO, socket or device): inputs are read in "
                  "parallel by byte range, so their size must be known; copy it to a file first",
                  path, 0, "--input");
    }
    for (std::size_t g = 0; g < seen.size(); ++g) {
      if (seen[g].first == st.st_dev && seen[g].second == st.st_ino) {
        throw Error(ErrorCode::kInvalidInput,
                    "is the same file as input " + std::to_string(g + 1) + " (" + paths[g] +
                        "), so every record would be read twice",
                    path, 0, "--input");
      }
    }
    seen.emplace_back(st.st_dev, st.st_ino);
  }
}

InputSummary summarise(const std::string& path) {
  InputSummary s;
  s.path = path;
  s.format = is_hdf5_path(path) ? "hdf5" : "csv";
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) {
    s.bytes = static_cast<std::uint64_t>(st.st_size);
    s.mtime_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  }
  return s;
}

std::vector<std::string> gather_sorted_names(const dist::Comm& comm,
                                             const std::set<std::string>& local) {
  std::string packed;
  for (const auto& n : local) {
    packed += n;
    packed.push_back('\0');
  }
  const auto got = comm.allgatherv_bytes(
      std::span<const std::byte>(reinterpret_cast<const std::byte*>(packed.data()), packed.size()));
  std::set<std::string> all;
  std::string cur;
  for (std::byte b : got.bytes) {
    if (b == std::byte{0}) {
      all.insert(cur);
      cur.clear();
    } else {
      cur.push_back(static_cast<char>(b));
    }
  }
  return {all.begin(), all.end()};
}

}  // namespace

nlohmann::json Ingested::summary_json(const Settings& settings) const {
  nlohmann::json j;
  j["records"] = counts.total();
  nlohmann::json per_source = nlohmann::json::object();
  for (std::size_t s = 0; s < keys.source_names.size(); ++s) {
    per_source[keys.source_names[s]] = counts.per_source[s];
  }
  j["records_per_source"] = per_source;
  nlohmann::json unparsed = nlohmann::json::object();
  for (std::size_t c = 0; c < settings.columns.size(); ++c) {
    if (unparsed_per_column[c] > 0) unparsed[settings.columns[c].name] = unparsed_per_column[c];
  }
  j["unparsed_values"] = unparsed;
  nlohmann::json truncated = nlohmann::json::object();
  for (std::size_t c = 0; c < settings.columns.size(); ++c) {
    if (truncated_per_column[c] > 0) truncated[settings.columns[c].name] = truncated_per_column[c];
  }
  j["truncated_values"] = truncated;
  nlohmann::json files = nlohmann::json::array();
  for (const auto& in : inputs) {
    files.push_back(
        {{"path", in.path},
         {"absolute_path", std::filesystem::absolute(in.path).lexically_normal().string()},
         {"format", in.format},
         {"bytes", in.bytes},
         {"mtime_ns", in.mtime_ns},
         {"records", in.records}});
  }
  j["inputs"] = files;
  return j;
}

Ingested ingest(const dist::Comm& comm, const Settings& settings,
                const std::vector<std::string>& paths, const IngestOptions& options) {
  if (paths.empty())
    throw Error(ErrorCode::kInvalidInput, "no input files given", {}, 0, "--input");
  dist::agree_on_errors(comm, [&] { check_input_files(paths); });
  Ingested out;
  const bool by_column = !settings.source_dataset_column.empty();
  if (!by_column) {
    std::set<std::string> stems;
    for (const auto& p : paths) {
      const std::string stem = std::filesystem::path(p).stem().string();
      if (!stems.insert(stem).second) {
        throw Error(ErrorCode::kInvalidInput,
                    "two inputs have the same file name, so their source datasets would be "
                    "indistinguishable; rename one or give a source_dataset_column",
                    p);
      }
      out.keys.source_names.push_back(stem);
    }
  }

  // Read every input's share; keep the raw text only until it is prepared. Progress counts
  // the bytes of this rank's shares (rank 0 prints its own; the shares are about equal).
  std::vector<std::uint64_t> share_bytes;
  for (const auto& path : paths) {
    std::error_code ec;
    const std::uintmax_t size = std::filesystem::file_size(path, ec);
    const io::ByteRange range =
        io::csv_part_range(ec ? 0 : static_cast<std::uint64_t>(size), comm.rank(), comm.size());
    share_bytes.push_back(range.end - range.begin);
  }
  ProgressReporter reading(
      "ingest: reading", std::accumulate(share_bytes.begin(), share_bytes.end(), std::uint64_t{0}),
      "bytes", comm.is_root());
  std::vector<RawPart> parts;
  std::uint64_t next_global = 0;
  std::vector<std::uint64_t> file_first_global;
  for (std::size_t f = 0; f < paths.size(); ++f) {
    const std::string& path = paths[f];
    const StageScope stage("reading input " + path);
    InputSummary summary = summarise(path);
    const std::uint64_t done_before = reading.done();
    RawPart part = is_hdf5_path(path) ? read_hdf5_share(comm, path, settings)
                                      : read_csv_share(comm, path, settings, options, &reading);
    // HDF5 reads report nothing on the way, and a CSV part ends at a record start.
    if (const std::uint64_t got = reading.done() - done_before; got < share_bytes[f]) {
      reading.add(share_bytes[f] - got);
    }
    const std::uint64_t rows = part.table.num_rows();
    summary.records = comm.allreduce(rows, dist::Op::kSum);
    file_first_global.push_back(next_global + comm.exscan_sum(rows));
    next_global += summary.records;
    out.inputs.push_back(summary);
    log_debug(comm.is_root(), "read " + path + ": " + std::to_string(summary.records) + " records");
    parts.push_back(std::move(part));
  }
  reading.finish();

  // Source names from the source column are the sorted distinct values over all ranks.
  if (by_column) {
    std::set<std::string> local;
    for (const auto& part : parts) {
      const Column& c = part.table.column(settings.source_dataset_column);
      for (std::size_t row = 0; row < c.size(); ++row) {
        if (!c.is_null(row)) local.insert(std::string(c.string_at(row)));
      }
    }
    out.keys.source_names = gather_sorted_names(comm, local);
    if (out.keys.source_names.size() > 0xFFFE) {
      throw Error(ErrorCode::kInvalidInput, "more than 65534 distinct source datasets", {}, 0,
                  settings.source_dataset_column);
    }
  }

  // Keys, sources and the per-record checks, as values so that ranks agree on the first error.
  std::optional<Error> error;
  std::vector<std::uint64_t> uid_hash;
  std::vector<std::size_t> row_file;
  std::vector<std::uint64_t> row_line;
  for (std::size_t f = 0; f < parts.size() && !error; ++f) {
    const Table& t = parts[f].table;
    const Column& uid = t.column(settings.unique_id_column);
    const Column* src = by_column ? &t.column(settings.source_dataset_column) : nullptr;
    for (std::size_t row = 0; row < t.num_rows(); ++row) {
      std::uint16_t source = static_cast<std::uint16_t>(f);
      if (src != nullptr) {
        if (src->is_null(row)) {
          error = Error(ErrorCode::kInvalidInput, "source dataset is empty", paths[f],
                        parts[f].lines[row], settings.source_dataset_column);
          break;
        }
        if (src->string_at(row).size() > kMaxUniqueIdBytes) {
          error = Error(ErrorCode::kInvalidInput,
                        "source dataset name is " + std::to_string(src->string_at(row).size()) +
                            " bytes long, more than the limit of " +
                            std::to_string(kMaxUniqueIdBytes) + " bytes",
                        paths[f], parts[f].lines[row], settings.source_dataset_column);
          break;
        }
        if (src->string_at(row).find('\0') != std::string_view::npos) {
          error = Error(ErrorCode::kInvalidInput, "source dataset contains a NUL byte", paths[f],
                        parts[f].lines[row], settings.source_dataset_column);
          break;
        }
        const auto& names = out.keys.source_names;
        source = static_cast<std::uint16_t>(
            std::lower_bound(names.begin(), names.end(), src->string_at(row)) - names.begin());
      }
      if (uid.is_null(row)) {
        error = Error(ErrorCode::kInvalidInput, "unique id is empty", paths[f], parts[f].lines[row],
                      settings.unique_id_column);
        break;
      }
      if (uid.string_at(row).size() > kMaxUniqueIdBytes) {
        error = Error(ErrorCode::kInvalidInput,
                      "unique id is " + std::to_string(uid.string_at(row).size()) +
                          " bytes long, more than the limit of " +
                          std::to_string(kMaxUniqueIdBytes) + " bytes",
                      paths[f], parts[f].lines[row], settings.unique_id_column);
        break;
      }
      if (uid.string_at(row).find('\0') != std::string_view::npos) {
        error = Error(ErrorCode::kInvalidInput, "unique id contains a NUL byte", paths[f],
                      parts[f].lines[row], settings.unique_id_column);
        break;
      }
      out.keys.global_index.push_back(file_first_global[f] + row);
      out.keys.source.push_back(source);
      out.keys.unique_id.append_string(uid.string_at(row));
      const std::string_view id = uid.string_at(row);
      std::uint64_t h[2] = {source, XXH3_64bits(id.data(), id.size())};
      uid_hash.push_back(XXH3_64bits(h, sizeof(h)) | 1);
      row_file.push_back(f);
      row_line.push_back(parts[f].lines[row]);
    }
  }
  dist::raise_if_any(comm, error);

  // Duplicate (source, unique id): report the first record, in global order, that shares its
  // key with another, so the message does not depend on the number of ranks.
  const std::vector<std::uint64_t> dup = dist::global_value_counts(comm, uid_hash);
  std::uint64_t first_dup = UINT64_MAX;
  std::size_t first_dup_row = 0;
  for (std::size_t i = 0; i < dup.size(); ++i) {
    if (dup[i] > 1 && out.keys.global_index[i] < first_dup) {
      first_dup = out.keys.global_index[i];
      first_dup_row = i;
    }
  }
  const std::uint64_t global_first = comm.allreduce(first_dup, dist::Op::kMin);
  if (global_first != UINT64_MAX) {
    std::optional<Error> e;
    if (first_dup == global_first) {
      e = Error(ErrorCode::kInvalidInput,
                "unique id is not unique within its source dataset (" +
                    std::to_string(dup[first_dup_row]) + " records share it)",
                paths[row_file[first_dup_row]], row_line[first_dup_row], settings.unique_id_column);
    }
    dist::raise_if_any(comm, e);
  }

  // The compare payload.
  out.records = make_prepared_records(settings);
  out.unparsed_per_column.assign(settings.columns.size(), 0);
  out.truncated_per_column.assign(settings.columns.size(), 0);
  std::size_t offset = 0;
  ProgressReporter preparing("ingest: preparing",
                             out.keys.global_index.size() * settings.columns.size(), "values",
                             comm.is_root());
  for (auto& part : parts) {
    const std::size_t n = part.table.num_rows();
    prepare_records(part.table, settings,
                    std::span<const std::uint64_t>(out.keys.global_index).subspan(offset, n),
                    std::span<const std::uint16_t>(out.keys.source).subspan(offset, n), out.records,
                    out.unparsed_per_column, out.truncated_per_column, &preparing);
    offset += n;
    part = RawPart{};
  }
  preparing.finish();
  comm.allreduce_inplace(std::span<std::uint64_t>(out.unparsed_per_column), dist::Op::kSum);
  comm.allreduce_inplace(std::span<std::uint64_t>(out.truncated_per_column), dist::Op::kSum);
  // Term frequencies travel with the records from here on (shuffles, fetches).
  compute_term_frequencies(comm, out.records);

  out.counts.per_source.assign(out.keys.source_names.size(), 0);
  for (std::uint16_t s : out.keys.source)
    ++out.counts.per_source[s];
  comm.allreduce_inplace(std::span<std::uint64_t>(out.counts.per_source), dist::Op::kSum);
  if (settings.link_type == LinkType::kLinkOnly && out.keys.source_names.size() < 2) {
    throw Error(ErrorCode::kInvalidInput,
                "link_only needs at least two source datasets (give several inputs, or a "
                "source_dataset_column)");
  }
  // Without two records there is no pair, and training would estimate nothing (lambda null).
  if (out.counts.total() < 2) {
    throw Error(ErrorCode::kInvalidInput,
                "no records to link: the input" +
                    std::string(paths.size() > 1 ? "s hold " : " holds ") +
                    std::to_string(out.counts.total()) +
                    " record(s) after the header; at least 2 are needed",
                paths.size() == 1 ? paths[0] : std::string());
  }
  log_info(comm.is_root(), "read " + std::to_string(out.counts.total()) + " records from " +
                               std::to_string(paths.size()) + " input(s)");
  return out;
}

}  // namespace xjslink
