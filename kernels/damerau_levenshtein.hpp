// File: kernels/damerau_levenshtein.hpp
// Optimal string alignment distance, the restricted Damerau-Levenshtein distance: insertions,
// deletions, substitutions and transpositions of two adjacent code points, with no substring
// edited twice (so "CA" -> "ABC" is 3, not 2). Cutoff semantics as levenshtein_distance.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "kernels/cached_edit_distance.hpp"

namespace xjslink::kernels {

std::size_t damerau_levenshtein_distance(std::string_view a, std::string_view b,
                                         std::size_t score_cutoff = SIZE_MAX);

namespace detail {
struct OsaAlgo;
}

// One left string compared with many right strings (kernels/cached_edit_distance.hpp).
class CachedDamerauLevenshtein : public detail::CachedEditDistance<detail::OsaAlgo> {
 public:
  using CachedEditDistance::CachedEditDistance;
};

}  // namespace xjslink::kernels
