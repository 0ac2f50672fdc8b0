// File: kernels/double_metaphone.hpp
// Double Metaphone (L. Philips, "The Double Metaphone Search Algorithm", C/C++ Users Journal,
// June 2000): a primary and an alternate phonetic key, each at most 4 characters, as in the
// original. ASCII letters are coded case-insensitively; UTF-8 Ç/ç and Ñ/ñ are coded as in the
// original (S and N); every other byte is skipped. Spaces are kept, since rules such as "VAN "
// and "SAN " look at them. The alternate equals the primary when no rule gives an alternative.
#pragma once

#include <string>
#include <string_view>
#include <utility>

namespace xjslink::kernels {

inline constexpr std::size_t kDoubleMetaphoneMaxLength = 4;

std::pair<std::string, std::string> double_metaphone(std::string_view name);

}  // namespace xjslink::kernels
