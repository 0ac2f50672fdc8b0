// File: comparison/level_support.hpp
// Small pieces the one-column and the multi-column comparisons both use to decide levels.
#pragma once

#include <cstdint>
#include <span>

#include "kernels/date_diff.hpp"
#include "xjslink/settings.hpp"

namespace xjslink {

inline kernels::DateUnit to_kernel_unit(DateUnitSpec unit) {
  switch (unit) {
    case DateUnitSpec::kDays:
      return kernels::DateUnit::kDays;
    case DateUnitSpec::kMonths:
      return kernels::DateUnit::kMonths;
    case DateUnitSpec::kYears:
      return kernels::DateUnit::kYears;
  }
  return kernels::DateUnit::kDays;
}

// The number of tokens two sorted token-hash lists share (array_intersect levels).
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
