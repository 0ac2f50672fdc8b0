// File: kernels/levenshtein.hpp
// Levenshtein distance (insertions, deletions, substitutions; unit costs) of two UTF-8 strings,
// compared as Unicode code points. A distance above score_cutoff is returned as score_cutoff + 1
// (and the kernel may stop early), so a level asks "lev <= k?" as distance(a, b, k) <= k.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "kernels/cached_edit_distance.hpp"

namespace xjslink::kernels {

std::size_t levenshtein_distance(std::string_view a, std::string_view b,
                                 std::size_t score_cutoff = SIZE_MAX);

// One left string compared with many right strings: its bit table is built once.
namespace detail {
struct LevenshteinAlgo;
}

// One left string compared with many right strings (kernels/cached_edit_distance.hpp).
class CachedLevenshtein : public detail::CachedEditDistance<detail::LevenshteinAlgo> {
 public:
  using CachedEditDistance::CachedEditDistance;
};

}  // namespace xjslink::kernels
