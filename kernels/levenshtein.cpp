// File: kernels/levenshtein.cpp
// Entry points of the levenshtein distance: code points, then the shared edit-distance driver.
#include "kernels/levenshtein.hpp"

#include "kernels/cached_edit_distance_impl.hpp"
#include "kernels/levenshtein_impl.hpp"

namespace xjslink::kernels {

std::size_t levenshtein_distance(std::string_view a, std::string_view b, std::size_t score_cutoff) {
  return detail::edit_distance_utf8<detail::LevenshteinAlgo>(a, b, score_cutoff);
}

template class detail::CachedEditDistance<detail::LevenshteinAlgo>;

}  // namespace xjslink::kernels
