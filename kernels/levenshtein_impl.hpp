// File: kernels/levenshtein_impl.hpp
// Bit-parallel Levenshtein distance: G. Myers, "A fast bit-vector algorithm for approximate
// string matching based on dynamic programming", JACM 46(3), 1999, in the formulation of
// H. Hyyrö, "A bit-vector algorithm for computing Levenshtein and Damerau edit distances", 2003.
// One 64-bit word holds a column of vertical deltas; longer patterns use Myers' blocks, with the
// horizontal delta carried from word to word. Carries only move towards higher bits, so bits of
// the pattern above len1 never change the result at bit len1-1.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "kernels/pattern_match_impl.hpp"

namespace xjslink::kernels::detail {

struct LevenshteinAlgo {
  // Pattern of 1..64 code points (pm), text t of len2 >= 1. Returns the distance, or max + 1
  // once the distance must exceed max (max < both lengths' maximum is the caller's clamp).
  template <class PM, class CharT>
  static std::size_t word(const PM& pm, std::size_t len1, const CharT* t, std::size_t len2,
                          std::size_t max) {
    std::uint64_t vp = ~std::uint64_t{0};
    std::uint64_t vn = 0;
    const std::uint64_t last = std::uint64_t{1} << (len1 - 1);
    std::size_t score = len1;
    // The last row changes by at most one per text character, so once score exceeds
    // max + (characters left) the distance cannot come back under max.
    std::size_t limit = max + len2;
    for (std::size_t j = 0; j < len2; ++j) {
      const std::uint64_t x = pm.get(t[j]);
      const std::uint64_t d0 = (((x & vp) + vp) ^ vp) | x | vn;
      std::uint64_t hp = vn | ~(d0 | vp);
      std::uint64_t hn = d0 & vp;
      score += (hp & last) != 0;
      score -= (hn & last) != 0;
      if (score > --limit) return max + 1;
      hp = (hp << 1) | 1;
      hn <<= 1;
      vp = hn | ~(d0 | hp);
      vn = hp & d0;
    }
    return score;
  }

  template <class CharT>
  static std::size_t blocked(const BlockPatternMatch& pm, std::size_t len1, const CharT* t,
                             std::size_t len2, std::size_t max) {
    const std::size_t words = words_for(len1);
    std::vector<std::uint64_t> vp(words, ~std::uint64_t{0});
    std::vector<std::uint64_t> vn(words, 0);
    const std::uint64_t last = std::uint64_t{1} << ((len1 - 1) % kWordBits);
    std::size_t score = len1;
    std::size_t limit = max + len2;
    for (std::size_t j = 0; j < len2; ++j) {
      const std::uint64_t* row = pm.row(t[j]);
      std::uint64_t hp_carry = 1;  // the top row D[0][j] = j rises by one per column
      std::uint64_t hn_carry = 0;
      for (std::size_t w = 0; w < words; ++w) {
        const std::uint64_t x = (row != nullptr ? row[w] : 0) | hn_carry;
        const std::uint64_t d0 = (((x & vp[w]) + vp[w]) ^ vp[w]) | x | vn[w];
        std::uint64_t hp = vn[w] | ~(d0 | vp[w]);
        std::uint64_t hn = d0 & vp[w];
        if (w + 1 == words) {
          score += (hp & last) != 0;
          score -= (hn & last) != 0;
        }
        const std::uint64_t hp_out = hp >> 63;
        const std::uint64_t hn_out = hn >> 63;
        hp = (hp << 1) | hp_carry;
        hn = (hn << 1) | hn_carry;
        hp_carry = hp_out;
        hn_carry = hn_out;
        vp[w] = hn | ~(d0 | hp);
        vn[w] = hp & d0;
      }
      if (score > --limit) return max + 1;
    }
    return score;
  }
};

}  // namespace xjslink::kernels::detail
