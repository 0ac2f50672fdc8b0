// File: date_parse.cpp
// A format is a list of items matched left to right against the trimmed text; the first format
// that consumes the whole text and names a real calendar day wins.
#include "xjslink/date_parse.hpp"

#include "kernels/civil_date.hpp"
#include "xjslink/error.hpp"

namespace xjslink {

namespace {

using Kind = DateFormats::Item::Kind;

bool is_directive(Kind k) {
  return k != Kind::kLiteral;
}

bool digit(char c) {
  return c >= '0' && c <= '9';
}

// Reads between min_digits and max_digits digits at text[pos...] into value.
bool read_number(std::string_view text, std::size_t& pos, int min_digits, int max_digits,
                 int& value) {
  int n = 0;
  value = 0;
  while (n < max_digits && pos < text.size() && digit(text[pos])) {
    value = value * 10 + (text[pos] - '0');
    ++pos;
    ++n;
  }
  return n >= min_digits;
}

std::optional<std::int32_t> match(std::string_view text,
                                  const std::vector<DateFormats::Item>& items) {
  std::size_t pos = 0;
  int year = -1;
  int month = -1;
  int day = -1;
  for (const DateFormats::Item& item : items) {
    int value = 0;
    switch (item.kind) {
      case Kind::kLiteral:
        if (pos >= text.size() || text[pos] != item.literal) return std::nullopt;
        ++pos;
        break;
      case Kind::kYear:
        if (!read_number(text, pos, 4, 4, year)) return std::nullopt;
        break;
      case Kind::kMonth:
        if (!read_number(text, pos, item.two_digits ? 2 : 1, 2, month)) return std::nullopt;
        break;
      case Kind::kDay:
        if (!read_number(text, pos, item.two_digits ? 2 : 1, 2, day)) return std::nullopt;
        break;
      case Kind::kHour:
        if (!read_number(text, pos, 2, 2, value) || value > 23) return std::nullopt;
        break;
      case Kind::kMinute:
        if (!read_number(text, pos, 2, 2, value) || value > 59) return std::nullopt;
        break;
      case Kind::kSecond:
        if (!read_number(text, pos, 2, 2, value) || value > 60) return std::nullopt;
        break;
      case Kind::kRest:
        pos = text.size();
        break;
    }
  }
  if (pos != text.size() || year < 0 || month < 1 || day < 1) return std::nullopt;
  const auto m = static_cast<unsigned>(month);
  const auto d = static_cast<unsigned>(day);
  if (!kernels::is_valid_civil(year, m, d)) return std::nullopt;
  return kernels::days_from_civil(year, m, d);
}

}  // namespace

DateFormats DateFormats::defaults() {
  return parse({"%Y-%m-%d", "%Y%m%d", "%d/%m/%Y", "%d-%m-%Y", "%Y/%m/%d", "%Y-%m-%dT%H:%M:%S%*",
                "%Y-%m-%d %H:%M:%S%*"});
}

DateFormats DateFormats::parse(const std::vector<std::string>& specs) {
  DateFormats out;
  out.specs_ = specs;
  for (std::size_t i = 0; i < specs.size(); ++i) {
    const std::string& spec = specs[i];
    const std::string field = "date_formats[" + std::to_string(i) + "]";
    std::vector<Item> items;
    bool has_year = false, has_month = false, has_day = false;
    for (std::size_t k = 0; k < spec.size(); ++k) {
      Item item;
      if (spec[k] != '%') {
        item.literal = spec[k];
        items.push_back(item);
        continue;
      }
      if (++k == spec.size()) {
        throw Error(ErrorCode::kInvalidSettings, "date format ends with a lone '%'", {}, 0, field);
      }
      switch (spec[k]) {
        case 'Y':
          item.kind = Kind::kYear;
          has_year = true;
          break;
        case 'm':
          item.kind = Kind::kMonth;
          has_month = true;
          break;
        case 'd':
          item.kind = Kind::kDay;
          has_day = true;
          break;
        case 'H':
          item.kind = Kind::kHour;
          break;
        case 'M':
          item.kind = Kind::kMinute;
          break;
        case 'S':
          item.kind = Kind::kSecond;
          break;
        case '*':
          item.kind = Kind::kRest;
          break;
        case '%':
          item.literal = '%';
          break;
        default:
          throw Error(ErrorCode::kInvalidSettings,
                      std::string("unknown date format directive '%") + spec[k] +
                          "' (use %Y %m %d %H %M %S %* %%)",
                      {}, 0, field);
      }
      items.push_back(item);
    }
    if (!has_year || !has_month || !has_day) {
      throw Error(ErrorCode::kInvalidSettings, "a date format needs %Y, %m and %d", {}, 0, field);
    }
    for (std::size_t k = 0; k + 1 < items.size(); ++k) {
      items[k].two_digits = is_directive(items[k + 1].kind);
    }
    out.formats_.push_back(std::move(items));
  }
  return out;
}

std::optional<std::int32_t> parse_date(std::string_view text, const DateFormats& formats) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
    text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
    text.remove_suffix(1);
  if (text.empty()) return std::nullopt;
  for (const auto& items : formats.formats_) {
    if (auto days = match(text, items)) return days;
  }
  return std::nullopt;
}

}  // namespace xjslink
