// File: io/csv_writer.hpp
// RFC 4180 CSV output (comma, CRLF-free "\n" rows, fields quoted only when they need it),
// written atomically through AtomicFile. Numbers use the shortest text that round-trips, so the
// same values always give the same bytes.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "xjslink/io/atomic_file.hpp"

namespace xjslink::io {

class CsvWriter {
 public:
  explicit CsvWriter(const std::string& path);
  ~CsvWriter();
  CsvWriter(const CsvWriter&) = delete;
  CsvWriter& operator=(const CsvWriter&) = delete;

  void header(const std::vector<std::string>& names);
  void field(std::string_view value);
  void field(std::int64_t value);
  void field(std::uint64_t value);
  void field(int value) { field(static_cast<std::int64_t>(value)); }
  void field(double value);
  void null_field();
  void end_row();
  // Flushes, closes and renames into place. Without it the destructor removes the output.
  void commit();

 private:
  void separator();
  void flush();

  AtomicFile file_;
  std::FILE* handle_ = nullptr;
  std::string buffer_;
  bool row_started_ = false;
};

// Appends a CSV field to out, quoted if it contains a comma, quote, CR or LF.
void append_csv_field(std::string& out, std::string_view value);
// Shortest round-trip decimal form of a double ("nan", "inf", "-inf" for non-finite values).
std::string format_double(double value);

}  // namespace xjslink::io
