// File: comparison/shared_tokens.hpp
// The number of tokens two sorted token-hash lists share (array_intersect levels), used by the
// one-column and the multi-column comparisons alike.
#pragma once

#include <cstdint>
#include <span>

namespace xjslink {

inline std::uint32_t shared_tokens(std::span<const std::uint64_t> a,
                                   std::span<const std::uint64_t> b) {
  std::uint32_t shared = 0;
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i] < b[j]) {
      ++i;
    } else if (b[j] < a[i]) {
      ++j;
    } else {
      ++shared;
      ++i;
      ++j;
    }
  }
  return shared;
}

}  // namespace xjslink
