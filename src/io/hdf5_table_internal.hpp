// File: io/hdf5_table_internal.hpp
// The building blocks of io/hdf5_table.hpp on raw HDF5 handles, split so that a parallel writer
// (src/dist/) can reuse them: every rank calls create_hdf5_table with the same global specs
// (string widths max-reduced over ranks), then write_hdf5_rows for its own rows at its offset
// with a collective transfer property list. The serial writer is the one-rank case.
#pragma once

#include <hdf5.h>

#include <cstdint>
#include <string>
#include <vector>

#include "xjslink/io/hdf5_table.hpp"
#include "xjslink/table.hpp"

namespace xjslink::io::detail {

// Owns one HDF5 identifier and closes it with the matching H5?close.
class H5Id {
 public:
  using Closer = herr_t (*)(hid_t);
  H5Id() = default;
  H5Id(hid_t id, Closer closer) : id_(id), closer_(closer) {}
  ~H5Id() { reset(); }
  H5Id(H5Id&& other) noexcept : id_(other.id_), closer_(other.closer_) { other.id_ = -1; }
  H5Id& operator=(H5Id&& other) noexcept {
    if (this != &other) {
      reset();
      id_ = other.id_;
      closer_ = other.closer_;
      other.id_ = -1;
    }
    return *this;
  }
  H5Id(const H5Id&) = delete;
  H5Id& operator=(const H5Id&) = delete;

  hid_t get() const { return id_; }
  bool valid() const { return id_ >= 0; }
  // Gives up ownership (the caller closes the id).
  hid_t release() {
    const hid_t id = id_;
    id_ = -1;
    return id;
  }
  void reset() {
    if (id_ >= 0 && closer_ != nullptr) closer_(id_);
    id_ = -1;
  }

 private:
  hid_t id_ = -1;
  Closer closer_ = nullptr;
};

// Turns off HDF5's printing of its error stack; failures become xjslink::Error instead.
void silence_hdf5_errors();
// The most specific message on HDF5's error stack (then cleared), or "".
std::string hdf5_error_text();

// How a number column is stored in the file (it is read back as double whatever the storage).
enum class NumberStorage : std::uint8_t { kFloat64, kInt8, kInt64 };

struct Hdf5ColumnSpec {
  std::string name;
  ColumnType type = ColumnType::kString;
  std::uint64_t string_width = 1;  // bytes per fixed-length string (string columns)
  NumberStorage storage = NumberStorage::kFloat64;  // number columns
  // A column that never holds nulls gets no G/valid/<name> dataset (readers take its absence to
  // mean "no nulls"), saving a byte per row.
  bool nullable = true;
};

// Specs of the table's columns, with the longest value of each string column as its width.
// Throws Error(kInvalidInput) for a name HDF5 cannot hold or a string with a NUL byte.
std::vector<Hdf5ColumnSpec> hdf5_column_specs(const Table& table, const std::string& path);

// Creates group `group` with its attributes and empty datasets for num_rows rows.
void create_hdf5_table(hid_t file, const std::string& path, const std::string& group,
                       const std::vector<Hdf5ColumnSpec>& specs, std::uint64_t num_rows,
                       const Hdf5WriteOptions& options);

// Where and how write_hdf5_rows writes a table's rows.
struct Hdf5RowWrite {
  std::uint64_t row_offset = 0;      // first global row of this table
  std::uint64_t block_rows = 65536;  // rows converted and written per H5Dwrite (bounds memory)
  // H5Dwrite calls per dataset; 0 = ceil(rows / block_rows). Collective writes need the same
  // count on every rank: pass the maximum over ranks (ranks with fewer rows write empty blocks).
  std::uint64_t num_blocks = 0;
  hid_t xfer = H5P_DEFAULT;  // dataset transfer property list (collective MPI-IO in src/dist/)
};

// Writes `count` values of one column, from memory of type mem_type (a native HDF5 type; for
// string columns, count fixed-width NUL-padded strings of spec.string_width bytes), to rows
// [first, first + count). valid: one 0/1 byte per value, or nullptr when all are present. With
// a collective transfer list every rank must call it, count 0 when it has nothing to write.
void write_hdf5_column_block(hid_t file, const std::string& path, const std::string& group,
                             const Hdf5ColumnSpec& spec, hid_t mem_type, const void* values,
                             const std::uint8_t* valid, std::uint64_t first, std::uint64_t count,
                             hid_t xfer);

// Writes the table's rows to rows [row_offset, row_offset + table.num_rows()) of a group made
// by create_hdf5_table with these specs.
void write_hdf5_rows(hid_t file, const std::string& path, const std::string& group,
                     const Table& table, const std::vector<Hdf5ColumnSpec>& specs,
                     const Hdf5RowWrite& where);

}  // namespace xjslink::io::detail
