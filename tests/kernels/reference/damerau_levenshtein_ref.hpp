// File: tests/kernels/reference/damerau_levenshtein_ref.hpp
// Textbook optimal string alignment distance on code points: the Levenshtein table plus the
// adjacent-transposition case d[i-2][j-2] + 1 when a[i-1] == b[j-2] and a[i-2] == b[j-1].
// Shares no code with kernels/.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "kernels/reference/code_points_ref.hpp"

namespace xjslink::kernels::reference {

inline std::size_t optimal_string_alignment(std::string_view a_utf8, std::string_view b_utf8) {
  const std::u32string a = code_points(a_utf8);
  const std::u32string b = code_points(b_utf8);
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i)
    d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j)
    d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

}  // namespace xjslink::kernels::reference
