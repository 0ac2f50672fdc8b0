// File: kernels/jaccard_impl.hpp
// q-gram sets for Jaccard. For q <= 3 a gram packs exactly into 64 bits (21 bits per code
// point, stored as code point + 1 so that a shorter whole-string gram never equals a q-gram);
// longer grams are compared as strings. Sets are sorted and deduplicated, then merged.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace xjslink::kernels::detail {

inline constexpr unsigned kMaxPackedQ = 3;

// The one place where counts become a Jaccard score.
inline double jaccard_from_counts(std::size_t intersection, std::size_t size_a,
                                  std::size_t size_b) {
  return static_cast<double>(intersection) / static_cast<double>(size_a + size_b - intersection);
}

// Grams of s packed as integers, sorted and distinct; out is overwritten. Requires q <= 3.
template <class CharT>
void packed_gram_set(const CharT* s, std::size_t len, unsigned q, std::uint64_t* out,
                     std::size_t* count) {
  auto pack = [&](std::size_t start, std::size_t n) {
    std::uint64_t key = 0;
    for (std::size_t i = 0; i < n; ++i) {
      key = (key << 21) | (static_cast<std::uint64_t>(static_cast<char32_t>(s[start + i])) + 1);
    }
    return key;
  };
  std::size_t n = 0;
  if (len < q) {
    out[n++] = pack(0, len);
  } else {
    for (std::size_t i = 0; i + q <= len; ++i)
      out[n++] = pack(i, q);
  }
  std::sort(out, out + n);
  *count = static_cast<std::size_t>(std::unique(out, out + n) - out);
}

// Number of grams packed_gram_set writes at most.
inline std::size_t gram_count(std::size_t len, unsigned q) {
  return len < q ? 1 : len - q + 1;
}

template <class CharT>
std::vector<std::u32string> string_gram_set(const CharT* s, std::size_t len, unsigned q) {
  std::vector<std::u32string> grams;
  auto gram = [&](std::size_t start, std::size_t n) {
    std::u32string g(n, U'\0');
    for (std::size_t i = 0; i < n; ++i)
      g[i] = static_cast<char32_t>(s[start + i]);
    return g;
  };
  if (len < q) {
    grams.push_back(gram(0, len));
  } else {
    for (std::size_t i = 0; i + q <= len; ++i)
      grams.push_back(gram(i, q));
  }
  std::sort(grams.begin(), grams.end());
  grams.erase(std::unique(grams.begin(), grams.end()), grams.end());
  return grams;
}

// Size of the intersection of two sorted distinct ranges.
template <class T>
std::size_t sorted_intersection(const T* a, std::size_t na, const T* b, std::size_t nb) {
  std::size_t i = 0;
  std::size_t j = 0;
  std::size_t common = 0;
  while (i < na && j < nb) {
    if (a[i] < b[j]) {
      ++i;
    } else if (b[j] < a[i]) {
      ++j;
    } else {
      ++common;
      ++i;
      ++j;
    }
  }
  return common;
}

// Jaccard of two gram sets with the cutoff applied; the size bound min/max is exact in floating
// point (the score is monotone in the intersection), so the early exit never drops a pair.
template <class T>
double jaccard_of_sets(const T* a, std::size_t na, const T* b, std::size_t nb, double cutoff) {
  if (jaccard_from_counts(std::min(na, nb), na, nb) < cutoff) return 0.0;
  const double score = jaccard_from_counts(sorted_intersection(a, na, b, nb), na, nb);
  return score >= cutoff ? score : 0.0;
}

}  // namespace xjslink::kernels::detail
