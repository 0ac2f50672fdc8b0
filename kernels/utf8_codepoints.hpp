// File: kernels/utf8_codepoints.hpp
// UTF-8 to code points for the string kernels, which compare Unicode code points, not bytes.
// Valid UTF-8 (RFC 3629: shortest form, no surrogates, <= U+10FFFF) decodes to its code points;
// each byte that is not part of a valid sequence becomes its own code point 0xDC00 + byte (a lone
// surrogate, which valid input never yields), so decoding never fails and never merges bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>

namespace xjslink::kernels {

inline constexpr char32_t kInvalidByteBase = 0xDC00;

// True when every byte is < 0x80; then bytes and code points coincide.
inline bool is_ascii(std::string_view s) {
  const char* p = s.data();
  std::size_t n = s.size();
  std::uint64_t acc = 0;
  for (; n >= 8; p += 8, n -= 8) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    acc |= w;
  }
  for (; n > 0; ++p, --n)
    acc |= static_cast<unsigned char>(*p);
  return (acc & 0x8080808080808080ULL) == 0;
}

// Decodes s into out (which must hold s.size() code points) and returns the count.
inline std::size_t decode_utf8(std::string_view s, char32_t* out) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  std::size_t i = 0;
  std::size_t k = 0;
  while (i < n) {
    const unsigned char b0 = p[i];
    if (b0 < 0x80) {
      out[k++] = b0;
      ++i;
      continue;
    }
    std::size_t len = 0;
    char32_t cp = 0;
    unsigned char lo = 0x80;  // allowed range of the second byte
    unsigned char hi = 0xBF;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
      len = 2;
      cp = b0 & 0x1F;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
      len = 3;
      cp = b0 & 0x0F;
      if (b0 == 0xE0) lo = 0xA0;  // overlong
      if (b0 == 0xED) hi = 0x9F;  // surrogates
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
      len = 4;
      cp = b0 & 0x07;
      if (b0 == 0xF0) lo = 0x90;  // overlong
      if (b0 == 0xF4) hi = 0x8F;  // > U+10FFFF
    }
    bool ok = len != 0 && i + len <= n && p[i + 1] >= lo && p[i + 1] <= hi;
    for (std::size_t j = 2; ok && j < len; ++j)
      ok = (p[i + j] & 0xC0) == 0x80;
    if (!ok) {
      out[k++] = kInvalidByteBase + b0;
      ++i;
      continue;
    }
    for (std::size_t j = 1; j < len; ++j)
      cp = (cp << 6) | (p[i + j] & 0x3F);
    out[k++] = cp;
    i += len;
  }
  return k;
}

// The code points of one string, without a heap allocation for strings of up to kInline bytes.
class CodePoints {
 public:
  static constexpr std::size_t kInline = 128;

  CodePoints() = default;
  explicit CodePoints(std::string_view s) { assign(s); }
  CodePoints(const CodePoints&) = delete;
  CodePoints& operator=(const CodePoints&) = delete;

  void assign(std::string_view s) {
    char32_t* buf = inline_;
    if (s.size() > kInline) {
      if (s.size() > heap_capacity_) {
        heap_ = std::make_unique<char32_t[]>(s.size());
        heap_capacity_ = s.size();
      }
      buf = heap_.get();
    }
    size_ = decode_utf8(s, buf);
    data_ = buf;
  }
  const char32_t* data() const { return data_; }
  std::size_t size() const { return size_; }

 private:
  char32_t inline_[kInline];
  std::unique_ptr<char32_t[]> heap_;
  std::size_t heap_capacity_ = 0;
  const char32_t* data_ = inline_;
  std::size_t size_ = 0;
};

}  // namespace xjslink::kernels
