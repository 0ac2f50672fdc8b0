// File: kernels/levenshtein_impl.hpp
// Bit-parallel Levenshtein distance: G. Myers, "A fast bit-vector algorithm for approximate
// string matching based on dynamic programming", JACM 46(3), 1999, in the formulation of
// H. Hyyrö, "A bit-vector algorithm for computing Levenshtein and Damerau edit distances", 2003.
// One 64-bit word holds a column of vertical deltas; longer patterns use Myers' blocks, with the
// horizontal delta carried from word to word. Carries only move towards higher bits, so bits of
// the pattern above len1 never change the result at bit len1-1.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "kernels/multi_lane_impl.hpp"
#include "kernels/pattern_match_impl.hpp"

namespace xjslink::kernels::detail {

// mbleven (H. Fujimoto's enumeration of edit models, as rapidfuzz uses it): when at most
// kMblevenMax edits are allowed, the distance is the cheapest of a few fixed edit sequences
// ("models"), each checked by one left-to-right scan that stops at its first unaffordable
// mismatch. A model is a sequence of exactly k operations -- delete from the longer string (D),
// insert (I), substitute (S) -- with #D - #I = the length difference; shorter edits use a prefix
// of a model. The table is generated from that rule; 2 bits per operation, first in the low bits.
inline constexpr std::size_t kMblevenMax = 3;

struct MblevenModels {
  // models[k][d]: the models for budget k and length difference d; count[k][d] of them.
  std::uint8_t models[kMblevenMax + 1][kMblevenMax + 1][8] = {};
  std::uint8_t count[kMblevenMax + 1][kMblevenMax + 1] = {};

  constexpr MblevenModels() {
    constexpr std::uint8_t kDelete = 1, kInsert = 2, kSubstitute = 3;
    for (std::size_t k = 1; k <= kMblevenMax; ++k) {
      std::size_t total = 1;
      for (std::size_t i = 0; i < k; ++i)
        total *= 3;
      for (std::size_t code = 0; code < total; ++code) {  // every sequence of k operations
        std::size_t rest = code;
        std::uint8_t model = 0;
        int balance = 0;
        for (std::size_t i = 0; i < k; ++i) {
          const std::uint8_t op = rest % 3 == 0 ? kDelete : rest % 3 == 1 ? kInsert : kSubstitute;
          rest /= 3;
          balance += op == kDelete ? 1 : op == kInsert ? -1 : 0;
          model = static_cast<std::uint8_t>(model | (op << (2 * i)));
        }
        if (balance < 0 || static_cast<std::size_t>(balance) > k) continue;
        models[k][balance][count[k][balance]++] = model;
      }
    }
  }
};

inline constexpr MblevenModels kMblevenModels{};

struct LevenshteinAlgo {
  static constexpr bool kHasSmallMax = true;

  static void lanes(const LaneGroup& group, const LaneText& text, std::uint16_t* out) {
    levenshtein_lanes(group, text, out);
  }

  // s1 the longer string (len1 >= len2 >= 1), max <= kMblevenMax and len1 - len2 <= max.
  template <class C1, class C2>
  static std::size_t small_max(const C1* s1, std::size_t len1, const C2* s2, std::size_t len2,
                               std::size_t max) {
    const std::size_t gap = len1 - len2;
    std::size_t best = max + 1;
    // Budgets below max are covered: a model's unused tail costs nothing.
    const std::uint8_t* models = kMblevenModels.models[max][gap];
    for (std::size_t m = 0; m < kMblevenModels.count[max][gap]; ++m) {
      unsigned ops = models[m];
      std::size_t i = 0;
      std::size_t j = 0;
      std::size_t cost = 0;
      while (i < len1 && j < len2) {
        if (static_cast<char32_t>(s1[i]) != static_cast<char32_t>(s2[j])) {
          ++cost;
          if (ops == 0) break;
          i += ops & 1;
          j += (ops >> 1) & 1;
          ops >>= 2;
        } else {
          ++i;
          ++j;
        }
      }
      cost += (len1 - i) + (len2 - j);
      if (cost < best) best = cost;
    }
    return best;
  }

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
