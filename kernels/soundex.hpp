// File: kernels/soundex.hpp
// American Soundex (the US National Archives rules): the first letter, then digits for the
// following consonants; letters with the same digit adjacent, or separated only by H or W,
// count once; vowels (A E I O U Y) separate. Only ASCII letters are coded (case-insensitive);
// every other byte is ignored. Padded with '0' to 4 characters; "" when there is no letter.
#pragma once

#include <string>
#include <string_view>

namespace xjslink::kernels {

std::string soundex(std::string_view name);

}  // namespace xjslink::kernels
