// File: eval/table_blocks.hpp
// Reading a run's tables (predictions, clusters, truth, inputs) in blocks of rows, so that
// files larger than memory stream through: a CSV by byte-range parts of about block_bytes, an
// HDF5 table (path ending .h5/.hdf5) by row ranges. Only the named columns are read.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "xjslink/io/csv_reader.hpp"
#include "xjslink/table.hpp"

namespace xjslink::eval {

bool is_hdf5_path(const std::string& path);

class TableBlockReader {
 public:
  // hdf5_group: the group of an HDF5 table. Throws Error: kIo (cannot open), kInvalidInput
  // (a named column is missing: file and field named).
  TableBlockReader(std::string path, std::string hdf5_group, std::vector<std::string> columns,
                   const io::CsvReadOptions& csv = {},
                   std::uint64_t block_bytes = std::uint64_t{64} << 20);

  // Every column of the file, in file order.
  const std::vector<std::string>& header() const { return header_; }
  const std::string& path() const { return path_; }

  // The next block (columns in the order asked for); false at the end. lines[i] is the
  // 1-based line (CSV) or row number (HDF5) of row i, for error messages.
  bool next(Table& rows, std::vector<std::uint64_t>& lines);

 private:
  std::string path_;
  std::string group_;
  std::vector<std::string> columns_;
  io::CsvReadOptions csv_;
  std::vector<std::string> header_;
  bool hdf5_ = false;
  // CSV progress.
  int num_parts_ = 1;
  int next_part_ = 0;
  std::uint64_t quotes_before_ = 0;
  std::uint64_t lines_before_ = 0;
  // HDF5 progress.
  std::uint64_t rows_ = 0;
  std::uint64_t next_row_ = 0;
  std::uint64_t block_rows_ = 0;
};

// The column names of a CSV or HDF5 table.
std::vector<std::string> table_header(const std::string& path, const std::string& hdf5_group,
                                      const io::CsvReadOptions& csv = {});

// Text of a cell (strings as they are; numbers in shortest round-trip form, dates as their day
// number); buffer holds converted text. Empty for a null cell.
std::string_view cell_text(const Column& column, std::size_t row, std::string& buffer);

// A number cell (number column, or a string column holding a decimal number). Throws
// Error(kInvalidInput) naming file, line and field for a null or non-numeric cell (the value
// itself is not quoted).
double cell_number(const Column& column, std::size_t row, const std::string& file,
                   std::uint64_t line);

}  // namespace xjslink::eval
