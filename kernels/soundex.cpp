// File: kernels/soundex.cpp
// American Soundex with a 26-entry code table: '0' marks vowels (separators), 'h' marks H and W
// (transparent: they neither code nor separate).
#include "kernels/soundex.hpp"

namespace xjslink::kernels {
namespace {

//                              ABCDEFGHIJKLMNOPQRSTUVWXYZ
constexpr char kSoundexCodes[] = "01230120022455012623010202";
constexpr char kTransparent = 'h';

char code_of(char upper) {
  const char c = kSoundexCodes[upper - 'A'];
  return (upper == 'H' || upper == 'W') ? kTransparent : c;
}

}  // namespace

std::string soundex(std::string_view name) {
  std::string out;
  char last = 0;
  for (const char raw : name) {
    char c = raw;
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c < 'A' || c > 'Z') continue;
    const char code = code_of(c);
    if (out.empty()) {
      out.push_back(c);
      last = code;
      continue;
    }
    if (code == kTransparent) continue;
    if (code != '0' && code != last) out.push_back(code);
    last = code;
    if (out.size() == 4) break;
  }
  if (!out.empty()) out.resize(4, '0');
  return out;
}

}  // namespace xjslink::kernels
