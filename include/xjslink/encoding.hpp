// File: encoding.hpp
// Text encodings of input files and their conversion to the UTF-8 that every xjslink string is
// held in. UTF-8 is validated strictly (no overlongs, surrogates or code points above U+10FFFF);
// ISO-8859-1 and windows-1252 always decode, so converting them cannot fail.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace xjslink {

enum class Encoding : std::uint8_t {
  kUtf8,         // validated, stored as is
  kLatin1,       // ISO-8859-1: byte b is code point U+00bb
  kWindows1252,  // WHATWG windows-1252: like Latin-1 except 0x80-0x9F (euro sign, curly quotes...)
};

// "utf-8", "latin1", "windows-1252" (and the usual aliases, case-insensitive), or nullopt.
std::optional<Encoding> encoding_from_name(std::string_view name);
const char* encoding_name(Encoding encoding);

// True if every byte is below 0x80 (then the text is the same in all three encodings).
bool is_ascii(std::string_view bytes);

// Offset of the first byte of the first invalid UTF-8 sequence, or nullopt if valid.
std::optional<std::size_t> find_invalid_utf8(std::string_view bytes);

// Appends bytes, decoded from `encoding`, to out as UTF-8. For kUtf8 the bytes are appended
// unchanged (validate them first with find_invalid_utf8).
void append_as_utf8(std::string& out, std::string_view bytes, Encoding encoding);

}  // namespace xjslink
