// File: io/csv_writer.cpp
#include "xjslink/io/csv_writer.hpp"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>

#include "xjslink/error.hpp"

namespace xjslink::io {

namespace {
constexpr std::size_t kFlushBytes = std::size_t{1} << 20;
}

void append_csv_field(std::string& out, std::string_view value) {
  bool needs_quotes = false;
  for (char c : value) {
    if (c == ',' || c == '"' || c == '\n' || c == '\r') {
      needs_quotes = true;
      break;
    }
  }
  if (!needs_quotes) {
    out.append(value);
    return;
  }
  out.push_back('"');
  for (char c : value) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

std::string format_double(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  char buf[64];
  auto result = std::to_chars(buf, buf + sizeof(buf), value);
  return std::string(buf, result.ptr);
}

CsvWriter::CsvWriter(const std::string& path) : file_(path) {
  handle_ = std::fopen(file_.temp_path().c_str(), "wb");
  if (handle_ == nullptr) {
    throw Error(ErrorCode::kIo, std::string("cannot create file: ") + std::strerror(errno), path);
  }
  buffer_.reserve(kFlushBytes + 4096);
}

CsvWriter::~CsvWriter() {
  if (handle_ != nullptr) std::fclose(handle_);
}

void CsvWriter::header(const std::vector<std::string>& names) {
  for (const auto& n : names)
    field(std::string_view(n));
  end_row();
}

void CsvWriter::separator() {
  if (row_started_) buffer_.push_back(',');
  row_started_ = true;
}

void CsvWriter::field(std::string_view value) {
  separator();
  append_csv_field(buffer_, value);
}

void CsvWriter::field(std::int64_t value) {
  separator();
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof(buf), value);
  buffer_.append(buf, r.ptr);
}

void CsvWriter::field(std::uint64_t value) {
  separator();
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof(buf), value);
  buffer_.append(buf, r.ptr);
}

void CsvWriter::field(double value) {
  separator();
  buffer_ += format_double(value);
}

void CsvWriter::null_field() {
  separator();
}

void CsvWriter::end_row() {
  buffer_.push_back('\n');
  row_started_ = false;
  if (buffer_.size() >= kFlushBytes) flush();
}

void CsvWriter::flush() {
  if (buffer_.empty()) return;
  if (std::fwrite(buffer_.data(), 1, buffer_.size(), handle_) != buffer_.size()) {
    throw Error(ErrorCode::kIo, std::string("write failed: ") + std::strerror(errno), file_.path());
  }
  buffer_.clear();
}

void CsvWriter::commit() {
  flush();
  const int rc = std::fclose(handle_);
  handle_ = nullptr;
  if (rc != 0) throw Error(ErrorCode::kIo, "close failed", file_.path());
  file_.commit();
}

}  // namespace xjslink::io
