// File: io/csv_reader.hpp
// Reads a delimited text file into a Table of string columns (typing comes later), whole or as
// one of n byte-range parts. Concatenating parts 0..n-1 gives exactly the whole-file result.
// Dialect (docs/input-formats.md): RFC 4180 quoting, LF or CRLF, optional UTF-8 BOM, blank
// lines skipped, an empty field is null. A '"' may only open a field, close it or be doubled
// inside it, so the quote parity of the bytes before any offset tells whether that offset is
// inside a quoted field; this is what aligns a byte range to record starts.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "xjslink/encoding.hpp"
#include "xjslink/error.hpp"
#include "xjslink/table.hpp"

namespace xjslink {
class ProgressReporter;
}

namespace xjslink::io {

struct CsvReadOptions {
  char delimiter = ',';
  // '"' quotes fields (RFC 4180). When false, '"' is an ordinary byte and no field is quoted:
  // for files whose values contain stray quotes but never a delimiter or newline.
  bool quoting = true;
  // Strip spaces and tabs around unquoted fields and header names (FEBRL's ", " separators).
  // Blanks around a quoted field are always dropped: they lie outside the quotes.
  bool trim_whitespace = true;
  Encoding encoding = Encoding::kUtf8;
  // Columns to read, in the order wanted in the table; empty = every column in file order.
  // Columns not named are skipped: not stored and not decoded.
  std::vector<std::string> columns;
  // When given, gains the bytes of the part as they are read (every few MiB).
  ProgressReporter* progress = nullptr;
};

struct CsvTable {
  Table table;                              // one string column per selected column
  std::vector<std::uint64_t> record_lines;  // per row: 1-based physical line the record starts on
  std::vector<std::string> header;          // every column name of the file, in file order
};

// Reads the whole file. Throws Error: kIo (cannot open/read), kInvalidInput (file, line, field:
// empty file, bad header, wrong field count, bad quoting, invalid UTF-8), kInvalidSettings
// (delimiter is '"', CR or LF; a column requested twice). Messages never quote a value.
CsvTable read_csv(const std::string& path, const CsvReadOptions& options);

// The file's column names, in file order (the header record only; same errors as read_csv).
std::vector<std::string> read_csv_header(const std::string& path, const CsvReadOptions& options);

// ---- Partitioned reading (each MPI rank reads one part; no MPI here) ----
//
// Part p of n owns the records whose first byte lies in csv_part_range(size, p, n). To find its
// first record it must know whether its range starts inside a quoted field: that is the parity
// of the number of '"' bytes before the range. The distributed caller gets it with one cheap
// pre-pass: every part counts the quotes in its own range (count_csv_quotes), then an exclusive
// prefix sum across ranks gives each part its `quotes_before`. A single process can call the
// overload without quotes_before, which counts the quotes before the range itself.
//
// Line numbers: part p's span runs from its first record start (part 0: from byte 0, header
// included) to part p+1's. record_lines and error->line() are LOCAL: 1 + the number of line
// feeds between the span's start and the record. The global line is
//   (sum of num_lines over parts 0..p-1) + local line,
// i.e. add the exclusive prefix sum of num_lines (Error::with_line does this for the error).

struct ByteRange {
  std::uint64_t begin = 0;
  std::uint64_t end = 0;
};

// [size*part/num_parts, size*(part+1)/num_parts).
ByteRange csv_part_range(std::uint64_t file_size, int part, int num_parts);

// Number of '"' bytes in part `part`'s byte range (0 for an empty file). Throws Error(kIo).
std::uint64_t count_csv_quotes(const std::string& path, int part, int num_parts);

struct CsvPart {
  CsvTable data;  // record_lines are local (see above)
  // Line feeds in this part's span (part 0's includes the header's): the part's contribution
  // to the prefix sum that makes later parts' lines global.
  std::uint64_t num_lines = 0;
  // The first problem in this part's records, with a LOCAL line; the table then holds the
  // records before it, and num_lines is meaningless. Problems every part sees the same way (the
  // file cannot be opened, a bad header, bad options) are thrown instead, identically by every
  // part, with their final line number.
  std::optional<Error> error;
};

CsvPart read_csv_part(const std::string& path, const CsvReadOptions& options, int part,
                      int num_parts, std::uint64_t quotes_before);
// Single-process form: counts the quotes before the part's range itself.
CsvPart read_csv_part(const std::string& path, const CsvReadOptions& options, int part,
                      int num_parts);

}  // namespace xjslink::io
