// File: kernels/jaro_winkler_impl.hpp
// Jaro (M. A. Jaro, JASA 84(406), 1989) and Jaro-Winkler (W. E. Winkler, "String comparator
// metrics and enhanced decision rules in the Fellegi-Sunter model", 1990). Matching uses the
// bit-parallel formulation (a pattern-match bit vector per character of the left string; the
// match window is a shifting mask), as in rapidfuzz. Kernels produce integer counts; the score is
// formed only in jaro_from_counts / jaro_winkler_from_jaro, so every path gives identical doubles.
#pragma once

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "kernels/pattern_match_impl.hpp"

namespace xjslink::kernels::detail {

inline constexpr std::size_t kWinklerMaxPrefix = 4;
inline constexpr double kWinklerBoostThreshold = 0.7;
// Early exits compare an upper bound with the cutoff only when the bound is below the cutoff by
// more than this, so floating-point rounding in the bound can never drop a pair that qualifies.
inline constexpr double kBoundMargin = 1e-9;

// Exact quotients m / l for small m and l: the table holds the correctly rounded IEEE
// division, so looking up gives the same bits as dividing, at a fraction of the cost (three of
// the four divisions of a Jaro score; scores are formed once per pair).
inline constexpr std::size_t kQuotientMax = 64;

struct QuotientTable {
  double q[kQuotientMax + 1][kQuotientMax + 1];  // q[l][m] = m / l
  constexpr QuotientTable() : q{} {
    for (std::size_t l = 1; l <= kQuotientMax; ++l) {
      for (std::size_t m = 0; m <= kQuotientMax; ++m) {
        q[l][m] = static_cast<double>(m) / static_cast<double>(l);
      }
    }
  }
};

// Built by the compiler, whose constant folding rounds as the hardware does (IEEE nearest).
inline constexpr QuotientTable kQuotients{};

// m / l, exactly as the division would round it.
inline double quotient(std::size_t m, std::size_t l) {
  if (m <= kQuotientMax && l <= kQuotientMax) return kQuotients.q[l][m];
  return static_cast<double>(m) / static_cast<double>(l);
}

// The one place where counts become a Jaro score:
// (m/|a| + m/|b| + (m-t)/m) / 3, evaluated left to right.
inline double jaro_from_counts(std::size_t len1, std::size_t len2, std::size_t matches,
                               std::size_t transpositions) {
  if (matches == 0) return 0.0;
  return (quotient(matches, len1) + quotient(matches, len2) +
          quotient(matches - transpositions, matches)) /
         3.0;
}

// The one place where a Jaro score and a prefix length become a Jaro-Winkler score.
inline double jaro_winkler_from_jaro(double jaro, std::size_t prefix, double prefix_weight) {
  if (jaro > kWinklerBoostThreshold) {
    jaro += static_cast<double>(prefix) * prefix_weight * (1.0 - jaro);
  }
  return jaro;
}

// A Jaro cutoff that every pair with Jaro-Winkler >= jw_cutoff meets (slightly loose on purpose).
inline double jaro_cutoff_for_winkler(double jw_cutoff, std::size_t prefix, double prefix_weight) {
  const double lp = static_cast<double>(prefix) * prefix_weight;
  double need = jw_cutoff;
  if (jw_cutoff > kWinklerBoostThreshold) {
    const double boosted = lp < 1.0 ? (jw_cutoff - lp) / (1.0 - lp) : kWinklerBoostThreshold;
    need = std::max(kWinklerBoostThreshold, boosted);
  }
  return need - kBoundMargin;
}

inline double apply_cutoff(double score, double cutoff) {
  return score >= cutoff ? score : 0.0;
}

// Half the longer length, minus one: how far apart two matching characters may be.
inline std::size_t jaro_window(std::size_t len1, std::size_t len2) {
  const std::size_t longer = std::max(len1, len2);
  return longer / 2 > 0 ? longer / 2 - 1 : 0;
}

// True when no pair with these lengths and this many matches can reach the cutoff: the score
// with no transpositions, (m/l1 + m/l2 + 1) / 3, is an upper bound (monotone in floating point).
// The sum is compared with 3 * cutoff, slightly lowered, instead of dividing: a division's
// latency would sit on every call's path, and the lowering keeps the test conservative (it may
// miss an exit by 1e-9, never take a wrong one).
inline bool jaro_below_cutoff(std::size_t len1, std::size_t len2, std::size_t matches,
                              double cutoff) {
  if (matches == 0) return cutoff > 0.0;
  const double sum = quotient(matches, len1) + quotient(matches, len2) + 1.0;
  return sum < cutoff * (3.0 - kBoundMargin);
}

// Jaro for a pattern of len1 <= 64 code points (pm) and a text t; characters of t beyond
// len1 + window cannot match, so t is effectively at most 64 + window long: callers ensure
// min(len2, len1 + window) <= 64.
template <class PM, class PChar, class TChar>
double jaro_word(const PM& pm, const PChar* p, std::size_t len1, const TChar* t, std::size_t len2,
                 double cutoff) {
  const std::size_t window = jaro_window(len1, len2);
  const std::size_t t_len = std::min(len2, len1 + window);
  std::uint64_t p_flag = 0;  // matched positions of the pattern
  std::uint64_t t_flag = 0;  // matched positions of the text
  std::uint64_t window_mask = low_bits(window + 1);
  // Matches are counted as they are found: baseline x86-64 has no popcount instruction. One
  // loop, the window's growth made branch-free, so real data mispredicts one loop exit only.
  std::size_t matches = 0;
  for (std::size_t j = 0; j < t_len; ++j) {
    const std::uint64_t candidates = pm.get(t[j]) & window_mask & ~p_flag;
    p_flag |= lowest_bit(candidates);
    matches += candidates != 0;
    t_flag |= static_cast<std::uint64_t>(candidates != 0) << j;
    window_mask = (window_mask << 1) | static_cast<std::uint64_t>(j < window);
  }
  if (matches == 0) return apply_cutoff(0.0, cutoff);
  if (cutoff > 0.0 && jaro_below_cutoff(len1, len2, matches, cutoff)) return 0.0;
  // The k-th matched pattern position pairs with the k-th matched text position.
  std::size_t half_transpositions = 0;
  while (t_flag != 0) {
    const int pi = std::countr_zero(p_flag);
    const int tj = std::countr_zero(t_flag);
    half_transpositions += static_cast<char32_t>(p[pi]) != static_cast<char32_t>(t[tj]);
    t_flag &= t_flag - 1;
    p_flag &= p_flag - 1;
  }
  return apply_cutoff(jaro_from_counts(len1, len2, matches, half_transpositions / 2), cutoff);
}

// Jaro for any lengths: the same greedy matching (each text character takes the first unmatched
// pattern character in its window) with flag arrays. Used beyond one machine word.
template <class C1, class C2>
double jaro_general(const C1* p, std::size_t len1, const C2* t, std::size_t len2, double cutoff) {
  const std::size_t window = jaro_window(len1, len2);
  std::vector<char> p_matched(len1, 0);
  std::vector<char> t_matched(len2, 0);
  std::size_t matches = 0;
  for (std::size_t j = 0; j < len2; ++j) {
    const std::size_t lo = j > window ? j - window : 0;
    const std::size_t hi = std::min(len1, j + window + 1);
    for (std::size_t i = lo; i < hi; ++i) {
      if (!p_matched[i] && static_cast<char32_t>(p[i]) == static_cast<char32_t>(t[j])) {
        p_matched[i] = 1;
        t_matched[j] = 1;
        ++matches;
        break;
      }
    }
  }
  if (cutoff > 0.0 && jaro_below_cutoff(len1, len2, matches, cutoff)) return 0.0;
  std::size_t half_transpositions = 0;
  std::size_t i = 0;
  for (std::size_t j = 0; j < len2; ++j) {
    if (!t_matched[j]) continue;
    while (!p_matched[i])
      ++i;
    half_transpositions += static_cast<char32_t>(p[i]) != static_cast<char32_t>(t[j]);
    ++i;
  }
  return apply_cutoff(jaro_from_counts(len1, len2, matches, half_transpositions / 2), cutoff);
}

// Shared front of every Jaro entry point: empty strings and the length bound.
// Returns true (and sets *score) when the answer is known without matching.
inline bool jaro_trivial(std::size_t len1, std::size_t len2, double cutoff, double* score) {
  if (len1 == 0 || len2 == 0) {
    *score = apply_cutoff(len1 == len2 ? 1.0 : 0.0, cutoff);
    return true;
  }
  if (cutoff > 0.0 && jaro_below_cutoff(len1, len2, std::min(len1, len2), cutoff)) {
    *score = 0.0;
    return true;
  }
  return false;
}

}  // namespace xjslink::kernels::detail
