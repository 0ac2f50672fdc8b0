// File: kernels/edit_distance_impl.hpp
// The driver shared by Levenshtein and OSA: cutoff clamping, the length-difference bound, common
// prefix/suffix removal (neither distance changes when a shared prefix or suffix is removed),
// mbleven for small cutoffs where the Algo has it, and the choice between the one-word and the
// blocked bit-parallel kernel (Algo).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <utility>

#include "kernels/code_point_pair_impl.hpp"
#include "kernels/pattern_match_impl.hpp"
#include "kernels/short_ascii_impl.hpp"

namespace xjslink::kernels::detail {

// Cutoffs up to this use the Algo's small_max (mbleven) instead of the bit-parallel scan.
inline constexpr std::size_t kMblevenMaxEdits = 3;

// Distances never exceed the longer length, so a larger cutoff is no cutoff; clamping keeps
// max + len2 from overflowing inside the kernels. Returns the clamped cutoff.
inline std::size_t clamp_cutoff(std::size_t cutoff, std::size_t len1, std::size_t len2) {
  return std::min(cutoff, std::max(len1, len2));
}

inline std::size_t length_gap(std::size_t len1, std::size_t len2) {
  return len1 > len2 ? len1 - len2 : len2 - len1;
}

// Pattern table shifted right by `shift` bits: drops a common prefix from a cached pattern.
struct ShiftedWordPattern {
  const BlockPatternMatch* pm;
  unsigned shift;
  std::uint64_t get(char32_t c) const { return pm->get(0, c) >> shift; }
};

template <class Algo, class CharT>
std::size_t edit_distance(const CharT* s1, std::size_t len1, const CharT* s2, std::size_t len2,
                          std::size_t cutoff) {
  const std::size_t max = clamp_cutoff(cutoff, len1, len2);
  if (length_gap(len1, len2) > max) return max + 1;
  const std::size_t prefix = common_prefix(s1, len1, s2, len2);
  s1 += prefix;
  s2 += prefix;
  len1 -= prefix;
  len2 -= prefix;
  const std::size_t suffix = common_suffix(s1, len1, s2, len2);
  len1 -= suffix;
  len2 -= suffix;
  if (len1 == 0 || len2 == 0) return len1 + len2;
  if constexpr (Algo::kHasSmallMax) {
    if (max <= kMblevenMaxEdits) {
      return len1 >= len2 ? Algo::small_max(s1, len1, s2, len2, max)
                          : Algo::small_max(s2, len2, s1, len1, max);
    }
  }
  // The text loop is the cost, so iterate the shorter string unless the pattern would no longer
  // fit one word.
  if (len1 < len2 ? len2 <= kWordBits : len1 > kWordBits) {
    std::swap(s1, s2);
    std::swap(len1, len2);
  }
  if (len1 <= kWordBits) {
    if constexpr (sizeof(CharT) == 1) {
      const ScratchAsciiPattern pm(s1, len1);
      return Algo::word(pm, len1, s2, len2, max);
    } else {
      const BlockPatternMatch pm(s1, len1);
      return Algo::word(WordPattern{&pm}, len1, s2, len2, max);
    }
  }
  const BlockPatternMatch pm(s1, len1);
  return Algo::blocked(pm, len1, s2, len2, max);
}

// s1 with its table pm (built once); s2 any code-point array.
template <class Algo, class CharT>
std::size_t edit_distance_cached(const BlockPatternMatch& pm, const char32_t* s1, std::size_t len1,
                                 const CharT* s2, std::size_t len2, std::size_t cutoff) {
  const std::size_t max = clamp_cutoff(cutoff, len1, len2);
  if (length_gap(len1, len2) > max) return max + 1;
  if (len1 > kWordBits) {
    if (len2 == 0) return len1;
    return Algo::blocked(pm, len1, s2, len2, max);
  }
  const std::size_t prefix = common_prefix(s1, len1, s2, len2);
  const std::size_t suffix = common_suffix(s1 + prefix, len1 - prefix, s2 + prefix, len2 - prefix);
  const std::size_t n1 = len1 - prefix - suffix;
  const std::size_t n2 = len2 - prefix - suffix;
  if (n1 == 0 || n2 == 0) return n1 + n2;
  if constexpr (Algo::kHasSmallMax) {
    if (max <= kMblevenMaxEdits) {
      const char32_t* p1 = s1 + prefix;
      const CharT* p2 = s2 + prefix;
      return n1 >= n2 ? Algo::small_max(p1, n1, p2, n2, max) : Algo::small_max(p2, n2, p1, n1, max);
    }
  }
  return Algo::word(ShiftedWordPattern{&pm, static_cast<unsigned>(prefix)}, n1, s2 + prefix, n2,
                    max);
}

#if defined(XJS_KERNELS_SHORT_ASCII)
// A short ASCII pattern with a common prefix of `shift` bytes dropped.
struct ShiftedShortAscii {
  const ShortAscii* pm;
  unsigned shift;
  std::uint64_t get(unsigned char c) const { return pm->get(c) >> shift; }
};

// Both strings ASCII and at most 32 bytes: prefix by one vector compare, no table.
template <class Algo>
[[gnu::always_inline]] inline std::size_t edit_distance_short(const ShortAscii& pa,
                                                              std::string_view a,
                                                              const ShortAscii& pb,
                                                              std::string_view b,
                                                              std::size_t cutoff) {
  const std::size_t max = clamp_cutoff(cutoff, a.size(), b.size());
  if (length_gap(a.size(), b.size()) > max) return max + 1;
  const std::size_t prefix = short_common_prefix(pa, pb);
  const std::size_t suffix =
      common_suffix(bytes(a) + prefix, a.size() - prefix, bytes(b) + prefix, b.size() - prefix);
  const std::size_t n1 = a.size() - prefix - suffix;
  const std::size_t n2 = b.size() - prefix - suffix;
  if (n1 == 0 || n2 == 0) return n1 + n2;
  if constexpr (Algo::kHasSmallMax) {
    if (max <= kMblevenMaxEdits) {
      const unsigned char* p1 = bytes(a) + prefix;
      const unsigned char* p2 = bytes(b) + prefix;
      return n1 >= n2 ? Algo::small_max(p1, n1, p2, n2, max) : Algo::small_max(p2, n2, p1, n1, max);
    }
  }
  // Always a as the pattern: its match bits come from vector compares, which sit off the
  // Myers dependency chain, and choosing by length would be a branch that real data mispredicts.
  return Algo::word(ShiftedShortAscii{&pa, static_cast<unsigned>(prefix)}, n1, bytes(b) + prefix,
                    n2, max);
}
#endif

// Entry point for string views: the short-ASCII path when it applies, else code points.
template <class Algo>
std::size_t edit_distance_utf8(std::string_view a, std::string_view b, std::size_t cutoff) {
#if defined(XJS_KERNELS_SHORT_ASCII)
  if (a.size() <= kShortAsciiMax && b.size() <= kShortAsciiMax) {
    const ShortAscii pa(a);
    const ShortAscii pb(b);
    if (pa.ascii() && pb.ascii()) return edit_distance_short<Algo>(pa, a, pb, b, cutoff);
  }
#endif
  return with_code_points(a, b, [&](auto* s1, std::size_t n1, auto* s2, std::size_t n2) {
    return edit_distance<Algo>(s1, n1, s2, n2, cutoff);
  });
}

}  // namespace xjslink::kernels::detail
