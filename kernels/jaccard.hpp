// File: kernels/jaccard.hpp
// Jaccard similarity |A ∩ B| / |A ∪ B| of the SETS of q-grams of two UTF-8 strings, where a
// q-gram is q consecutive code points. No padding: "abc" with q = 2 has the grams {ab, bc}. A
// string shorter than q (including "") has exactly one gram, the whole string, so two empty
// strings score 1.0. A score below score_cutoff is returned as 0.0. q must be >= 1.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace xjslink::kernels {

double jaccard_similarity(std::string_view a, std::string_view b, unsigned q = 2,
                          double score_cutoff = 0.0);

class CachedJaccard {
 public:
  explicit CachedJaccard(std::string_view s1, unsigned q = 2);
  double similarity(std::string_view s2, double score_cutoff = 0.0) const;

 private:
  unsigned q_;
  std::vector<std::uint64_t> keys_;    // sorted distinct packed grams (q <= 3)
  std::vector<std::u32string> grams_;  // sorted distinct grams (q > 3)
};

}  // namespace xjslink::kernels
