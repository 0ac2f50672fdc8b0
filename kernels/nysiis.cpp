// File: kernels/nysiis.cpp
// NYSIIS (Taft 1970). The name is translated in place from its second letter on, so rules that
// look at the previous letter see its translation (as the original's step-by-step description
// does); a letter is appended to the key only when it differs from the key's last letter.
#include "kernels/nysiis.hpp"

#include <string>

namespace xjslink::kernels {
namespace {

bool is_vowel(char c) {
  return c == 'A' || c == 'E' || c == 'I' || c == 'O' || c == 'U';
}

bool starts_with(const std::string& s, std::string_view p) {
  return s.rfind(p, 0) == 0;
}

bool ends_with(const std::string& s, std::string_view p) {
  return s.size() >= p.size() && s.compare(s.size() - p.size(), p.size(), p) == 0;
}

}  // namespace

std::string nysiis(std::string_view name) {
  std::string s;
  for (const char raw : name) {
    char c = raw;
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c >= 'A' && c <= 'Z') s.push_back(c);
  }
  if (s.empty()) return s;

  // Step 1: first letters.
  if (starts_with(s, "MAC")) {
    s.replace(0, 3, "MCC");
  } else if (starts_with(s, "KN")) {
    s.replace(0, 2, "NN");
  } else if (starts_with(s, "K")) {
    s[0] = 'C';
  } else if (starts_with(s, "PH") || starts_with(s, "PF")) {
    s.replace(0, 2, "FF");
  } else if (starts_with(s, "SCH")) {
    s.replace(0, 3, "SSS");
  }
  // Step 2: last letters.
  if (ends_with(s, "EE") || ends_with(s, "IE")) {
    s.replace(s.size() - 2, 2, "Y");
  } else if (ends_with(s, "DT") || ends_with(s, "RT") || ends_with(s, "RD") || ends_with(s, "NT") ||
             ends_with(s, "ND")) {
    s.replace(s.size() - 2, 2, "D");
  }

  // Steps 3-4: the key starts with the first letter; translate the rest.
  std::string key(1, s[0]);
  const std::size_t n = s.size();
  for (std::size_t i = 1; i < n; ++i) {
    const char next = i + 1 < n ? s[i + 1] : ' ';
    const char c = s[i];
    if (c == 'E' && next == 'V') {
      s[i] = 'A';
      s[i + 1] = 'F';
    } else if (is_vowel(c)) {
      s[i] = 'A';
    } else if (c == 'Q') {
      s[i] = 'G';
    } else if (c == 'Z') {
      s[i] = 'S';
    } else if (c == 'M') {
      s[i] = 'N';
    } else if (c == 'K') {
      s[i] = next == 'N' ? 'N' : 'C';
    } else if (c == 'S' && next == 'C' && i + 2 < n && s[i + 2] == 'H') {
      s[i + 1] = 'S';
      s[i + 2] = 'S';
    } else if (c == 'P' && next == 'H') {
      s[i] = 'F';
      s[i + 1] = 'F';
    } else if (c == 'H') {
      if (!is_vowel(s[i - 1]) || !is_vowel(next)) s[i] = s[i - 1];
    } else if (c == 'W') {
      if (is_vowel(s[i - 1])) s[i] = s[i - 1];
    }
    if (s[i] != key.back()) key.push_back(s[i]);
  }

  // Steps 5-7: last letters of the key.
  if (key.size() > 1 && key.back() == 'S') key.pop_back();
  if (ends_with(key, "AY")) key.replace(key.size() - 2, 2, "Y");
  if (key.size() > 1 && key.back() == 'A') key.pop_back();
  if (key.size() > kNysiisMaxLength) key.resize(kNysiisMaxLength);
  return key;
}

}  // namespace xjslink::kernels
