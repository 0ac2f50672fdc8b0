// File: kernels/damerau_levenshtein_impl.hpp
// Bit-parallel optimal string alignment distance (restricted Damerau-Levenshtein: adjacent
// transpositions, no substring edited twice): H. Hyyrö, "A bit-vector algorithm for computing
// Levenshtein and Damerau edit distances", Nordic J. Computing 10, 2003. The transposition term
// TR needs the previous column's D0 and pattern bits, one bit lower (carried across words).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "kernels/multi_lane_impl.hpp"
#include "kernels/pattern_match_impl.hpp"

namespace xjslink::kernels::detail {

struct OsaAlgo {
  static constexpr bool kHasSmallMax = false;  // mbleven's models have no transposition

  static void lanes(const LaneGroup& group, const LaneText& text, std::uint16_t* out) {
    osa_lanes(group, text, out);
  }

  template <class PM, class CharT>
  static std::size_t word(const PM& pm, std::size_t len1, const CharT* t, std::size_t len2,
                          std::size_t max) {
    std::uint64_t vp = ~std::uint64_t{0};
    std::uint64_t vn = 0;
    std::uint64_t d0 = 0;
    std::uint64_t pm_prev = 0;
    const std::uint64_t last = std::uint64_t{1} << (len1 - 1);
    std::size_t score = len1;
    std::size_t limit = max + len2;
    for (std::size_t j = 0; j < len2; ++j) {
      const std::uint64_t x = pm.get(t[j]);
      const std::uint64_t tr = (((~d0) & x) << 1) & pm_prev;
      d0 = (((x & vp) + vp) ^ vp) | x | vn | tr;
      std::uint64_t hp = vn | ~(d0 | vp);
      std::uint64_t hn = d0 & vp;
      score += (hp & last) != 0;
      score -= (hn & last) != 0;
      if (score > --limit) return max + 1;
      hp = (hp << 1) | 1;
      hn <<= 1;
      vp = hn | ~(d0 | hp);
      vn = hp & d0;
      pm_prev = x;
    }
    return score;
  }

  template <class CharT>
  static std::size_t blocked(const BlockPatternMatch& pm, std::size_t len1, const CharT* t,
                             std::size_t len2, std::size_t max) {
    const std::size_t words = words_for(len1);
    std::vector<std::uint64_t> vp(words, ~std::uint64_t{0});
    std::vector<std::uint64_t> vn(words, 0);
    std::vector<std::uint64_t> d0(words, 0);
    std::vector<std::uint64_t> pm_prev(words, 0);
    const std::uint64_t last = std::uint64_t{1} << ((len1 - 1) % kWordBits);
    std::size_t score = len1;
    std::size_t limit = max + len2;
    for (std::size_t j = 0; j < len2; ++j) {
      const std::uint64_t* row = pm.row(t[j]);
      std::uint64_t hp_carry = 1;
      std::uint64_t hn_carry = 0;
      std::uint64_t tr_carry = 0;
      for (std::size_t w = 0; w < words; ++w) {
        const std::uint64_t pm_j = row != nullptr ? row[w] : 0;
        const std::uint64_t tr_src = (~d0[w]) & pm_j;
        const std::uint64_t tr = ((tr_src << 1) | tr_carry) & pm_prev[w];
        tr_carry = tr_src >> 63;
        const std::uint64_t x = pm_j | hn_carry;
        const std::uint64_t d = (((x & vp[w]) + vp[w]) ^ vp[w]) | x | vn[w] | tr;
        std::uint64_t hp = vn[w] | ~(d | vp[w]);
        std::uint64_t hn = d & vp[w];
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
        vp[w] = hn | ~(d | hp);
        vn[w] = hp & d;
        d0[w] = d;
        pm_prev[w] = pm_j;
      }
      if (score > --limit) return max + 1;
    }
    return score;
  }
};

}  // namespace xjslink::kernels::detail
