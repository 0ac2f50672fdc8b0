// File: kernels/damerau_levenshtein.cpp
// Entry points of the optimal string alignment (restricted Damerau-Levenshtein)
// distance: code points, then the shared edit-distance driver.
#include "kernels/damerau_levenshtein.hpp"

#include "kernels/code_point_pair_impl.hpp"
#include "kernels/damerau_levenshtein_impl.hpp"
#include "kernels/edit_distance_impl.hpp"
#include "kernels/utf8_codepoints.hpp"

namespace xjslink::kernels {

std::size_t damerau_levenshtein_distance(std::string_view a, std::string_view b,
                                         std::size_t score_cutoff) {
  return detail::edit_distance_utf8<detail::OsaAlgo>(a, b, score_cutoff);
}

CachedDamerauLevenshtein::CachedDamerauLevenshtein(std::string_view s1) {
  const CodePoints cp(s1);
  code_points_.assign(cp.data(), cp.data() + cp.size());
  pm_.build(code_points_.data(), code_points_.size());
}

std::size_t CachedDamerauLevenshtein::distance(std::string_view s2,
                                               std::size_t score_cutoff) const {
  if (is_ascii(s2)) {
    return detail::edit_distance_cached<detail::OsaAlgo>(
        pm_, code_points_.data(), code_points_.size(), detail::bytes(s2), s2.size(), score_cutoff);
  }
  const CodePoints cp(s2);
  return detail::edit_distance_cached<detail::OsaAlgo>(
      pm_, code_points_.data(), code_points_.size(), cp.data(), cp.size(), score_cutoff);
}

}  // namespace xjslink::kernels
