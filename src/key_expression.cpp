// File: key_expression.cpp
// A small recursive-descent parser for key expressions: name '(' expr [',' int [',' int]] ')'
// or a bare column name.
#include "xjslink/key_expression.hpp"

#include <cctype>
#include <charconv>

#include "xjslink/error.hpp"

namespace xjslink {
namespace {

struct FunctionInfo {
  const char* name;
  KeyFunction function;
  int int_args;
};

constexpr FunctionInfo kFunctions[] = {
    {"substr", KeyFunction::kSubstr, 2},
    {"soundex", KeyFunction::kSoundex, 0},
    {"dmetaphone", KeyFunction::kDoubleMetaphone, 0},
    {"dmetaphone_alt", KeyFunction::kDoubleMetaphoneAlt, 0},
    {"nysiis", KeyFunction::kNysiis, 0},
    {"year", KeyFunction::kYear, 0},
    {"month", KeyFunction::kMonth, 0},
    {"day", KeyFunction::kDay, 0},
    {"first_token", KeyFunction::kFirstToken, 0},
    {"last_token", KeyFunction::kLastToken, 0},
};

const FunctionInfo* find_function(KeyFunction f) {
  for (const auto& info : kFunctions) {
    if (info.function == f) return &info;
  }
  return nullptr;
}

// Real keys nest two or three functions deep; the limit keeps hostile settings (a rule of
// 100,000 nested calls) from overflowing the stack of this recursive parser and of to_string.
constexpr int kMaxNesting = 32;

bool is_identifier_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '.' || c == '-';
}

class Parser {
 public:
  Parser(std::string_view text, const std::string& field) : text_(text), field_(field) {}

  KeyExpression parse_all() {
    KeyExpression e = parse_expression();
    skip_spaces();
    if (pos_ != text_.size()) fail("unexpected text after the expression");
    return e;
  }

 private:
  // Quotes the expression (settings text, never record values), cut short if it is long.
  [[noreturn]] void fail(const std::string& why) {
    constexpr std::size_t kQuoted = 80;
    const std::string quoted = text_.size() <= kQuoted
                                   ? std::string(text_)
                                   : std::string(text_.substr(0, kQuoted)) + "...";
    throw Error(ErrorCode::kInvalidSettings,
                "cannot parse key expression \"" + quoted + "\": " + why, {}, 0, field_);
  }

  void skip_spaces() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_])))
      ++pos_;
  }

  std::string identifier() {
    skip_spaces();
    const std::size_t begin = pos_;
    // Backquoted names allow any column name, e.g. `first name`.
    if (pos_ < text_.size() && text_[pos_] == '`') {
      const std::size_t close = text_.find('`', pos_ + 1);
      if (close == std::string_view::npos) fail("unclosed backquote");
      pos_ = close + 1;
      return std::string(text_.substr(begin + 1, close - begin - 1));
    }
    while (pos_ < text_.size() && is_identifier_char(text_[pos_]))
      ++pos_;
    if (pos_ == begin) fail("expected a column or function name");
    return std::string(text_.substr(begin, pos_ - begin));
  }

  bool consume(char c) {
    skip_spaces();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }

  std::int32_t integer() {
    skip_spaces();
    std::int32_t value = 0;
    auto [ptr, ec] = std::from_chars(text_.data() + pos_, text_.data() + text_.size(), value);
    if (ec != std::errc()) fail("expected an integer");
    pos_ = static_cast<std::size_t>(ptr - text_.data());
    return value;
  }

  KeyExpression parse_expression() {
    std::string name = identifier();
    if (!consume('(')) {
      KeyExpression e;
      e.function = KeyFunction::kColumn;
      e.column = name;
      return e;
    }
    const FunctionInfo* info = nullptr;
    for (const auto& f : kFunctions) {
      if (name == f.name) info = &f;
    }
    if (info == nullptr) {
      std::string known;
      for (const auto& f : kFunctions)
        known += (known.empty() ? "" : ", ") + std::string(f.name);
      fail("unknown key function '" + name + "' (known: " + known + ")");
    }
    KeyExpression e;
    e.function = info->function;
    if (++depth_ > kMaxNesting) {
      fail("functions nested more than " + std::to_string(kMaxNesting) + " deep");
    }
    e.arg = std::make_shared<const KeyExpression>(parse_expression());
    --depth_;
    if (info->int_args == 2) {
      if (!consume(',')) fail("substr needs (expr, start, length)");
      e.start = integer();
      if (!consume(',')) fail("substr needs (expr, start, length)");
      e.length = integer();
      if (e.start < 1 || e.length < 1) fail("substr start and length must be >= 1");
    }
    if (!consume(')')) fail("expected ')'");
    return e;
  }

  std::string_view text_;
  const std::string& field_;
  std::size_t pos_ = 0;
  int depth_ = 0;
};

}  // namespace

const std::string& KeyExpression::source_column() const {
  return function == KeyFunction::kColumn ? column : arg->source_column();
}

std::string KeyExpression::to_string() const {
  if (function == KeyFunction::kColumn) return column;
  std::string out = find_function(function)->name;
  out += "(" + arg->to_string();
  if (function == KeyFunction::kSubstr) {
    out += "," + std::to_string(start) + "," + std::to_string(length);
  }
  out += ")";
  return out;
}

KeyExpression parse_key_expression(std::string_view text, const std::string& field) {
  return Parser(text, field).parse_all();
}

std::vector<KeyExpression> parse_blocking_rule(std::string_view text, const std::string& field) {
  std::vector<std::string> parts;
  std::string current;
  int depth = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '(') ++depth;
    if (c == ')') --depth;
    const bool and_word = depth == 0 && i + 5 <= text.size() &&
                          std::isspace(static_cast<unsigned char>(c)) &&
                          (text.substr(i + 1, 4) == "AND " || text.substr(i + 1, 4) == "and ");
    if (depth == 0 && c == '&') {
      parts.push_back(current);
      current.clear();
    } else if (and_word) {
      parts.push_back(current);
      current.clear();
      i += 4;
    } else {
      current.push_back(c);
    }
  }
  parts.push_back(current);
  std::vector<KeyExpression> keys;
  for (const auto& p : parts) {
    if (p.find_first_not_of(" \t") == std::string::npos) {
      throw Error(ErrorCode::kInvalidSettings,
                  "empty key in blocking rule \"" + std::string(text) + "\"", {}, 0, field);
    }
    keys.push_back(parse_key_expression(p, field));
  }
  return keys;
}

}  // namespace xjslink
