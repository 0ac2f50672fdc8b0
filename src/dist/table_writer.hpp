// File: dist/table_writer.hpp
// One output table written by every rank, in rank order, as CSV and/or as an HDF5 table
// (io/hdf5_table.hpp layout), streamed in chunks so that no rank holds its whole output as
// text. CSV chunks go to a per-rank part file that ordered_write assembles; HDF5 chunks are
// written with collective parallel HDF5 (MPI-IO) at the rank's row offset, every rank taking
// part in every chunk's write (empty selections when it has no more rows). Both files are
// written under temporary names and renamed when complete.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "dist/comm.hpp"
#include "io/hdf5_table_internal.hpp"
#include "xjslink/table.hpp"

namespace xjslink::dist {

struct TableFile {
  std::string dir;
  std::string name;  // files <dir>/<name>.csv and <dir>/<name>.h5 (HDF5 group <name>)
  bool csv = true;
  bool hdf5 = true;
};

// One column's values for rows [begin, end) of a chunk, in memory, for HDF5.
struct ColumnBlock {
  enum class Kind : std::uint8_t { kFixedStrings, kDouble, kInt8, kInt64, kInt32 };
  Kind kind = Kind::kDouble;
  std::vector<char> bytes;          // the values (fixed strings: rows × string_width bytes)
  std::vector<std::uint8_t> valid;  // 0/1 per row; empty = all present
};

// This rank's rows of a table, readable in chunks.
class TableSource {
 public:
  virtual ~TableSource() = default;
  virtual std::uint64_t rows() const = 0;
  // CSV text of rows [begin, end) (no header), appended to out.
  virtual void append_csv(std::uint64_t begin, std::uint64_t end, std::string& out) const = 0;
  // Column `column` of rows [begin, end); spec gives its HDF5 width for fixed strings.
  virtual void column_block(std::size_t column, const io::detail::Hdf5ColumnSpec& spec,
                            std::uint64_t begin, std::uint64_t end, ColumnBlock& out) const = 0;
};

// A TableSource over an in-memory Table.
class TableRows : public TableSource {
 public:
  explicit TableRows(const Table& table) : table_(table) {}
  std::uint64_t rows() const override { return table_.num_rows(); }
  void append_csv(std::uint64_t begin, std::uint64_t end, std::string& out) const override;
  void column_block(std::size_t column, const io::detail::Hdf5ColumnSpec& spec, std::uint64_t begin,
                    std::uint64_t end, ColumnBlock& out) const override;

 private:
  const Table& table_;
};

// Collective. specs: the columns, with string widths over all ranks (for HDF5 fixed strings).
void write_table(const Comm& comm, const TableFile& file,
                 const std::vector<io::detail::Hdf5ColumnSpec>& specs, const TableSource& source);

// Rows per chunk: bounds the memory of a chunk's text and buffers.
inline constexpr std::uint64_t kOutputChunkRows = 1 << 16;

// CSV field text of a number as the outputs write it (integral values without a fraction).
void append_csv_number(std::string& out, double value);

}  // namespace xjslink::dist
