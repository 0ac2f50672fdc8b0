// File: standardise.cpp
// Two paths with one set of rules. Non-ASCII values go through utf8proc (decompose with
// NFKC/case-fold/strip-mark/lump flags, then recompose) and a per-code-point pass for
// punctuation and whitespace; ASCII values, where NFKC and accent stripping are the identity
// and case folding is A-Z -> a-z, go through a 128-entry class table only.
#include "xjslink/standardise.hpp"

#include <utf8proc.h>

#include <array>

#include "xjslink/encoding.hpp"

namespace xjslink {

namespace {

enum class Kind : std::uint8_t { kKeep, kUpper, kSpace, kRemove, kPunct };

// ASCII classes: controls and blanks are whitespace; ' ` and . are removed; the remaining
// characters of Unicode categories P and S (! " # $ % & ( ) * + , - / : ; < = > ? @ [ \ ] ^ _
// { | } ~) become spaces.
constexpr std::array<Kind, 128> make_ascii_kinds() {
  std::array<Kind, 128> k{};
  for (int c = 0; c < 128; ++c) {
    if (c <= 0x20 || c == 0x7F)
      k[c] = Kind::kSpace;
    else if (c >= 'A' && c <= 'Z')
      k[c] = Kind::kUpper;
    else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
      k[c] = Kind::kKeep;
    else if (c == '\'' || c == '`' || c == '.')
      k[c] = Kind::kRemove;
    else
      k[c] = Kind::kPunct;
  }
  return k;
}
constexpr std::array<Kind, 128> kAsciiKinds = make_ascii_kinds();

// Writes code points and the whitespace policy: with collapse_whitespace a space is only
// written before the next visible character, so leading and trailing runs vanish.
class Emitter {
 public:
  Emitter(std::string& out, const StringStandardisation& options)
      : out_(out), start_(out.size()), options_(options) {}

  void space() {
    if (options_.remove_spaces) return;
    if (options_.collapse_whitespace) {
      pending_space_ = true;
    } else {
      out_.push_back(' ');
    }
  }
  void byte(char c) {
    flush();
    out_.push_back(c);
  }
  void code_point(utf8proc_int32_t cp) {
    flush();
    utf8proc_uint8_t buf[4];
    const utf8proc_ssize_t n = utf8proc_encode_char(cp, buf);
    out_.append(reinterpret_cast<const char*>(buf), static_cast<std::size_t>(n));
  }
  std::size_t appended() const { return out_.size() - start_; }

 private:
  void flush() {
    if (pending_space_ && out_.size() > start_) out_.push_back(' ');
    pending_space_ = false;
  }

  std::string& out_;
  std::size_t start_;
  const StringStandardisation& options_;
  bool pending_space_ = false;
};

void emit_ascii(Emitter& e, unsigned char c, const StringStandardisation& o) {
  switch (kAsciiKinds[c]) {
    case Kind::kKeep:
      e.byte(static_cast<char>(c));
      break;
    case Kind::kUpper:
      e.byte(static_cast<char>(o.case_fold ? c + ('a' - 'A') : c));
      break;
    case Kind::kSpace:
      e.space();
      break;
    case Kind::kRemove:
      if (!o.punctuation) e.byte(static_cast<char>(c));
      break;
    case Kind::kPunct:
      if (o.punctuation)
        e.space();
      else
        e.byte(static_cast<char>(c));
      break;
  }
}

// Apostrophe look-alikes, mapped to '\'' before decomposition (NFKC would turn the acute accent
// into a space + combining mark, and the modifier letters are not punctuation).
bool is_apostrophe(utf8proc_int32_t cp) {
  switch (cp) {
    case 0x00B4:  // acute accent (typed for an apostrophe: O´Brien)
    case 0x02B9:
    case 0x02BB:
    case 0x02BC:
    case 0x02BD:
    case 0x2018:
    case 0x2019:
    case 0x201B:
    case 0x2032:
      return true;
    default:
      return false;
  }
}

// Letters with strokes or ligatures have no combining mark to strip; these are their usual
// Latin transliterations.
const char* unstroked(utf8proc_int32_t cp) {
  switch (cp) {
    case 0x00D8:
      return "O";
    case 0x00F8:
      return "o";
    case 0x0141:
      return "L";
    case 0x0142:
      return "l";
    case 0x0110:
      return "D";
    case 0x0111:
      return "d";
    case 0x00D0:
      return "D";
    case 0x00F0:
      return "d";
    case 0x00DE:
      return "Th";
    case 0x00FE:
      return "th";
    case 0x00C6:
      return "AE";
    case 0x00E6:
      return "ae";
    case 0x0152:
      return "OE";
    case 0x0153:
      return "oe";
    case 0x0126:
      return "H";
    case 0x0127:
      return "h";
    case 0x0166:
      return "T";
    case 0x0167:
      return "t";
    case 0x0131:
      return "i";
    case 0x00DF:
      return "ss";
    default:
      return nullptr;
  }
}

utf8proc_int32_t apostrophe_to_ascii(utf8proc_int32_t cp, void*) {
  return is_apostrophe(cp) ? '\'' : cp;
}

void emit_unicode(Emitter& e, utf8proc_int32_t cp, const StringStandardisation& o) {
  if (cp < 0x80) {
    emit_ascii(e, static_cast<unsigned char>(cp), o);
    return;
  }
  switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_ZS:
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP:
    case UTF8PROC_CATEGORY_CC:
      e.space();
      return;
    case UTF8PROC_CATEGORY_CF:
      return;  // invisible format characters (ZWNJ, bidi marks)
    case UTF8PROC_CATEGORY_PC:
    case UTF8PROC_CATEGORY_PD:
    case UTF8PROC_CATEGORY_PS:
    case UTF8PROC_CATEGORY_PE:
    case UTF8PROC_CATEGORY_PI:
    case UTF8PROC_CATEGORY_PF:
    case UTF8PROC_CATEGORY_PO:
    case UTF8PROC_CATEGORY_SM:
    case UTF8PROC_CATEGORY_SC:
    case UTF8PROC_CATEGORY_SK:
    case UTF8PROC_CATEGORY_SO:
      if (!o.punctuation) break;
      e.space();
      return;
    default:
      break;
  }
  if (o.strip_accents) {
    if (const char* plain = unstroked(cp)) {
      for (const char* p = plain; *p != '\0'; ++p) {
        emit_ascii(e, static_cast<unsigned char>(*p), o);
      }
      return;
    }
  }
  e.code_point(cp);
}

}  // namespace

namespace detail {

std::size_t append_standardised_unicode(std::string& out, std::string_view utf8,
                                        const StringStandardisation& o) {
  thread_local std::vector<utf8proc_int32_t> buffer(256);
  int flags = UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_IGNORE;
  if (o.nfkc) flags |= UTF8PROC_COMPAT;
  if (o.case_fold) flags |= UTF8PROC_CASEFOLD;
  if (o.strip_accents) flags |= UTF8PROC_STRIPMARK;
  // LUMP folds look-alikes (curly quotes, dashes, exotic spaces) to ASCII before our pass.
  if (o.punctuation) flags |= UTF8PROC_LUMP;
  const auto options = static_cast<utf8proc_option_t>(flags);
  const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(utf8.data());
  const auto length = static_cast<utf8proc_ssize_t>(utf8.size());
  utf8proc_ssize_t n = 0;
  for (;;) {
    n = utf8proc_decompose_custom(bytes, length, buffer.data(),
                                  static_cast<utf8proc_ssize_t>(buffer.size()), options,
                                  o.punctuation ? &apostrophe_to_ascii : nullptr, nullptr);
    if (n < 0) return 0;
    if (static_cast<std::size_t>(n) <= buffer.size()) break;
    buffer.resize(static_cast<std::size_t>(n));
  }
  n = utf8proc_normalize_utf32(buffer.data(), n, options);
  if (n < 0) return 0;
  Emitter e(out, o);
  for (utf8proc_ssize_t i = 0; i < n; ++i)
    emit_unicode(e, buffer[static_cast<std::size_t>(i)], o);
  return e.appended();
}

}  // namespace detail

std::size_t append_standardised(std::string& out, std::string_view utf8,
                                const StringStandardisation& options) {
  if (!is_ascii(utf8)) return detail::append_standardised_unicode(out, utf8, options);
  Emitter e(out, options);
  for (char c : utf8)
    emit_ascii(e, static_cast<unsigned char>(c), options);
  return e.appended();
}

std::string standardise_string(std::string_view utf8, const StringStandardisation& options) {
  std::string out;
  out.reserve(utf8.size());
  append_standardised(out, utf8, options);
  return out;
}

Column standardise_column(const Column& input, const StringStandardisation& options) {
  Column out(input.name(), ColumnType::kString);
  out.reserve(input.size(), input.chars().size());
  std::string scratch;
  for (std::size_t row = 0; row < input.size(); ++row) {
    scratch.clear();
    if (input.is_null(row) || append_standardised(scratch, input.string_at(row), options) == 0) {
      out.append_null();
    } else {
      out.append_string(scratch);
    }
  }
  return out;
}

std::vector<std::string> split_tokens(std::string_view utf8, char separator,
                                      const StringStandardisation& options) {
  std::vector<std::string> tokens;
  std::string scratch;
  std::size_t begin = 0;
  while (begin <= utf8.size()) {
    std::size_t end = utf8.find(separator, begin);
    if (end == std::string_view::npos) end = utf8.size();
    scratch.clear();
    if (append_standardised(scratch, utf8.substr(begin, end - begin), options) > 0) {
      tokens.push_back(scratch);
    }
    begin = end + 1;
  }
  return tokens;
}

}  // namespace xjslink
