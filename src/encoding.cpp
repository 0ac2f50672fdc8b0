// File: encoding.cpp
// UTF-8 validation (utf8proc decides what is valid) with an ASCII fast path, and single-byte
// decoders. The windows-1252 table is the WHATWG Encoding Standard's index, in which the five
// bytes unassigned by Microsoft decode to the C1 controls of the same value.
#include "xjslink/encoding.hpp"

#include <utf8proc.h>

#include <array>
#include <cstring>

namespace xjslink {

namespace {

constexpr std::uint64_t kHighBits = 0x8080808080808080ull;

constexpr std::array<std::uint16_t, 32> kWindows1252High = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

void append_code_point(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (x != b[i]) return false;
  }
  return true;
}

}  // namespace

std::optional<Encoding> encoding_from_name(std::string_view name) {
  for (const char* n : {"utf-8", "utf8"}) {
    if (equals_ignoring_case(name, n)) return Encoding::kUtf8;
  }
  for (const char* n : {"latin1", "latin-1", "iso-8859-1", "iso8859-1"}) {
    if (equals_ignoring_case(name, n)) return Encoding::kLatin1;
  }
  for (const char* n : {"windows-1252", "cp1252"}) {
    if (equals_ignoring_case(name, n)) return Encoding::kWindows1252;
  }
  return std::nullopt;
}

const char* encoding_name(Encoding encoding) {
  switch (encoding) {
    case Encoding::kUtf8:
      return "utf-8";
    case Encoding::kLatin1:
      return "latin1";
    case Encoding::kWindows1252:
      return "windows-1252";
  }
  return "?";
}

bool is_ascii(std::string_view bytes) {
  const char* p = bytes.data();
  std::size_t n = bytes.size();
  std::uint64_t acc = 0;
  for (; n >= 8; n -= 8, p += 8) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    acc |= w;
  }
  for (; n > 0; --n, ++p)
    acc |= static_cast<unsigned char>(*p);
  return (acc & kHighBits) == 0;
}

std::optional<std::size_t> find_invalid_utf8(std::string_view bytes) {
  const auto* data = reinterpret_cast<const utf8proc_uint8_t*>(bytes.data());
  const std::size_t n = bytes.size();
  std::size_t i = 0;
  while (i < n) {
    // Skip ASCII eight bytes at a time; only multi-byte sequences need utf8proc.
    if (i + 8 <= n) {
      std::uint64_t w;
      std::memcpy(&w, data + i, 8);
      if ((w & kHighBits) == 0) {
        i += 8;
        continue;
      }
    }
    if (data[i] < 0x80) {
      ++i;
      continue;
    }
    utf8proc_int32_t cp = 0;
    const utf8proc_ssize_t len =
        utf8proc_iterate(data + i, static_cast<utf8proc_ssize_t>(n - i), &cp);
    if (len <= 0) return i;
    i += static_cast<std::size_t>(len);
  }
  return std::nullopt;
}

void append_as_utf8(std::string& out, std::string_view bytes, Encoding encoding) {
  if (encoding == Encoding::kUtf8 || is_ascii(bytes)) {
    out.append(bytes);
    return;
  }
  for (char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    if (encoding == Encoding::kWindows1252 && b >= 0x80 && b < 0xA0) {
      append_code_point(out, kWindows1252High[b - 0x80]);
    } else {
      append_code_point(out, b);
    }
  }
}

}  // namespace xjslink
