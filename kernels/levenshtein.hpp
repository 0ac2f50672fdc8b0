// File: kernels/levenshtein.hpp
// Levenshtein distance (insertions, deletions, substitutions; unit costs) of two UTF-8 strings,
// compared as Unicode code points. A distance above score_cutoff is returned as score_cutoff + 1
// (and the kernel may stop early), so a level asks "lev <= k?" as distance(a, b, k) <= k.
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

std::size_t levenshtein_distance(std::string_view a, std::string_view b,
                                 std::size_t score_cutoff = SIZE_MAX);

// One left string compared with many right strings: its bit table is built once.
class CachedLevenshtein {
 public:
  explicit CachedLevenshtein(std::string_view s1);
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
