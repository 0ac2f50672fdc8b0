// File: report/disclosure.cpp
#include "xjslink/report/disclosure.hpp"

#include <cmath>

#include "xjslink/report/svg.hpp"

namespace xjslink::report {

std::string Disclosure::count(std::uint64_t count) const {
  if (suppressed(count)) return "<" + format_count(min_cell_);
  return format_count(count);
}

std::string Disclosure::rate(std::uint64_t numerator, std::uint64_t denominator, int digits) const {
  if (denominator == 0) return "–";
  return rate(
      std::optional<double>(static_cast<double>(numerator) / static_cast<double>(denominator)),
      denominator, digits);
}

std::string Disclosure::rate(std::optional<double> fraction, std::uint64_t denominator,
                             int digits) const {
  if (!fraction || !std::isfinite(*fraction) || denominator == 0 || suppressed(denominator)) {
    return "–";
  }
  return format_fixed(*fraction * 100, digits) + "%";
}

}  // namespace xjslink::report
