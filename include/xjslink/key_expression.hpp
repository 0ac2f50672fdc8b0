// File: key_expression.hpp
// Blocking-key expressions such as `surname`, `substr(forename,1,3)`, `soundex(surname)`,
// `year(dob)`, nested as in `substr(dmetaphone(surname),1,2)`. A blocking rule is an AND of
// these ("soundex(surname) & year(dob)"); two records share a rule's block when every key is
// non-null and equal on both.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace xjslink {

enum class KeyFunction : std::uint8_t {
  kColumn,              // the column's standardised value
  kSubstr,              // substr(x, start, length), 1-based, in code points
  kSoundex,             // soundex(x)
  kDoubleMetaphone,     // dmetaphone(x): primary Double Metaphone code
  kDoubleMetaphoneAlt,  // dmetaphone_alt(x): alternate code
  kNysiis,              // nysiis(x)
  kYear,                // year(date)
  kMonth,               // month(date)
  kDay,                 // day(date)
  kFirstToken,          // first_token(x): text before the first space
  kLastToken,           // last_token(x): text after the last space
};

struct KeyExpression {
  KeyFunction function = KeyFunction::kColumn;
  std::string column;                        // kColumn only
  std::shared_ptr<const KeyExpression> arg;  // every other function
  std::int32_t start = 1;                    // kSubstr
  std::int32_t length = 0;                   // kSubstr

  // The input column this expression reads (through any nesting).
  const std::string& source_column() const;
  // Canonical text form, e.g. "substr(surname,1,3)".
  std::string to_string() const;
};

// Parses one key expression; throws Error(kInvalidSettings) with `field` as the JSON path.
KeyExpression parse_key_expression(std::string_view text, const std::string& field);
// Parses a rule: key expressions joined by "&" or " AND " (case-insensitive).
std::vector<KeyExpression> parse_blocking_rule(std::string_view text, const std::string& field);

}  // namespace xjslink
