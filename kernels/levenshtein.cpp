// File: kernels/levenshtein.cpp
// Entry points of the levenshtein distance: code points, then the shared edit-distance driver.
#include "kernels/levenshtein.hpp"

#include "kernels/code_point_pair_impl.hpp"
#include "kernels/edit_distance_impl.hpp"
#include "kernels/levenshtein_impl.hpp"
#include "kernels/utf8_codepoints.hpp"

namespace xjslink::kernels {

std::size_t levenshtein_distance(std::string_view a, std::string_view b, std::size_t score_cutoff) {
  return detail::edit_distance_utf8<detail::LevenshteinAlgo>(a, b, score_cutoff);
}

CachedLevenshtein::CachedLevenshtein(std::string_view s1) {
  const CodePoints cp(s1);
  code_points_.assign(cp.data(), cp.data() + cp.size());
  pm_.build(code_points_.data(), code_points_.size());
}

std::size_t CachedLevenshtein::distance(std::string_view s2, std::size_t score_cutoff) const {
  if (is_ascii(s2)) {
    return detail::edit_distance_cached<detail::LevenshteinAlgo>(
        pm_, code_points_.data(), code_points_.size(), detail::bytes(s2), s2.size(), score_cutoff);
  }
  const CodePoints cp(s2);
  return detail::edit_distance_cached<detail::LevenshteinAlgo>(
      pm_, code_points_.data(), code_points_.size(), cp.data(), cp.size(), score_cutoff);
}

}  // namespace xjslink::kernels
