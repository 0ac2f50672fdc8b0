// File: kernels/double_metaphone.cpp
// Double Metaphone (Philips 2000). Rules are applied at a cursor moving left to right; each rule
// may look a few letters back or ahead. Positions past the end read as spaces (the original pads
// the word with spaces), positions before the start never match.
#include "kernels/double_metaphone.hpp"

#include <initializer_list>
#include <string>

namespace xjslink::kernels {
namespace {

// Internal letters for the two non-ASCII letters the original codes.
constexpr char kCedilla = '\x01';  // Ç
constexpr char kEnye = '\x02';     // Ñ

class Encoder {
 public:
  explicit Encoder(std::string word) : w_(std::move(word)), length_(static_cast<int>(w_.size())) {
    last_ = length_ - 1;
    slavo_germanic_ = w_.find('W') != std::string::npos || w_.find('K') != std::string::npos ||
                      w_.find("CZ") != std::string::npos || w_.find("WITZ") != std::string::npos;
  }

  std::pair<std::string, std::string> run();

 private:
  char at(int i) const {
    if (i < 0) return '\0';
    return i < length_ ? w_[static_cast<std::size_t>(i)] : ' ';
  }
  // True when the `len` letters at `start` equal one of `options` (all of length len).
  bool string_at(int start, int len, std::initializer_list<const char*> options) const {
    if (start < 0) return false;
    for (const char* o : options) {
      bool same = true;
      for (int k = 0; k < len && same; ++k)
        same = at(start + k) == o[k];
      if (same) return true;
    }
    return false;
  }
  bool is_vowel(int i) const {
    if (i < 0 || i >= length_) return false;
    const char c = w_[static_cast<std::size_t>(i)];
    return c == 'A' || c == 'E' || c == 'I' || c == 'O' || c == 'U' || c == 'Y';
  }
  bool germanic_start() const {
    return string_at(0, 4, {"VAN ", "VON "}) || string_at(0, 3, {"SCH"});
  }
  void add(const char* both) { add(both, both); }
  // alt " " means: add nothing to the alternate.
  void add(const char* main, const char* alt) {
    primary_ += main;
    if (alt[0] != ' ') alternate_ += alt;
  }
  bool done() const {
    return primary_.size() >= kDoubleMetaphoneMaxLength &&
           alternate_.size() >= kDoubleMetaphoneMaxLength;
  }

  int c_rule(int cur);
  int g_rule(int cur);
  int j_rule(int cur);
  int s_rule(int cur);

  std::string w_;
  int length_;
  int last_;
  bool slavo_germanic_;
  std::string primary_;
  std::string alternate_;
};

int Encoder::c_rule(int cur) {
  // Germanic "ACH" (but not "BACHER"/"MACHER" before I or E).
  if (cur > 1 && !is_vowel(cur - 2) && string_at(cur - 1, 3, {"ACH"}) && at(cur + 2) != 'I' &&
      (at(cur + 2) != 'E' || string_at(cur - 2, 6, {"BACHER", "MACHER"}))) {
    add("K");
    return cur + 2;
  }
  if (cur == 0 && string_at(cur, 6, {"CAESAR"})) {
    add("S");
    return cur + 2;
  }
  if (string_at(cur, 4, {"CHIA"})) {  // Italian "chianti"
    add("K");
    return cur + 2;
  }
  if (string_at(cur, 2, {"CH"})) {
    if (cur > 0 && string_at(cur, 4, {"CHAE"})) {  // "michael"
      add("K", "X");
      return cur + 2;
    }
    // Greek roots: "chemistry", "chorus".
    if (cur == 0 &&
        (string_at(cur + 1, 5, {"HARAC", "HARIS"}) ||
         string_at(cur + 1, 3, {"HOR", "HYM", "HIA", "HEM"})) &&
        !string_at(0, 5, {"CHORE"})) {
      add("K");
      return cur + 2;
    }
    if (germanic_start() || string_at(cur - 2, 6, {"ORCHES", "ARCHIT", "ORCHID"}) ||
        string_at(cur + 2, 1, {"T", "S"}) ||
        ((string_at(cur - 1, 1, {"A", "O", "U", "E"}) || cur == 0) &&
         string_at(cur + 2, 1, {"L", "R", "N", "M", "B", "H", "F", "V", "W", " "}))) {
      add("K");
    } else if (cur > 0) {
      if (string_at(0, 2, {"MC"})) {
        add("K");
      } else {
        add("X", "K");
      }
    } else {
      add("X");
    }
    return cur + 2;
  }
  if (string_at(cur, 2, {"CZ"}) && !string_at(cur - 2, 4, {"WICZ"})) {  // "czerny"
    add("S", "X");
    return cur + 2;
  }
  if (string_at(cur + 1, 3, {"CIA"})) {  // "focaccia"
    add("X");
    return cur + 3;
  }
  if (string_at(cur, 2, {"CC"}) && !(cur == 1 && at(0) == 'M')) {  // not "McClellan"
    if (string_at(cur + 2, 1, {"I", "E", "H"}) && !string_at(cur + 2, 2, {"HU"})) {
      if ((cur == 1 && at(cur - 1) == 'A') || string_at(cur - 1, 5, {"UCCEE", "UCCES"})) {
        add("KS");  // "accident", "succeed"
      } else {
        add("X");  // "bacci"
      }
      return cur + 3;
    }
    add("K");
    return cur + 2;
  }
  if (string_at(cur, 2, {"CK", "CG", "CQ"})) {
    add("K");
    return cur + 2;
  }
  if (string_at(cur, 2, {"CI", "CE", "CY"})) {
    if (string_at(cur, 3, {"CIO", "CIE", "CIA"})) {
      add("S", "X");
    } else {
      add("S");
    }
    return cur + 2;
  }
  add("K");
  if (string_at(cur + 1, 2, {" C", " Q", " G"})) return cur + 3;  // "mac caffrey"
  if (string_at(cur + 1, 1, {"C", "K", "Q"}) && !string_at(cur + 1, 2, {"CE", "CI"})) {
    return cur + 2;
  }
  return cur + 1;
}

int Encoder::g_rule(int cur) {
  if (at(cur + 1) == 'H') {
    if (cur > 0 && !is_vowel(cur - 1)) {
      add("K");
      return cur + 2;
    }
    if (cur == 0) {  // "ghislane"
      add(at(cur + 2) == 'I' ? "J" : "K");
      return cur + 2;
    }
    // Parker's rule: "hugh", "bough", "broughton".
    if ((cur > 1 && string_at(cur - 2, 1, {"B", "H", "D"})) ||
        (cur > 2 && string_at(cur - 3, 1, {"B", "H", "D"})) ||
        (cur > 3 && string_at(cur - 4, 1, {"B", "H"}))) {
      return cur + 2;
    }
    if (cur > 2 && at(cur - 1) == 'U' && string_at(cur - 3, 1, {"C", "G", "L", "R", "T"})) {
      add("F");  // "laugh", "cough"
    } else if (cur > 0 && at(cur - 1) != 'I') {
      add("K");
    }
    return cur + 2;
  }
  if (at(cur + 1) == 'N') {
    if (cur == 1 && is_vowel(0) && !slavo_germanic_) {
      add("KN", "N");
    } else if (!string_at(cur + 2, 2, {"EY"}) && at(cur + 1) != 'Y' && !slavo_germanic_) {
      add("N", "KN");  // not "cagney"
    } else {
      add("KN");
    }
    return cur + 2;
  }
  if (string_at(cur + 1, 2, {"LI"}) && !slavo_germanic_) {  // "tagliaro"
    add("KL", "L");
    return cur + 2;
  }
  if (cur == 0 &&
      (at(cur + 1) == 'Y' ||
       string_at(cur + 1, 2, {"ES", "EP", "EB", "EL", "EY", "IB", "IL", "IN", "IE", "EI", "ER"}))) {
    add("K", "J");
    return cur + 2;
  }
  if ((string_at(cur + 1, 2, {"ER"}) || at(cur + 1) == 'Y') &&
      !string_at(0, 6, {"DANGER", "RANGER", "MANGER"}) && !string_at(cur - 1, 1, {"E", "I"}) &&
      !string_at(cur - 1, 3, {"RGY", "OGY"})) {
    add("K", "J");
    return cur + 2;
  }
  if (string_at(cur + 1, 1, {"E", "I", "Y"}) || string_at(cur - 1, 4, {"AGGI", "OGGI"})) {
    if (germanic_start() || string_at(cur + 1, 2, {"ET"})) {
      add("K");
    } else if (string_at(cur + 1, 4, {"IER "})) {
      add("J");
    } else {
      add("J", "K");
    }
    return cur + 2;
  }
  add("K");
  return at(cur + 1) == 'G' ? cur + 2 : cur + 1;
}

int Encoder::j_rule(int cur) {
  if (string_at(cur, 4, {"JOSE"}) || string_at(0, 4, {"SAN "})) {  // Spanish "jose"
    if ((cur == 0 && at(cur + 4) == ' ') || string_at(0, 4, {"SAN "})) {
      add("H");
    } else {
      add("J", "H");
    }
    return cur + 1;
  }
  if (cur == 0 && !string_at(cur, 4, {"JOSE"})) {
    add("J", "A");  // "Yankelovich"/"Jankelowicz"
  } else if (is_vowel(cur - 1) && !slavo_germanic_ && (at(cur + 1) == 'A' || at(cur + 1) == 'O')) {
    add("J", "H");  // Spanish "bajador"
  } else if (cur == last_) {
    add("J", " ");
  } else if (!string_at(cur + 1, 1, {"L", "T", "K", "S", "N", "M", "B", "Z"}) &&
             !string_at(cur - 1, 1, {"S", "K", "L"})) {
    add("J");
  }
  return at(cur + 1) == 'J' ? cur + 2 : cur + 1;
}

int Encoder::s_rule(int cur) {
  if (string_at(cur - 1, 3, {"ISL", "YSL"})) return cur + 1;  // "island", "carlisle"
  if (cur == 0 && string_at(cur, 5, {"SUGAR"})) {
    add("X", "S");
    return cur + 1;
  }
  if (string_at(cur, 2, {"SH"})) {
    add(string_at(cur + 1, 4, {"HEIM", "HOEK", "HOLM", "HOLZ"}) ? "S" : "X");
    return cur + 2;
  }
  if (string_at(cur, 3, {"SIO", "SIA"}) || string_at(cur, 4, {"SIAN"})) {
    if (slavo_germanic_) {
      add("S");
    } else {
      add("S", "X");
    }
    return cur + 3;
  }
  // "smith" matches "schmidt", "snider" matches "schneider"; Slavic -sz-.
  if ((cur == 0 && string_at(cur + 1, 1, {"M", "N", "L", "W"})) || string_at(cur + 1, 1, {"Z"})) {
    add("S", "X");
    return string_at(cur + 1, 1, {"Z"}) ? cur + 2 : cur + 1;
  }
  if (string_at(cur, 2, {"SC"})) {
    if (at(cur + 2) == 'H') {  // Schlesinger's rule
      if (string_at(cur + 3, 2, {"OO", "ER", "EN", "UY", "ED", "EM"})) {
        if (string_at(cur + 3, 2, {"ER", "EN"})) {
          add("X", "SK");  // "schermerhorn"
        } else {
          add("SK");  // Dutch "school"
        }
        return cur + 3;
      }
      if (cur == 0 && !is_vowel(3) && at(3) != 'W') {
        add("X", "S");
      } else {
        add("X");
      }
      return cur + 3;
    }
    add(string_at(cur + 2, 1, {"I", "E", "Y"}) ? "S" : "SK");
    return cur + 3;
  }
  if (cur == last_ && string_at(cur - 2, 2, {"AI", "OI"})) {
    add("", "S");  // French "resnais"
  } else {
    add("S");
  }
  return string_at(cur + 1, 1, {"S", "Z"}) ? cur + 2 : cur + 1;
}

std::pair<std::string, std::string> Encoder::run() {
  int cur = 0;
  if (string_at(0, 2, {"GN", "KN", "PN", "WR", "PS"})) cur = 1;  // silent first letter
  if (at(0) == 'X') {                                            // "Xavier"
    add("S");
    cur = 1;
  }
  while (!done() && cur < length_) {
    const char c = at(cur);
    switch (c) {
      case 'A':
      case 'E':
      case 'I':
      case 'O':
      case 'U':
      case 'Y':
        if (cur == 0) add("A");
        cur += 1;
        break;
      case 'B':
        add("P");
        cur += at(cur + 1) == 'B' ? 2 : 1;
        break;
      case kCedilla:
        add("S");
        cur += 1;
        break;
      case 'C':
        cur = c_rule(cur);
        break;
      case 'D':
        if (string_at(cur, 2, {"DG"})) {
          if (string_at(cur + 2, 1, {"I", "E", "Y"})) {
            add("J");  // "edge"
            cur += 3;
          } else {
            add("TK");  // "edgar"
            cur += 2;
          }
        } else {
          add("T");
          cur += string_at(cur, 2, {"DT", "DD"}) ? 2 : 1;
        }
        break;
      case 'F':
        add("F");
        cur += at(cur + 1) == 'F' ? 2 : 1;
        break;
      case 'G':
        cur = g_rule(cur);
        break;
      case 'H':
        // Kept only first or between vowels.
        if ((cur == 0 || is_vowel(cur - 1)) && is_vowel(cur + 1)) {
          add("H");
          cur += 2;
        } else {
          cur += 1;
        }
        break;
      case 'J':
        cur = j_rule(cur);
        break;
      case 'K':
        add("K");
        cur += at(cur + 1) == 'K' ? 2 : 1;
        break;
      case 'L':
        if (at(cur + 1) == 'L') {
          // Spanish "cabrillo", "gallegos".
          if ((cur == length_ - 3 && string_at(cur - 1, 4, {"ILLO", "ILLA", "ALLE"})) ||
              ((string_at(last_ - 1, 2, {"AS", "OS"}) || string_at(last_, 1, {"A", "O"})) &&
               string_at(cur - 1, 4, {"ALLE"}))) {
            add("L", " ");
            cur += 2;
            break;
          }
          cur += 2;
        } else {
          cur += 1;
        }
        add("L");
        break;
      case 'M':
        // "dumb", "thumb"
        if ((string_at(cur - 1, 3, {"UMB"}) &&
             (cur + 1 == last_ || string_at(cur + 2, 2, {"ER"}))) ||
            at(cur + 1) == 'M') {
          cur += 2;
        } else {
          cur += 1;
        }
        add("M");
        break;
      case 'N':
        add("N");
        cur += at(cur + 1) == 'N' ? 2 : 1;
        break;
      case kEnye:
        add("N");
        cur += 1;
        break;
      case 'P':
        if (at(cur + 1) == 'H') {
          add("F");
          cur += 2;
        } else {
          add("P");  // "campbell", "raspberry"
          cur += string_at(cur + 1, 1, {"P", "B"}) ? 2 : 1;
        }
        break;
      case 'Q':
        add("K");
        cur += at(cur + 1) == 'Q' ? 2 : 1;
        break;
      case 'R':
        // French "rogier", but not "hochmeier".
        if (cur == last_ && !slavo_germanic_ && string_at(cur - 2, 2, {"IE"}) &&
            !string_at(cur - 4, 2, {"ME", "MA"})) {
          add("", "R");
        } else {
          add("R");
        }
        cur += at(cur + 1) == 'R' ? 2 : 1;
        break;
      case 'S':
        cur = s_rule(cur);
        break;
      case 'T':
        if (string_at(cur, 4, {"TION"}) || string_at(cur, 3, {"TIA", "TCH"})) {
          add("X");
          cur += 3;
        } else if (string_at(cur, 2, {"TH"}) || string_at(cur, 3, {"TTH"})) {
          // "thomas", "thames", or Germanic.
          if (string_at(cur + 2, 2, {"OM", "AM"}) || germanic_start()) {
            add("T");
          } else {
            add("0", "T");
          }
          cur += 2;
        } else {
          add("T");
          cur += string_at(cur + 1, 1, {"T", "D"}) ? 2 : 1;
        }
        break;
      case 'V':
        add("F");
        cur += at(cur + 1) == 'V' ? 2 : 1;
        break;
      case 'W':
        if (string_at(cur, 2, {"WR"})) {
          add("R");
          cur += 2;
          break;
        }
        if (cur == 0 && (is_vowel(cur + 1) || string_at(cur, 2, {"WH"}))) {
          if (is_vowel(cur + 1)) {
            add("A", "F");  // "Wasserman" / "Vasserman"
          } else {
            add("A");
          }
        }
        // "Arnow" matches "Arnoff".
        if ((cur == last_ && is_vowel(cur - 1)) ||
            string_at(cur - 1, 5, {"EWSKI", "EWSKY", "OWSKI", "OWSKY"}) ||
            string_at(0, 3, {"SCH"})) {
          add("", "F");
          cur += 1;
          break;
        }
        if (string_at(cur, 4, {"WICZ", "WITZ"})) {  // Polish "filipowicz"
          add("TS", "FX");
          cur += 4;
          break;
        }
        cur += 1;
        break;
      case 'X':
        // French "breaux".
        if (!(cur == last_ &&
              (string_at(cur - 3, 3, {"IAU", "EAU"}) || string_at(cur - 2, 2, {"AU", "OU"})))) {
          add("KS");
        }
        cur += string_at(cur + 1, 1, {"C", "X"}) ? 2 : 1;
        break;
      case 'Z':
        if (at(cur + 1) == 'H') {  // Chinese "zhao"
          add("J");
          cur += 2;
          break;
        }
        if (string_at(cur + 1, 2, {"ZO", "ZI", "ZA"}) ||
            (slavo_germanic_ && cur > 0 && at(cur - 1) != 'T')) {
          add("S", "TS");
        } else {
          add("S");
        }
        cur += at(cur + 1) == 'Z' ? 2 : 1;
        break;
      default:
        cur += 1;
        break;
    }
  }
  if (primary_.size() > kDoubleMetaphoneMaxLength) primary_.resize(kDoubleMetaphoneMaxLength);
  if (alternate_.size() > kDoubleMetaphoneMaxLength) {
    alternate_.resize(kDoubleMetaphoneMaxLength);
  }
  return {primary_, alternate_};
}

// Upper-cases ASCII letters and maps UTF-8 Ç/ç and Ñ/ñ to internal letters; other non-ASCII
// bytes become '?' so that they are skipped but still occupy a position.
std::string prepare(std::string_view name) {
  std::string w;
  w.reserve(name.size());
  for (std::size_t i = 0; i < name.size(); ++i) {
    const auto b = static_cast<unsigned char>(name[i]);
    if (b == 0xC3 && i + 1 < name.size()) {
      const auto b1 = static_cast<unsigned char>(name[i + 1]);
      if (b1 == 0x87 || b1 == 0xA7) {
        w.push_back(kCedilla);
        ++i;
        continue;
      }
      if (b1 == 0x91 || b1 == 0xB1) {
        w.push_back(kEnye);
        ++i;
        continue;
      }
    }
    if (b >= 0x80) {
      w.push_back('?');
    } else if (b >= 'a' && b <= 'z') {
      w.push_back(static_cast<char>(b - 'a' + 'A'));
    } else {
      w.push_back(static_cast<char>(b));
    }
  }
  return w;
}

}  // namespace

std::pair<std::string, std::string> double_metaphone(std::string_view name) {
  return Encoder(prepare(name)).run();
}

}  // namespace xjslink::kernels
