// File: kernels/jaro_winkler.hpp
// Jaro and Jaro-Winkler similarity of two UTF-8 strings, compared as Unicode code points.
// Scores are in [0,1]; a score below score_cutoff is returned as 0.0 (and the kernel may stop
// early), so a comparison level asks "JW >= t?" as jaro_winkler_similarity(a, b, 0.1, t) > 0.
// Two empty strings score 1.0; an empty and a non-empty string score 0.0.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kernels/multi_lane_impl.hpp"
#include "kernels/pattern_match_impl.hpp"
#include "kernels/short_ascii_impl.hpp"

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
  // The one-against-many form: out[i] = similarity(s2[i], score_cutoff) for i < count, with
  // short ASCII right strings scored in SIMD lanes.
  void similarity_many(const std::string_view* s2, std::size_t count, double* out,
                       double score_cutoff = 0.0) const;

 private:
  friend class CachedJaroWinkler;
  // Jaro of s1 against s2 (already split into code points by the caller).
  template <class CharT>
  double similarity_code_points(const CharT* s2, std::size_t len2, double score_cutoff) const;

  // Scores the lanes of a full or final group into out (Winkler prefix weight, or < 0 for Jaro).
  void finish_group(const detail::LaneGroup& group, double* out, double score_cutoff,
                    double prefix_weight) const;
  void many(const std::string_view* s2, std::size_t count, double* out, double score_cutoff,
            double prefix_weight) const;

  // Jaro of s1 (ASCII, <= 32 bytes) against an ASCII s2 of <= 32 bytes already loaded in p2.
  double similarity_short(const detail::ShortAscii& p2, std::string_view s2, double cutoff) const;

  std::vector<char32_t> code_points_;        // s1 decoded
  std::string bytes_;                        // s1 as given
  std::optional<detail::ShortAscii> short_;  // s1 in vectors, when ASCII and <= 32 bytes
  detail::BlockPatternMatch pm_;
  detail::LaneText lanes_;
};

class CachedJaroWinkler {
 public:
  explicit CachedJaroWinkler(std::string_view s1, double prefix_weight = 0.1);
  double similarity(std::string_view s2, double score_cutoff = 0.0) const;
  // out[i] = similarity(s2[i], score_cutoff) for i < count (SIMD lanes for short ASCII s2).
  void similarity_many(const std::string_view* s2, std::size_t count, double* out,
                       double score_cutoff = 0.0) const;

 private:
  friend class CachedJaro;
  static double score(const CachedJaro& jaro, std::string_view s2, double score_cutoff,
                      double prefix_weight);

  CachedJaro jaro_;
  double prefix_weight_;
};

}  // namespace xjslink::kernels
