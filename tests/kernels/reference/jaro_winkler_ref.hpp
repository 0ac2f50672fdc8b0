// File: tests/kernels/reference/jaro_winkler_ref.hpp
// Textbook Jaro (Jaro 1989) and Jaro-Winkler (Winkler 1990) on code points, written for
// obviousness: for each character of a, the first unmatched equal character of b within the
// window max(|a|,|b|)/2 - 1 is its match; transpositions are half the matched characters that
// differ when both matched sequences are read in order. Shares no code with kernels/.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "kernels/reference/code_points_ref.hpp"

namespace xjslink::kernels::reference {

inline double jaro(std::string_view a_utf8, std::string_view b_utf8) {
  const std::u32string a = code_points(a_utf8);
  const std::u32string b = code_points(b_utf8);
  if (a.empty() && b.empty()) return 1.0;
  if (a.empty() || b.empty()) return 0.0;
  const long longer = static_cast<long>(a.size() > b.size() ? a.size() : b.size());
  long window = longer / 2 - 1;
  if (window < 0) window = 0;
  std::vector<bool> a_matched(a.size(), false);
  std::vector<bool> b_matched(b.size(), false);
  long matches = 0;
  for (long i = 0; i < static_cast<long>(a.size()); ++i) {
    for (long j = i - window; j <= i + window; ++j) {
      if (j < 0 || j >= static_cast<long>(b.size())) continue;
      if (b_matched[j] || a[i] != b[j]) continue;
      a_matched[i] = true;
      b_matched[j] = true;
      ++matches;
      break;
    }
  }
  if (matches == 0) return 0.0;
  std::u32string a_seq;
  std::u32string b_seq;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a_matched[i]) a_seq.push_back(a[i]);
  }
  for (std::size_t j = 0; j < b.size(); ++j) {
    if (b_matched[j]) b_seq.push_back(b[j]);
  }
  long differing = 0;
  for (std::size_t k = 0; k < a_seq.size(); ++k) {
    if (a_seq[k] != b_seq[k]) ++differing;
  }
  const long transpositions = differing / 2;
  const double m = static_cast<double>(matches);
  return (m / static_cast<double>(a.size()) + m / static_cast<double>(b.size()) +
          (m - static_cast<double>(transpositions)) / m) /
         3.0;
}

inline double jaro_winkler(std::string_view a_utf8, std::string_view b_utf8,
                           double prefix_weight = 0.1) {
  const double j = jaro(a_utf8, b_utf8);
  if (!(j > 0.7)) return j;
  const std::u32string a = code_points(a_utf8);
  const std::u32string b = code_points(b_utf8);
  int prefix = 0;
  while (prefix < 4 && prefix < static_cast<int>(a.size()) && prefix < static_cast<int>(b.size()) &&
         a[prefix] == b[prefix]) {
    ++prefix;
  }
  return j + static_cast<double>(prefix) * prefix_weight * (1.0 - j);
}

}  // namespace xjslink::kernels::reference
