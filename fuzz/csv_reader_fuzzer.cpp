// File: fuzz/csv_reader_fuzzer.cpp
// The CSV reader on arbitrary bytes with options chosen by the input's first bytes. Besides "no
// crash, only Error", checks the partitioned-read promise that every rank relies on: reading the
// file as n byte-range parts (with the quote counts of a distributed run) gives exactly the
// whole-file table and line numbers, or the same first error.
//
// Input layout: byte 0 = options, byte 1 = column selection, byte 2 = number of parts, then the
// file's bytes.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "fuzz_outcome.hpp"
#include "xjslink/io/csv_reader.hpp"

namespace {

using xjslink::Error;
using xjslink::fuzz::error_of;
using xjslink::fuzz::expect;
using xjslink::fuzz::run_expecting_only_error;
using namespace xjslink::io;

// The last two are refused (kInvalidSettings): fuzzing that refusal too.
constexpr char kDelimiters[8] = {',', ';', '\t', '|', ' ', ':', '"', '\n'};

const std::string& scratch_path() {
  static const std::string path = [] {
    const char* dir = std::getenv("TMPDIR");
    return std::string(dir != nullptr && *dir != 0 ? dir : "/tmp") + "/xjslink-fuzz-csv-" +
           std::to_string(::getpid()) + ".csv";
  }();
  return path;
}

void write_file(const std::string& path, const std::uint8_t* data, std::size_t size) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) xjslink::fuzz::report_bug("cannot create the scratch file (harness)");
  if (size > 0 && std::fwrite(data, 1, size, f) != size) {
    xjslink::fuzz::report_bug("cannot write the scratch file (harness)");
  }
  std::fclose(f);
}

CsvReadOptions options_from(std::uint8_t bits) {
  CsvReadOptions o;
  o.delimiter = kDelimiters[bits & 7u];
  o.quoting = (bits & 8u) != 0;
  o.trim_whitespace = (bits & 16u) != 0;
  const unsigned enc = (bits >> 5) & 3u;
  o.encoding = enc == 1   ? xjslink::Encoding::kLatin1
               : enc == 2 ? xjslink::Encoding::kWindows1252
                          : xjslink::Encoding::kUtf8;
  return o;
}

// Byte 1: bit 7 = select columns; bits 0-4 pick header columns (taken last to first, so the
// table order differs from the file's); bit 5 asks for a column the header lacks; bit 6 asks
// for one column twice.
void select_columns(std::uint8_t bits, const std::vector<std::string>& header, CsvReadOptions& o) {
  if ((bits & 128u) == 0) return;
  for (std::size_t i = header.size(); i-- > 0;) {
    if (i < 5 && ((bits >> i) & 1u) != 0) o.columns.push_back(header[i]);
  }
  if ((bits & 32u) != 0) o.columns.push_back("no such column \x01");
  if ((bits & 64u) != 0 && !header.empty()) o.columns.push_back(header.front());
}

bool same_row(const xjslink::Column& a, std::size_t ra, const xjslink::Column& b, std::size_t rb) {
  if (a.is_null(ra) != b.is_null(rb)) return false;
  return a.string_at(ra) == b.string_at(rb);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 3) return 0;
  CsvReadOptions options = options_from(data[0]);
  const int num_parts = 2 + data[2] % 7;
  const std::string& path = scratch_path();
  write_file(path, data + 3, size - 3);

  std::vector<std::string> header;
  if (run_expecting_only_error([&] { header = read_csv_header(path, options); })) {
    select_columns(data[1], header, options);
  }

  CsvTable whole;
  const std::optional<std::string> whole_error = error_of([&] { whole = read_csv(path, options); });
  if (!whole_error) {
    expect(whole.header == header, "read_csv's header equals read_csv_header's");
    expect(whole.record_lines.size() == whole.table.num_rows(), "one line number per record");
    for (std::size_t i = 1; i < whole.record_lines.size(); ++i) {
      expect(whole.record_lines[i] > whole.record_lines[i - 1], "record lines increase");
    }
  }

  // The distributed reading: quote counts, their exclusive prefix sum, then each part.
  std::vector<std::uint64_t> quotes(static_cast<std::size_t>(num_parts), 0);
  for (int p = 0; p < num_parts; ++p) {
    expect(run_expecting_only_error([&] { quotes[p] = count_csv_quotes(path, p, num_parts); }),
           "count_csv_quotes succeeds on a readable file");
  }
  std::uint64_t quotes_before = 0;
  std::uint64_t lines_before = 0;
  std::size_t row = 0;
  std::optional<std::string> parts_error;
  for (int p = 0; p < num_parts && !parts_error; ++p) {
    CsvPart part;
    const std::optional<std::string> thrown =
        error_of([&] { part = read_csv_part(path, options, p, num_parts, quotes_before); });
    if (thrown) {
      parts_error = thrown;
      break;
    }
    if (p == num_parts - 1 || p == 0) {
      // The single-process overload counts the quotes itself: same result.
      CsvPart alone;
      expect(!error_of([&] { alone = read_csv_part(path, options, p, num_parts); }),
             "read_csv_part without quotes_before succeeds where the counted form does");
      expect(alone.data.record_lines == part.data.record_lines &&
                 alone.num_lines == part.num_lines &&
                 alone.error.has_value() == part.error.has_value(),
             "read_csv_part without quotes_before agrees with the counted form");
    }
    if (part.error) {
      parts_error = part.error->with_line(part.error->line() + lines_before).what();
      break;
    }
    if (!whole_error) {
      expect(part.data.header == whole.header, "every part sees the same header");
      const xjslink::Table& t = part.data.table;
      expect(t.num_columns() == whole.table.num_columns(), "every part has the same columns");
      expect(row + t.num_rows() <= whole.table.num_rows(), "parts hold no extra records");
      for (std::size_t r = 0; r < t.num_rows(); ++r, ++row) {
        expect(part.data.record_lines[r] + lines_before == whole.record_lines[row],
               "a part's global line equals the whole read's");
        for (std::size_t c = 0; c < t.num_columns(); ++c) {
          expect(same_row(t.column(c), r, whole.table.column(c), row),
                 "a part's field equals the whole read's");
        }
      }
    }
    lines_before += part.num_lines;
    quotes_before += quotes[static_cast<std::size_t>(p)];
  }
  if (whole_error) {
    expect(parts_error.has_value(), "the parts refuse a file the whole read refuses");
    expect(*parts_error == *whole_error, "the parts' first error is the whole read's error");
  } else {
    expect(!parts_error.has_value(), "the parts accept a file the whole read accepts");
    expect(row == whole.table.num_rows(), "the parts together hold every record");
  }
  return 0;
}
