// File: io/json_document.hpp
// Reading the JSON files a user gives (settings, models). Beyond nlohmann's parser it refuses
// nesting deeper than kMaxJsonDepth (the serialiser recurses and would overflow the stack), a
// key given twice in one object (nlohmann keeps the last silently), numbers that do not fit a
// double, directories and oversized files. Errors give a position or a JSON path, never the
// text read: a data file given by mistake as --settings must not be echoed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "xjslink/error.hpp"

namespace xjslink {

inline constexpr std::size_t kMaxJsonDepth = 64;
inline constexpr std::uint64_t kMaxJsonFileBytes = 64ull << 20;

// The whole file as text. Throws Error(kIo) when it cannot be opened or is a directory, and
// Error(code) when it is larger than kMaxJsonFileBytes. `what` names it: "settings file".
std::string read_json_file(const std::string& path, const char* what, ErrorCode code);

// Parses a JSON document. Throws Error(code, "<refusal>: <why>", source, 0, JSON path) on any
// problem above, e.g. refusal = "not valid JSON"; `comments` allows // and /* */ comments.
nlohmann::json parse_json_document(std::string_view text, const std::string& source, ErrorCode code,
                                   const char* refusal, bool comments);

}  // namespace xjslink
