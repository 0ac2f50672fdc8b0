// File: tests/kernels/reference/jaccard_ref.hpp
// Textbook q-gram Jaccard on code points with std::set: no padding; a string shorter than q
// contributes itself as its only gram. Shares no code with kernels/.
#pragma once

#include <set>
#include <string>
#include <string_view>

#include "kernels/reference/code_points_ref.hpp"

namespace xjslink::kernels::reference {

inline std::set<std::u32string> qgrams(const std::u32string& s, unsigned q) {
  std::set<std::u32string> grams;
  if (s.size() < q) {
    grams.insert(s);
    return grams;
  }
  for (std::size_t i = 0; i + q <= s.size(); ++i)
    grams.insert(s.substr(i, q));
  return grams;
}

inline double jaccard(std::string_view a_utf8, std::string_view b_utf8, unsigned q) {
  const std::set<std::u32string> a = qgrams(code_points(a_utf8), q);
  const std::set<std::u32string> b = qgrams(code_points(b_utf8), q);
  std::size_t common = 0;
  for (const std::u32string& g : a)
    common += b.count(g);
  const std::size_t all = a.size() + b.size() - common;
  return static_cast<double>(common) / static_cast<double>(all);
}

}  // namespace xjslink::kernels::reference
