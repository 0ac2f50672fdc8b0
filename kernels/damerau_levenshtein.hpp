// File: kernels/damerau_levenshtein.hpp
// Optimal string alignment distance, the restricted Damerau-Levenshtein distance: insertions,
// deletions, substitutions and transpositions of two adjacent code points, with no substring
// edited twice (so "CA" -> "ABC" is 3, not 2). Cutoff semantics as levenshtein_distance.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kernels/multi_lane_impl.hpp"
#include "kernels/pattern_match_impl.hpp"
#include "kernels/short_ascii_impl.hpp"

namespace xjslink::kernels {

std::size_t damerau_levenshtein_distance(std::string_view a, std::string_view b,
                                         std::size_t score_cutoff = SIZE_MAX);

class CachedDamerauLevenshtein {
 public:
  explicit CachedDamerauLevenshtein(std::string_view s1);
  std::size_t distance(std::string_view s2, std::size_t score_cutoff = SIZE_MAX) const;
  // The one-against-many form: out[i] = distance(s2[i], score_cutoff) for i < count, with
  // short ASCII right strings computed in SIMD lanes.
  void distance_many(const std::string_view* s2, std::size_t count, std::size_t* out,
                     std::size_t score_cutoff = SIZE_MAX) const;

 private:
  std::vector<char32_t> code_points_;
  std::string bytes_;                        // s1 as given
  std::optional<detail::ShortAscii> short_;  // s1 in vectors, when ASCII and <= 32 bytes
  detail::BlockPatternMatch pm_;
  detail::LaneText lanes_;
};

}  // namespace xjslink::kernels
