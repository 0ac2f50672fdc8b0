// File: io/hdf5_table.hpp
// A Table as an HDF5 group that h5py/pandas read directly and that MPI ranks read by row ranges
// (hyperslabs). Layout (docs/input-formats.md), for group G with N rows:
//   G/columns/<name>  1-D, N rows: fixed-length UTF-8 strings (NULLPAD, size = longest value in
//                     bytes, at least 1), int32 days since 1970-01-01 (attribute units), or
//                     float64 (NaN where null); attribute xjslink_type = string|date|number.
//   G/valid/<name>    1-D uint8, N rows: 1 = value present, 0 = null.
//   G attributes      xjslink_table_version = 1, num_rows, column_names (in table order).
// Fixed-length strings, not variable-length, because parallel HDF5 can write only fixed-size
// types collectively. Datasets are chunked (about 1 MiB per chunk) and deflate-compressed.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "xjslink/table.hpp"

namespace xjslink::io {

struct Hdf5WriteOptions {
  int deflate_level = 1;         // 0..9; 0 = no compression
  std::uint64_t chunk_rows = 0;  // rows per chunk; 0 = about 1 MiB per chunk
};

// Writes `table` as group `group` (e.g. "records" or "a/b") of a new file at path, atomically
// (written to path.tmp, renamed on success). Throws Error: kIo (cannot create/write),
// kInvalidInput (a column name with '/', or a string value holding a NUL byte: file, record
// and field are named).
void write_hdf5_table(const std::string& path, const std::string& group, const Table& table,
                      const Hdf5WriteOptions& options = {});

// Number of rows and column names (in table order) of the group.
std::uint64_t hdf5_table_rows(const std::string& path, const std::string& group);
std::vector<std::string> hdf5_table_columns(const std::string& path, const std::string& group);

// Reads rows [row_begin, row_end) of the named columns (empty = all, in table order; otherwise
// in the order given). Also reads groups written by other tools: string datasets of fixed or
// variable length, any integer or float dataset as a number column, an integer dataset with
// xjslink_type = date as a date column; a column without G/valid/<name> has no nulls.
// Throws Error: kIo (cannot open the file), kInvalidInput (missing group or column, unsupported
// type, lengths that differ, a row range past the end, invalid UTF-8: naming file and field).
// `key_columns` (a subset of `columns`) are read as strings whatever their type, since they
// identify records: an integer dataset gives each value's decimal text, exactly; a float
// dataset the same for whole numbers up to 2^53 in magnitude (12.0 -> "12"; NaN is a null) and
// an Error naming the record for any other value; a date dataset cannot be a key.
Table read_hdf5_table(const std::string& path, const std::string& group,
                      const std::vector<std::string>& columns, std::uint64_t row_begin,
                      std::uint64_t row_end, const std::vector<std::string>& key_columns = {});
// All rows.
Table read_hdf5_table(const std::string& path, const std::string& group,
                      const std::vector<std::string>& columns = {});

}  // namespace xjslink::io
