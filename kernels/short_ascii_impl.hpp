// File: kernels/short_ascii_impl.hpp
// Fast path for the common case: both strings ASCII and at most 32 bytes (names after
// standardisation). A string lives in two zero-padded 16-byte SSE2 registers (SSE2 is part of
// baseline x86-64, so no dispatch is needed); its pattern-match bits for a byte c are one
// compare and one movemask, so no per-call table is built or cleared. Bits at and above the
// length are masked off, so padding never matches (not even a NUL byte in the text).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#define XJS_KERNELS_SHORT_ASCII 1
#endif

namespace xjslink::kernels::detail {

#if defined(XJS_KERNELS_SHORT_ASCII)

inline constexpr std::size_t kShortAsciiMax = 32;

// Loads the first n <= 16 bytes of p, zero-padded. Reading a whole 16-byte block is safe when it
// does not cross a page boundary (memory protection is per page), which is almost always the
// case; AddressSanitizer builds always copy, since they check object bounds, not pages.
inline __m128i load_padded16(const char* p, std::size_t n) {
  alignas(16) static constexpr unsigned char kKeep[32] = {
      0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
      0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0,    0,    0,    0,    0,    0,
      0,    0,    0,    0,    0,    0,    0,    0,    0,    0};
  const __m128i keep =
      _mm_loadu_si128(reinterpret_cast<const __m128i*>(kKeep + 16 - (n < 16 ? n : 16)));
#if !defined(__SANITIZE_ADDRESS__)
  if ((reinterpret_cast<std::uintptr_t>(p) & 4095) <= 4096 - 16) {
    return _mm_and_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)), keep);
  }
#endif
  alignas(16) unsigned char buf[16] = {};
  std::memcpy(buf, p, n < 16 ? n : 16);
  return _mm_load_si128(reinterpret_cast<const __m128i*>(buf));
}

class ShortAscii {
 public:
  // Requires s.size() <= kShortAsciiMax.
  explicit ShortAscii(std::string_view s) : len_(s.size()) {
    lo_ = load_padded16(s.data(), len_);
    hi_ = len_ > 16 ? load_padded16(s.data() + 16, len_ - 16) : _mm_setzero_si128();
    len_mask_ = (std::uint64_t{1} << len_) - 1;
  }

  std::size_t size() const { return len_; }
  const __m128i& lo() const { return lo_; }
  const __m128i& hi() const { return hi_; }

  bool ascii() const { return _mm_movemask_epi8(_mm_or_si128(lo_, hi_)) == 0; }

  // Bit i set when byte i equals c.
  std::uint64_t get(unsigned char c) const {
    const __m128i v = _mm_set1_epi8(static_cast<char>(c));
    const auto lo = static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(lo_, v)));
    const auto hi = static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(hi_, v)));
    return ((std::uint64_t{hi} << 16) | lo) & len_mask_;
  }

 private:
  __m128i lo_;
  __m128i hi_;
  std::size_t len_;
  std::uint64_t len_mask_;
};

// Bit i set when a[i] == b[i] (i < 32); padding compares equal, so callers cap at the length.
inline std::uint32_t equal_bytes(const ShortAscii& a, const ShortAscii& b) {
  const auto lo = static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(a.lo(), b.lo())));
  const auto hi = static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(a.hi(), b.hi())));
  return (hi << 16) | lo;
}

// a == b, from the vectors (padding is zero in both).
inline bool short_equal(const ShortAscii& a, const ShortAscii& b) {
  return a.size() == b.size() && equal_bytes(a, b) == 0xFFFFFFFFu;
}

// Common prefix of a and b from their byte-equality mask, capped at the shorter length.
inline std::size_t short_common_prefix(const ShortAscii& a, const ShortAscii& b) {
  const std::uint64_t differ = ~static_cast<std::uint64_t>(equal_bytes(a, b));
  const std::size_t first_diff = static_cast<std::size_t>(__builtin_ctzll(differ));
  const std::size_t n = a.size() < b.size() ? a.size() : b.size();
  return first_diff < n ? first_diff : n;
}

#endif  // XJS_KERNELS_SHORT_ASCII

}  // namespace xjslink::kernels::detail
