// File: date_parse.hpp
// Text dates -> int32 days since 1970-01-01 (proleptic Gregorian), trying a list of formats in
// order. Formats are strftime-like specs compiled once; parsing is a few comparisons per
// character (no regex, no locale). Impossible calendar dates (2001-02-29) do not parse.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace xjslink {

// Directives of a format spec:
//   %Y  year, exactly 4 digits          %m  month 1-12     %d  day of month
//   %H  hour 00-23, %M minute 00-59, %S second 00-60: exactly 2 digits, checked, then ignored
//   %*  the rest of the text, whatever it is (fractional seconds, a time zone...)
//   %%  a literal '%'; any other character matches itself.
// %m and %d take 1 or 2 digits ("3/7/2001"), except exactly 2 when the next item is another
// directive ("%Y%m%d"). Surrounding spaces of the text are ignored.
class DateFormats {
 public:
  // ISO %Y-%m-%d, %Y%m%d, %d/%m/%Y, %d-%m-%Y, %Y/%m/%d, and ISO date-times
  // %Y-%m-%dT%H:%M:%S%* and %Y-%m-%d %H:%M:%S%* (time ignored). US %m/%d/%Y is not a default:
  // it is ambiguous with %d/%m/%Y, so it must be configured.
  static DateFormats defaults();
  // Throws Error(kInvalidSettings, field "date_formats[i]") for an unknown directive.
  static DateFormats parse(const std::vector<std::string>& specs);

  const std::vector<std::string>& specs() const { return specs_; }

  struct Item {
    enum class Kind : std::uint8_t {
      kLiteral,
      kYear,
      kMonth,
      kDay,
      kHour,
      kMinute,
      kSecond,
      kRest
    };
    Kind kind = Kind::kLiteral;
    char literal = 0;
    bool two_digits = false;  // %m/%d followed directly by another directive
  };

 private:
  friend std::optional<std::int32_t> parse_date(std::string_view, const DateFormats&);
  std::vector<std::string> specs_;
  std::vector<std::vector<Item>> formats_;
};

// Days since 1970-01-01 for the first format that matches the whole text, or nullopt.
std::optional<std::int32_t> parse_date(std::string_view text, const DateFormats& formats);

}  // namespace xjslink
