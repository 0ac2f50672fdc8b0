// File: error.hpp
// The one user-facing error type. It names where the problem is (file, global line or record,
// field) and never carries a record's field values, so it is safe to print and log.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace xjslink {

enum class ErrorCode : std::uint8_t {
  kInvalidInput = 1,     // the user's data is wrong
  kInvalidSettings = 2,  // the user's settings are wrong
  kIo = 3,               // a file could not be read or written
  kResource = 4,         // out of memory budget, disk, ...
  kInternal = 5,         // should not happen; prefer XJS_CHECK for broken invariants
};

const char* error_code_name(ErrorCode code);

class Error : public std::runtime_error {
 public:
  // line: 1-based global line/record number, or 0 when not about a line.
  // field: column name or JSON path, or empty.
  Error(ErrorCode code, std::string message, std::string file = {}, std::uint64_t line = 0,
        std::string field = {});

  ErrorCode code() const { return code_; }
  const std::string& file() const { return file_; }
  std::uint64_t line() const { return line_; }
  const std::string& field() const { return field_; }
  const std::string& message() const { return message_; }

  // Returns a copy with the line number shifted; used when a rank's local line count is made
  // global by adding the lines read by earlier ranks.
  Error with_line(std::uint64_t line) const;

  // Flat text form used to send an Error between ranks.
  std::string serialise() const;
  static Error deserialise(const std::string& text);

 private:
  static std::string render(ErrorCode code, const std::string& message, const std::string& file,
                            std::uint64_t line, const std::string& field);
  ErrorCode code_;
  std::string file_;
  std::uint64_t line_;
  std::string field_;
  std::string message_;
};

namespace detail {
[[noreturn]] void check_failed(const char* condition, const std::string& message, const char* file,
                               int line);
}  // namespace detail

}  // namespace xjslink

// A broken invariant is a bug, not a user error: print where and abort every rank.
#define XJS_CHECK(cond, msg)                                                        \
  do {                                                                              \
    if (!(cond)) ::xjslink::detail::check_failed(#cond, (msg), __FILE__, __LINE__); \
  } while (0)
