// File: kernels/jaro_winkler.hpp
// Jaro and Jaro-Winkler similarity of two UTF-8 strings, compared as Unicode code points.
// Scores are in [0,1]; a score below score_cutoff is returned as 0.0 (and the kernel may stop
// early), so a comparison level asks "JW >= t?" as jaro_winkler_similarity(a, b, 0.1, t) > 0.
// Two empty strings score 1.0; an empty and a non-empty string score 0.0.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "kernels/pattern_match_impl.hpp"

namespace xjslink::kernels {

double jaro_similarity(std::string_view a, std::string_view b, double score_cutoff = 0.0);

// Standard Jaro-Winkler (as Splink, DuckDB and rapidfuzz): common prefix of up to 4 code points,
// boost applied only when jaro > 0.7. prefix_weight must be in [0, 0.25] (std::invalid_argument).
double jaro_winkler_similarity(std::string_view a, std::string_view b, double prefix_weight = 0.1,
                               double score_cutoff = 0.0);

// One left string compared with many right strings: its bit tables are built once.
class CachedJaro {
 public:
  explicit CachedJaro(std::string_view s1);
  double similarity(std::string_view s2, double score_cutoff = 0.0) const;

 private:
  friend class CachedJaroWinkler;
  // Jaro of s1 against s2 (already split into code points by the caller).
  template <class CharT>
  double similarity_code_points(const CharT* s2, std::size_t len2, double score_cutoff) const;

  std::vector<char32_t> code_points_;  // s1 decoded
  detail::BlockPatternMatch pm_;
};

class CachedJaroWinkler {
 public:
  explicit CachedJaroWinkler(std::string_view s1, double prefix_weight = 0.1);
  double similarity(std::string_view s2, double score_cutoff = 0.0) const;

 private:
  CachedJaro jaro_;
  double prefix_weight_;
};

}  // namespace xjslink::kernels
