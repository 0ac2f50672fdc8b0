// File: tests/kernels/random_strings.hpp
// Deterministic random string pairs for the kernel tests: small alphabet (many matches), large
// ASCII alphabet, multi-byte UTF-8 (2-, 3- and 4-byte code points and invalid bytes), long
// strings around the 64/128 code-point word boundaries, and name-like pairs made by typing
// errors on real names. All data is synthetic, so failures may print it.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace xjslink::kernels::testing {

enum class PairKind { kSmallAlphabet, kLargeAlphabet, kMultiByte, kLong, kNameTypos };

inline const std::vector<PairKind>& all_pair_kinds() {
  static const std::vector<PairKind> kinds = {PairKind::kSmallAlphabet, PairKind::kLargeAlphabet,
                                              PairKind::kMultiByte, PairKind::kLong,
                                              PairKind::kNameTypos};
  return kinds;
}

inline const char* pair_kind_name(PairKind k) {
  switch (k) {
    case PairKind::kSmallAlphabet:
      return "small_alphabet";
    case PairKind::kLargeAlphabet:
      return "large_alphabet";
    case PairKind::kMultiByte:
      return "multi_byte";
    case PairKind::kLong:
      return "long";
    case PairKind::kNameTypos:
      return "name_typos";
  }
  return "?";
}

// A string as C++ source with every non-printable or non-ASCII byte escaped.
inline std::string escaped(const std::string& s) {
  static const char* kHex = "0123456789abcdef";
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
      out.push_back(static_cast<char>(c));
    } else {
      out += "\\x";
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out + "\"";
}

class PairGenerator {
 public:
  explicit PairGenerator(std::uint64_t seed) : rng_(seed) {}

  std::pair<std::string, std::string> next(PairKind kind) {
    std::vector<std::string> a;
    switch (kind) {
      case PairKind::kSmallAlphabet:
        a = random_units(uniform(0, 40), kSmall);
        break;
      case PairKind::kLargeAlphabet:
        a = random_units(uniform(0, 40), kLarge);
        break;
      case PairKind::kMultiByte:
        a = random_units(uniform(0, 40), kMulti);
        break;
      case PairKind::kLong: {
        static const std::size_t kAround[] = {63, 64, 65, 127, 128, 129};
        const std::size_t base = kAround[uniform(0, 5)];
        a = random_units(base + uniform(0, 2) - 1, uniform(0, 1) ? kSmall : kMulti);
        break;
      }
      case PairKind::kNameTypos:
        a = name_units();
        break;
    }
    std::vector<std::string> b;
    if (kind == PairKind::kNameTypos) {
      b = uniform(0, 9) == 0 ? name_units() : with_typos(a, uniform(0, 3), kLarge);
    } else if (uniform(0, 2) == 0) {
      const std::vector<std::string>& units = kind == PairKind::kSmallAlphabet   ? kSmall
                                              : kind == PairKind::kLargeAlphabet ? kLarge
                                                                                 : kMulti;
      b = random_units(kind == PairKind::kLong ? a.size() + uniform(0, 4) - 2 : uniform(0, 40),
                       units);
    } else {
      b = with_typos(a, uniform(0, 6),
                     kind == PairKind::kSmallAlphabet   ? kSmall
                     : kind == PairKind::kLargeAlphabet ? kLarge
                                                        : kMulti);
    }
    return {join(a), join(b)};
  }

 private:
  std::size_t uniform(std::size_t lo, std::size_t hi) {
    return std::uniform_int_distribution<std::size_t>(lo, hi)(rng_);
  }

  std::vector<std::string> random_units(std::size_t n, const std::vector<std::string>& units) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < n; ++i)
      out.push_back(units[uniform(0, units.size() - 1)]);
    return out;
  }

  std::vector<std::string> name_units() {
    const std::string& name = kNames[uniform(0, kNames.size() - 1)];
    std::vector<std::string> out;
    for (char c : name)
      out.push_back(std::string(1, c));
    return out;
  }

  // Substitutions, insertions, deletions and adjacent transpositions, one code point at a time.
  std::vector<std::string> with_typos(std::vector<std::string> s, std::size_t typos,
                                      const std::vector<std::string>& units) {
    for (std::size_t t = 0; t < typos; ++t) {
      const std::size_t op = uniform(0, 3);
      if (op == 0 && !s.empty()) {
        s[uniform(0, s.size() - 1)] = units[uniform(0, units.size() - 1)];
      } else if (op == 1) {
        s.insert(s.begin() + static_cast<long>(uniform(0, s.size())),
                 units[uniform(0, units.size() - 1)]);
      } else if (op == 2 && !s.empty()) {
        s.erase(s.begin() + static_cast<long>(uniform(0, s.size() - 1)));
      } else if (s.size() >= 2) {
        const std::size_t i = uniform(0, s.size() - 2);
        std::swap(s[i], s[i + 1]);
      }
    }
    return s;
  }

  static std::string join(const std::vector<std::string>& units) {
    std::string out;
    for (const std::string& u : units)
      out += u;
    return out;
  }

  static std::vector<std::string> ascii_range(char lo, char hi) {
    std::vector<std::string> out;
    for (char c = lo; c <= hi; ++c)
      out.push_back(std::string(1, c));
    return out;
  }

  const std::vector<std::string> kSmall = {"a", "b", "c"};
  const std::vector<std::string> kLarge = ascii_range(' ', '~');
  // ASCII, Latin-1 letters (2 bytes), Greek, CJK and Arabic (2-3 bytes), an emoji (4 bytes), and
  // invalid bytes: a lone continuation byte, a truncated lead byte, 0xFF.
  const std::vector<std::string> kMulti = {"a",
                                           "b",
                                           "e",
                                           "o",
                                           "\xc3\xa9",
                                           "\xc3\xbc",
                                           "\xc3\x9f",
                                           "\xce\xb1",
                                           "\xe4\xb8\xad",
                                           "\xe5\x9b\xbd",
                                           "\xd8\xa7",
                                           "\xd8\xa8",
                                           "\xf0\x9f\x98\x80",
                                           "\x80",
                                           "\xc3",
                                           "\xff"};
  const std::vector<std::string> kNames = {
      "MARTHA",   "MARHTA",   "DWAYNE",  "DUANE",    "DIXON",       "DICKSONX",   "JONES",
      "JOHNSON",  "SMITH",    "SCHMIDT", "WILLIAMS", "ELIZABETH",   "CATHERINE",  "KATHRYN",
      "MUHAMMAD", "MOHAMMED", "NGUYEN",  "OCONNOR",  "MACDONALD",   "FITZGERALD", "ABERCROMBIE",
      "LI",       "O",        "ANNE",    "ANN",      "CHRISTOPHER", "KRISTOFER",  "WOJCIECHOWSKI"};
  std::mt19937_64 rng_;
};

}  // namespace xjslink::kernels::testing
