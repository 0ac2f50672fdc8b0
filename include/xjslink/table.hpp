// File: table.hpp
// Columnar records: strings in one arena with 64-bit offsets, dates as int32 days since
// 1970-01-01, numbers as double, and a validity bitmap per column (bit set = not null).
// A Table owns equal-length columns; it knows nothing about settings or ranks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace xjslink {

enum class ColumnType : std::uint8_t { kString, kDate, kNumber };

const char* column_type_name(ColumnType type);

class Column {
 public:
  Column(std::string name, ColumnType type);

  const std::string& name() const { return name_; }
  ColumnType type() const { return type_; }
  std::size_t size() const { return size_; }

  bool is_null(std::size_t row) const { return ((valid_[row >> 6] >> (row & 63)) & 1u) == 0; }
  std::size_t null_count() const;

  // Typed reads; the value of a null row is "" / 0 / 0.0.
  std::string_view string_at(std::size_t row) const {
    return {chars_.data() + offsets_[row], offsets_[row + 1] - offsets_[row]};
  }
  std::int32_t date_at(std::size_t row) const { return days_[row]; }
  double number_at(std::size_t row) const { return numbers_[row]; }

  void append_string(std::string_view value);
  void append_date(std::int32_t days);
  void append_number(double value);
  void append_null();
  // Appends row `row` of `other` (same type) to this column.
  void append_from(const Column& other, std::size_t row);

  void reserve(std::size_t rows, std::size_t string_bytes = 0);
  // Bytes held by this column's buffers (capacity, not size): for memory accounting.
  std::size_t memory_bytes() const;

  // Raw buffers, for writers and kernels that stream a whole column.
  const std::vector<std::uint64_t>& offsets() const { return offsets_; }
  const std::string& chars() const { return chars_; }
  const std::vector<std::int32_t>& days() const { return days_; }
  const std::vector<double>& numbers() const { return numbers_; }
  const std::vector<std::uint64_t>& validity_words() const { return valid_; }

 private:
  void push_valid(bool valid);

  std::string name_;
  ColumnType type_;
  std::size_t size_ = 0;
  std::vector<std::uint64_t> valid_;
  std::vector<std::uint64_t> offsets_;  // string columns: size_ + 1 entries
  std::string chars_;
  std::vector<std::int32_t> days_;
  std::vector<double> numbers_;
};

class Table {
 public:
  Table() = default;

  std::size_t num_rows() const { return columns_.empty() ? 0 : columns_.front().size(); }
  std::size_t num_columns() const { return columns_.size(); }

  // Adds an empty column; all columns must be filled to the same length by the caller.
  Column& add_column(std::string name, ColumnType type);
  // Index of the named column, or -1.
  int find_column(std::string_view name) const;
  bool has_column(std::string_view name) const { return find_column(name) >= 0; }
  const Column& column(std::size_t index) const { return columns_[index]; }
  Column& column(std::size_t index) { return columns_[index]; }
  // Throws Error(kInternal) if absent: callers check names during settings validation.
  const Column& column(std::string_view name) const;
  Column& column(std::string_view name);
  const std::vector<Column>& columns() const { return columns_; }

  std::size_t memory_bytes() const;

 private:
  std::vector<Column> columns_;
};

}  // namespace xjslink
