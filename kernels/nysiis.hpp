// File: kernels/nysiis.hpp
// NYSIIS, the New York State Identification and Intelligence System phonetic code, as in
// R. L. Taft, "Name Search Techniques", New York State Identification and Intelligence System,
// Special Report No. 1, 1970: the original rules (not the "modified NYSIIS"), with the key
// truncated to 6 characters as in the original. Only ASCII letters are coded (case-insensitive);
// other bytes are dropped first. "" when there is no letter.
#pragma once

#include <string>
#include <string_view>

namespace xjslink::kernels {

inline constexpr std::size_t kNysiisMaxLength = 6;

std::string nysiis(std::string_view name);

}  // namespace xjslink::kernels
