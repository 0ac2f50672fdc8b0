// File: kernels/damerau_levenshtein.cpp
// Entry points of the optimal string alignment (restricted Damerau-Levenshtein)
// distance: code points, then the shared edit-distance driver.
#include "kernels/damerau_levenshtein.hpp"

#include "kernels/cached_edit_distance_impl.hpp"
#include "kernels/damerau_levenshtein_impl.hpp"

namespace xjslink::kernels {

std::size_t damerau_levenshtein_distance(std::string_view a, std::string_view b,
                                         std::size_t score_cutoff) {
  return detail::edit_distance_utf8<detail::OsaAlgo>(a, b, score_cutoff);
}

template class detail::CachedEditDistance<detail::OsaAlgo>;

}  // namespace xjslink::kernels
