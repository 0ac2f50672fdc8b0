// File: kernels/code_point_pair_impl.hpp
// Presents two UTF-8 strings to a kernel as code-point arrays: both ASCII (the common case after
// accent stripping) -> the bytes themselves as unsigned char; otherwise both decoded to char32_t.
// Every kernel therefore sees one code point per element and never splits a multi-byte character.
#pragma once

#include <string_view>

#include "kernels/utf8_codepoints.hpp"

namespace xjslink::kernels::detail {

inline const unsigned char* bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

template <class F>
decltype(auto) with_code_points(std::string_view a, std::string_view b, F&& f) {
  if (is_ascii(a) && is_ascii(b)) return f(bytes(a), a.size(), bytes(b), b.size());
  CodePoints ca(a);
  CodePoints cb(b);
  return f(ca.data(), ca.size(), cb.data(), cb.size());
}

// Length of the common prefix of s1 and s2, at most max_len.
template <class C1, class C2>
std::size_t common_prefix(const C1* s1, std::size_t n1, const C2* s2, std::size_t n2,
                          std::size_t max_len = static_cast<std::size_t>(-1)) {
  std::size_t n = n1 < n2 ? n1 : n2;
  if (n > max_len) n = max_len;
  std::size_t i = 0;
  while (i < n && static_cast<char32_t>(s1[i]) == static_cast<char32_t>(s2[i]))
    ++i;
  return i;
}

// Length of the common suffix of s1 and s2.
template <class C1, class C2>
std::size_t common_suffix(const C1* s1, std::size_t n1, const C2* s2, std::size_t n2) {
  std::size_t i = 0;
  while (i < n1 && i < n2 &&
         static_cast<char32_t>(s1[n1 - 1 - i]) == static_cast<char32_t>(s2[n2 - 1 - i])) {
    ++i;
  }
  return i;
}

}  // namespace xjslink::kernels::detail
