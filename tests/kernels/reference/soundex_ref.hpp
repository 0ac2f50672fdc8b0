// File: tests/kernels/reference/soundex_ref.hpp
// American Soundex written as the National Archives' steps, one string rewrite each: keep the
// letters, code them, drop H/W, merge runs of equal codes, drop vowels after the first letter,
// pad or cut to four. Shares no code with kernels/.
#pragma once

#include <cctype>
#include <string>
#include <string_view>

namespace xjslink::kernels::reference {

inline char soundex_digit(char upper) {
  const std::string groups[] = {"AEIOUY", "BFPV", "CGJKQSXZ", "DT", "L", "MN", "R"};
  for (int d = 0; d < 7; ++d) {
    if (groups[d].find(upper) != std::string::npos) return static_cast<char>('0' + d);
  }
  return '-';  // H and W
}

inline std::string soundex(std::string_view name) {
  std::string letters;
  for (char c : name) {
    if (std::isalpha(static_cast<unsigned char>(c)) && static_cast<unsigned char>(c) < 0x80) {
      letters.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    }
  }
  if (letters.empty()) return "";
  // 1. Code every letter; H and W vanish (they do not separate equal codes).
  std::string codes;
  for (char c : letters)
    codes.push_back(soundex_digit(c));
  std::string without_hw;
  for (char c : codes) {
    if (c != '-') without_hw.push_back(c);
  }
  // The first letter is kept as a letter but its code still merges with what follows.
  const char first_code = codes[0];
  std::string from_second = without_hw;
  if (first_code != '-') from_second = without_hw.substr(1);
  // 2. Merge runs of equal codes (including with the first letter's code).
  std::string merged;
  char previous = first_code;
  for (char c : from_second) {
    if (c != previous) merged.push_back(c);
    previous = c;
  }
  // 3. Drop vowels (code 0).
  std::string digits;
  for (char c : merged) {
    if (c != '0') digits.push_back(c);
  }
  std::string out(1, letters[0]);
  out += digits;
  out.resize(4, '0');
  return out;
}

}  // namespace xjslink::kernels::reference
