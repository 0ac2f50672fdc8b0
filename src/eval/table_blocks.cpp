// File: eval/table_blocks.cpp
#include "xjslink/eval/table_blocks.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <charconv>
#include <filesystem>

#include "xjslink/error.hpp"
#include "xjslink/io/csv_writer.hpp"
#include "xjslink/io/hdf5_table.hpp"

namespace xjslink::eval {
namespace {

void check_columns(const std::string& path, const std::vector<std::string>& header,
                   const std::vector<std::string>& columns) {
  for (const auto& c : columns) {
    if (std::find(header.begin(), header.end(), c) == header.end()) {
      throw Error(ErrorCode::kInvalidInput, "missing column", path, 0, c);
    }
  }
}

}  // namespace

bool is_hdf5_path(const std::string& path) {
  const std::string ext = std::filesystem::path(path).extension().string();
  return ext == ".h5" || ext == ".hdf5";
}

std::vector<std::string> table_header(const std::string& path, const std::string& hdf5_group,
                                      const io::CsvReadOptions& csv) {
  if (is_hdf5_path(path)) return io::hdf5_table_columns(path, hdf5_group);
  io::CsvReadOptions options = csv;
  options.columns.clear();
  return io::read_csv_header(path, options);
}

TableBlockReader::TableBlockReader(std::string path, std::string hdf5_group,
                                   std::vector<std::string> columns, const io::CsvReadOptions& csv,
                                   std::uint64_t block_bytes)
    : path_(std::move(path)),
      group_(std::move(hdf5_group)),
      columns_(std::move(columns)),
      csv_(csv),
      hdf5_(is_hdf5_path(path_)) {
  header_ = table_header(path_, group_, csv_);
  check_columns(path_, header_, columns_);
  csv_.columns = columns_;
  if (hdf5_) {
    rows_ = io::hdf5_table_rows(path_, group_);
    // About block_bytes of cells at a guessed 16 bytes per cell.
    block_rows_ = std::max<std::uint64_t>(
        1024, block_bytes / (16 * std::max<std::size_t>(1, columns_.size())));
  } else {
    struct stat st {};
    if (::stat(path_.c_str(), &st) != 0) throw Error(ErrorCode::kIo, "cannot read file", path_);
    const auto size = static_cast<std::uint64_t>(st.st_size);
    num_parts_ = static_cast<int>(std::clamp<std::uint64_t>(size / block_bytes, 1, 1 << 20));
  }
}

bool TableBlockReader::next(Table& rows, std::vector<std::uint64_t>& lines) {
  lines.clear();
  if (hdf5_) {
    if (next_row_ >= rows_) return false;
    const std::uint64_t end = std::min(rows_, next_row_ + block_rows_);
    rows = io::read_hdf5_table(path_, group_, columns_, next_row_, end);
    for (std::uint64_t r = next_row_; r < end; ++r)
      lines.push_back(r + 1);
    next_row_ = end;
    return true;
  }
  if (next_part_ >= num_parts_) return false;
  io::CsvPart part = io::read_csv_part(path_, csv_, next_part_, num_parts_, quotes_before_);
  if (part.error) throw part.error->with_line(lines_before_ + part.error->line());
  quotes_before_ += io::count_csv_quotes(path_, next_part_, num_parts_);
  rows = std::move(part.data.table);
  lines = std::move(part.data.record_lines);
  for (auto& l : lines)
    l += lines_before_;
  lines_before_ += part.num_lines;
  ++next_part_;
  return true;
}

std::string_view cell_text(const Column& column, std::size_t row, std::string& buffer) {
  if (column.is_null(row)) return {};
  switch (column.type()) {
    case ColumnType::kString:
      return column.string_at(row);
    case ColumnType::kNumber:
      buffer = io::format_double(column.number_at(row));
      return buffer;
    case ColumnType::kDate:
      buffer = std::to_string(column.date_at(row));
      return buffer;
  }
  return {};
}

double cell_number(const Column& column, std::size_t row, const std::string& file,
                   std::uint64_t line) {
  if (column.is_null(row)) {
    throw Error(ErrorCode::kInvalidInput, "empty value where a number is needed", file, line,
                column.name());
  }
  if (column.type() == ColumnType::kNumber) return column.number_at(row);
  if (column.type() == ColumnType::kString) {
    const std::string_view text = column.string_at(row);
    double value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec == std::errc() && end == text.data() + text.size()) return value;
  }
  throw Error(ErrorCode::kInvalidInput, "not a number", file, line, column.name());
}

}  // namespace xjslink::eval
