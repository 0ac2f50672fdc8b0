// File: kernels/cached_edit_distance.hpp
// One left string compared with many right strings by an edit distance (Levenshtein or OSA):
// the state and entry points the two distances share. The left string's code points, bit table,
// SIMD lane text and (when short and ASCII) vectors are built once; Algo picks the distance.
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

namespace xjslink::kernels::detail {

template <class Algo>
class CachedEditDistance {
 public:
  explicit CachedEditDistance(std::string_view s1);
  std::size_t distance(std::string_view s2, std::size_t score_cutoff = SIZE_MAX) const;
  // The one-against-many form: out[i] = distance(s2[i], score_cutoff) for i < count, with
  // short ASCII right strings computed in SIMD lanes.
  void distance_many(const std::string_view* s2, std::size_t count, std::size_t* out,
                     std::size_t score_cutoff = SIZE_MAX) const;

 private:
  std::vector<char32_t> code_points_;
  std::string bytes_;                // s1 as given
  std::optional<ShortAscii> short_;  // s1 in vectors, when ASCII and <= 32 bytes
  BlockPatternMatch pm_;
  LaneText lanes_;
};

}  // namespace xjslink::kernels::detail
