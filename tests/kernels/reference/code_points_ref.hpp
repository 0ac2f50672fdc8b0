// File: tests/kernels/reference/code_points_ref.hpp
// Reference UTF-8 decoding for the reference twins, written from RFC 3629's table of well-formed
// byte sequences: a sequence is taken only if every byte is in its row's range; otherwise the
// first byte alone becomes 0xDC00 + byte. Shares no code with kernels/.
#pragma once

#include <string>
#include <string_view>

namespace xjslink::kernels::reference {

inline std::u32string code_points(std::string_view s) {
  struct Row {
    unsigned char first_lo, first_hi, second_lo, second_hi;
    int length;
  };
  // RFC 3629, section 4 (UTF8-2, UTF8-3, UTF8-4 with their second-byte ranges).
  static const Row kRows[] = {
      {0xC2, 0xDF, 0x80, 0xBF, 2}, {0xE0, 0xE0, 0xA0, 0xBF, 3}, {0xE1, 0xEC, 0x80, 0xBF, 3},
      {0xED, 0xED, 0x80, 0x9F, 3}, {0xEE, 0xEF, 0x80, 0xBF, 3}, {0xF0, 0xF0, 0x90, 0xBF, 4},
      {0xF1, 0xF3, 0x80, 0xBF, 4}, {0xF4, 0xF4, 0x80, 0x8F, 4},
  };
  std::u32string out;
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      out.push_back(b);
      i += 1;
      continue;
    }
    int taken = 0;
    for (const Row& r : kRows) {
      if (b < r.first_lo || b > r.first_hi) continue;
      if (i + r.length > s.size()) break;
      const auto b1 = static_cast<unsigned char>(s[i + 1]);
      if (b1 < r.second_lo || b1 > r.second_hi) break;
      bool ok = true;
      for (int k = 2; k < r.length; ++k) {
        const auto bk = static_cast<unsigned char>(s[i + k]);
        if (bk < 0x80 || bk > 0xBF) ok = false;
      }
      if (!ok) break;
      char32_t cp = 0;
      if (r.length == 2) cp = b - 0xC0;
      if (r.length == 3) cp = b - 0xE0;
      if (r.length == 4) cp = b - 0xF0;
      for (int k = 1; k < r.length; ++k)
        cp = cp * 64 + (static_cast<unsigned char>(s[i + k]) - 0x80);
      out.push_back(cp);
      taken = r.length;
      break;
    }
    if (taken == 0) {
      out.push_back(0xDC00 + b);
      taken = 1;
    }
    i += static_cast<std::size_t>(taken);
  }
  return out;
}

}  // namespace xjslink::kernels::reference
