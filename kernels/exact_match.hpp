// File: kernels/exact_match.hpp
// Exact equality of two standardised strings: byte equality, which for UTF-8 is exactly
// code-point equality (UTF-8 is a bijection on valid sequences and we never normalise here).
#pragma once

#include <string_view>

namespace xjslink::kernels {

inline bool exact_match(std::string_view a, std::string_view b) {
  return a == b;
}

}  // namespace xjslink::kernels
