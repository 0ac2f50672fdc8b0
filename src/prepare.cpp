// File: prepare.cpp
// Standardising and typing of the settings columns, record by record. Typed HDF5 input columns
// (dates, numbers) are taken as they are; text is parsed per the column's spec.
#include "xjslink/prepare.hpp"

#include <cmath>
#include <exception>

#include "kernels/civil_date.hpp"
#include "xjslink/date_parse.hpp"
#include "xjslink/error.hpp"
#include "xjslink/io/csv_writer.hpp"
#include "xjslink/number_parse.hpp"
#include "xjslink/progress/progress.hpp"
#include "xjslink/standardise.hpp"

namespace xjslink {
namespace {

// Progress gains rows in steps this large: one atomic add per step, not per value.
constexpr std::size_t kProgressRows = 1 << 16;

std::string iso_text(std::int32_t days) {
  const kernels::CivilDate c = kernels::civil_from_days(days);
  char buf[16];
  std::snprintf(buf, sizeof(buf), "%04d-%02u-%02u", c.year, c.month, c.day);
  return buf;
}

// Text form of a typed value, for string specs over typed input columns.
std::string text_of(const Column& raw, std::size_t row) {
  switch (raw.type()) {
    case ColumnType::kString:
      return std::string(raw.string_at(row));
    case ColumnType::kDate:
      return iso_text(raw.date_at(row));
    case ColumnType::kNumber:
      return io::format_double(raw.number_at(row));
  }
  return {};
}

// Byte length of the first max_code_points code points of UTF-8 text (all of it if shorter).
std::size_t prefix_bytes(std::string_view text, std::size_t max_code_points) {
  std::size_t points = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80 && points++ == max_code_points) {
      return i;
    }
  }
  return text.size();
}

// One settings column of every row: its standardised, typed values appended to `out`.
void prepare_column(const Column& in, const ColumnSpec& spec, PreparedColumn& out,
                    std::uint64_t& unparsed, std::uint64_t& truncated, ProgressReporter* progress) {
  const std::size_t n = in.size();
  std::string buffer;
  StringStandardisation how;
  if (!spec.standardise) {
    how = StringStandardisation{false, false, false, false, true, false};
  }
  how.remove_spaces = spec.remove_spaces;
  const DateFormats formats =
      spec.date_formats.empty() ? DateFormats::defaults() : DateFormats::parse(spec.date_formats);
  out.values.reserve(out.values.size() + n, 0);
  out.hash.reserve(out.hash.size() + n);
  for (std::size_t row = 0; row < n; ++row) {
    if (progress != nullptr && row > 0 && row % kProgressRows == 0) progress->add(kProgressRows);
    if (in.is_null(row)) {
      append_null(out);
      continue;
    }
    switch (spec.type) {
      case ColumnType::kString: {
        if (out.is_array()) {
          const std::string text = text_of(in, row);
          append_tokens(out, split_tokens(text, spec.array_separator[0], how));
          break;
        }
        buffer.clear();
        if (in.type() == ColumnType::kString) {
          append_standardised(buffer, in.string_at(row), how);
        } else {
          append_standardised(buffer, text_of(in, row), how);
        }
        // Fuzzy kernels see the first kMaxComparedCodePoints code points; exact levels,
        // term frequencies and blocking use the hash of the whole value.
        if (const std::size_t cut = prefix_bytes(buffer, kMaxComparedCodePoints);
            cut < buffer.size()) {
          ++truncated;
          append_string(out, std::string_view(buffer).substr(0, cut), value_hash(buffer));
        } else {
          append_string(out, buffer);
        }
        break;
      }
      case ColumnType::kDate: {
        std::optional<std::int32_t> days;
        if (in.type() == ColumnType::kDate) {
          days = in.date_at(row);
        } else if (in.type() == ColumnType::kString) {
          days = parse_date(in.string_at(row), formats);
        }
        if (days) {
          append_date(out, *days);
        } else {
          ++unparsed;
          append_null(out);
        }
        break;
      }
      case ColumnType::kNumber: {
        std::optional<double> value;
        if (in.type() == ColumnType::kNumber) {
          value = in.number_at(row);
        } else if (in.type() == ColumnType::kString) {
          value = parse_number(in.string_at(row));
        }
        if (value && std::isfinite(*value)) {
          append_number(out, *value);
        } else {
          ++unparsed;
          append_null(out);
        }
        break;
      }
    }
  }
  // The rows after the last step added in the loop.
  if (progress != nullptr && n > 0) progress->add(n - (n - 1) / kProgressRows * kProgressRows);
}

}  // namespace

void prepare_records(const Table& raw, const Settings& settings,
                     std::span<const std::uint64_t> global_index,
                     std::span<const std::uint16_t> source, PreparedRecords& records,
                     std::vector<std::uint64_t>& unparsed, std::vector<std::uint64_t>& truncated,
                     ProgressReporter* progress) {
  const std::size_t n = raw.num_rows();
  XJS_CHECK(global_index.size() == n && source.size() == n, "prepare_records: row counts differ");
  records.global_index.insert(records.global_index.end(), global_index.begin(), global_index.end());
  records.source.insert(records.source.end(), source.begin(), source.end());
  // Columns are independent (each has its own payload, counters and progress share), so they
  // are prepared on OpenMP threads; the result does not depend on the thread count.
  const std::size_t num_columns = settings.columns.size();
  std::vector<std::exception_ptr> failures(num_columns);
#pragma omp parallel for schedule(dynamic, 1)
  for (std::size_t c = 0; c < num_columns; ++c) {
    try {
      prepare_column(raw.column(settings.columns[c].name), settings.columns[c], records.columns[c],
                     unparsed[c], truncated[c], progress);
    } catch (...) {
      failures[c] = std::current_exception();
    }
  }
  // The first failing column's error, whatever the threads.
  for (const std::exception_ptr& failure : failures) {
    if (failure) std::rethrow_exception(failure);
  }
}

}  // namespace xjslink
