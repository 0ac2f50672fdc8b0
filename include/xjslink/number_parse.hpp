// File: number_parse.hpp
// Text -> double for numeric columns: locale-independent (std::from_chars), whole text only.
#pragma once

#include <optional>
#include <string_view>

namespace xjslink {

// Decimal or scientific notation with an optional sign, surrounded by optional spaces/tabs;
// nullopt for anything else (junk, "1,5", trailing text, empty, nan, inf).
std::optional<double> parse_number(std::string_view text);

}  // namespace xjslink
