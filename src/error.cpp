// File: error.cpp
// Rendering and (de)serialisation of xjslink::Error, and the abort path of XJS_CHECK.
#include "xjslink/error.hpp"

#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <vector>

#include "dist/abort.hpp"

namespace xjslink {

const char* error_code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidInput:
      return "invalid input";
    case ErrorCode::kInvalidSettings:
      return "invalid settings";
    case ErrorCode::kIo:
      return "i/o error";
    case ErrorCode::kResource:
      return "resource";
    case ErrorCode::kInternal:
      return "internal error";
  }
  return "error";
}

Error::Error(ErrorCode code, std::string message, std::string file, std::uint64_t line,
             std::string field)
    : std::runtime_error(render(code, message, file, line, field)),
      code_(code),
      file_(std::move(file)),
      line_(line),
      field_(std::move(field)),
      message_(std::move(message)) {}

std::string Error::render(ErrorCode code, const std::string& message, const std::string& file,
                          std::uint64_t line, const std::string& field) {
  std::string out = "xjslink: ";
  if (!file.empty()) {
    out += file;
    if (line > 0) out += ":" + std::to_string(line);
    out += ": ";
  } else if (line > 0) {
    out += "record " + std::to_string(line) + ": ";
  }
  if (!field.empty()) out += "field '" + field + "': ";
  if (code == ErrorCode::kInternal) out += "internal error: ";
  out += message;
  return out;
}

Error Error::with_line(std::uint64_t line) const {
  return Error(code_, message_, file_, line, field_);
}

// Fields are separated by NUL bytes; none of them can contain one.
std::string Error::serialise() const {
  std::string out;
  out += std::to_string(static_cast<int>(code_));
  out.push_back('\0');
  out += file_;
  out.push_back('\0');
  out += std::to_string(line_);
  out.push_back('\0');
  out += field_;
  out.push_back('\0');
  out += message_;
  return out;
}

Error Error::deserialise(const std::string& text) {
  std::vector<std::string> parts;
  std::string cur;
  for (char c : text) {
    if (c == '\0') {
      parts.push_back(cur);
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  parts.push_back(cur);
  if (parts.size() != 5) return Error(ErrorCode::kInternal, "malformed serialised error");
  return Error(static_cast<ErrorCode>(std::stoi(parts[0])), parts[4], parts[1],
               std::stoull(parts[2]), parts[3]);
}

namespace detail {
void check_failed(const char* condition, const std::string& message, const char* file, int line) {
  std::fprintf(stderr, "xjslink: internal error on rank %d at %s:%d: check '%s' failed: %s\n",
               dist::world_rank_or_zero(), file, line, condition, message.c_str());
  std::fflush(stderr);
  dist::abort_all(70);
}
}  // namespace detail

}  // namespace xjslink
