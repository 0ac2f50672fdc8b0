// File: table.cpp
// Column storage and appends. Every append pushes exactly one validity bit and one slot in the
// typed buffer, so row indices line up across buffers.
#include "xjslink/table.hpp"

#include <bit>

#include "xjslink/error.hpp"

namespace xjslink {

const char* column_type_name(ColumnType type) {
  switch (type) {
    case ColumnType::kString:
      return "string";
    case ColumnType::kDate:
      return "date";
    case ColumnType::kNumber:
      return "number";
  }
  return "?";
}

Column::Column(std::string name, ColumnType type) : name_(std::move(name)), type_(type) {
  if (type_ == ColumnType::kString) offsets_.push_back(0);
}

std::size_t Column::null_count() const {
  std::size_t valid = 0;
  for (std::uint64_t w : valid_)
    valid += static_cast<std::size_t>(std::popcount(w));
  return size_ - valid;
}

void Column::push_valid(bool valid) {
  if ((size_ & 63) == 0) valid_.push_back(0);
  if (valid) valid_.back() |= std::uint64_t{1} << (size_ & 63);
  ++size_;
}

void Column::append_string(std::string_view value) {
  XJS_CHECK(type_ == ColumnType::kString, "append_string on a non-string column");
  chars_.append(value);
  offsets_.push_back(chars_.size());
  push_valid(true);
}

void Column::append_date(std::int32_t days) {
  XJS_CHECK(type_ == ColumnType::kDate, "append_date on a non-date column");
  days_.push_back(days);
  push_valid(true);
}

void Column::append_number(double value) {
  XJS_CHECK(type_ == ColumnType::kNumber, "append_number on a non-number column");
  numbers_.push_back(value);
  push_valid(true);
}

void Column::append_null() {
  switch (type_) {
    case ColumnType::kString:
      offsets_.push_back(chars_.size());
      break;
    case ColumnType::kDate:
      days_.push_back(0);
      break;
    case ColumnType::kNumber:
      numbers_.push_back(0.0);
      break;
  }
  push_valid(false);
}

void Column::append_from(const Column& other, std::size_t row) {
  XJS_CHECK(other.type_ == type_, "append_from between columns of different types");
  if (other.is_null(row)) {
    append_null();
    return;
  }
  switch (type_) {
    case ColumnType::kString:
      append_string(other.string_at(row));
      break;
    case ColumnType::kDate:
      append_date(other.date_at(row));
      break;
    case ColumnType::kNumber:
      append_number(other.number_at(row));
      break;
  }
}

void Column::reserve(std::size_t rows, std::size_t string_bytes) {
  valid_.reserve((rows + 63) / 64);
  switch (type_) {
    case ColumnType::kString:
      offsets_.reserve(rows + 1);
      chars_.reserve(string_bytes);
      break;
    case ColumnType::kDate:
      days_.reserve(rows);
      break;
    case ColumnType::kNumber:
      numbers_.reserve(rows);
      break;
  }
}

std::size_t Column::memory_bytes() const {
  return valid_.capacity() * sizeof(std::uint64_t) + offsets_.capacity() * sizeof(std::uint64_t) +
         chars_.capacity() + days_.capacity() * sizeof(std::int32_t) +
         numbers_.capacity() * sizeof(double);
}

Column& Table::add_column(std::string name, ColumnType type) {
  XJS_CHECK(find_column(name) < 0, "duplicate column name " + name);
  columns_.emplace_back(std::move(name), type);
  return columns_.back();
}

int Table::find_column(std::string_view name) const {
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    if (columns_[i].name() == name) return static_cast<int>(i);
  }
  return -1;
}

const Column& Table::column(std::string_view name) const {
  const int index = find_column(name);
  if (index < 0) throw Error(ErrorCode::kInternal, "no column named " + std::string(name));
  return columns_[static_cast<std::size_t>(index)];
}

Column& Table::column(std::string_view name) {
  const int index = find_column(name);
  if (index < 0) throw Error(ErrorCode::kInternal, "no column named " + std::string(name));
  return columns_[static_cast<std::size_t>(index)];
}

std::size_t Table::memory_bytes() const {
  std::size_t total = 0;
  for (const auto& c : columns_)
    total += c.memory_bytes();
  return total;
}

}  // namespace xjslink
