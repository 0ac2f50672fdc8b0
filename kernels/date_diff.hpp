// File: kernels/date_diff.hpp
// Date and number difference kernels. Dates are int32 days since 1970-01-01. Month and year
// thresholds use the mean Gregorian month (30.436875 days) and year (365.2425 days), as an
// absolute-difference-in-time comparison does; they are not calendar-boundary counts.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstdlib>

namespace xjslink::kernels {

enum class DateUnit : std::uint8_t { kDays, kMonths, kYears };

inline constexpr double kDaysPerMonth = 30.436875;
inline constexpr double kDaysPerYear = 365.2425;

// Largest whole-day difference that is still within `amount` units.
inline std::int64_t max_days_within(double amount, DateUnit unit) {
  switch (unit) {
    case DateUnit::kDays:
      return static_cast<std::int64_t>(std::floor(amount));
    case DateUnit::kMonths:
      return static_cast<std::int64_t>(std::floor(amount * kDaysPerMonth));
    case DateUnit::kYears:
      return static_cast<std::int64_t>(std::floor(amount * kDaysPerYear));
  }
  return 0;
}

inline std::int64_t abs_day_difference(std::int32_t a, std::int32_t b) {
  return std::llabs(static_cast<std::int64_t>(a) - static_cast<std::int64_t>(b));
}

// |a - b| <= threshold.
inline bool abs_diff_within(double a, double b, double threshold) {
  return std::fabs(a - b) <= threshold;
}

// Percentage difference relative to the larger magnitude: |a-b| / max(|a|,|b|) <= p (0..1).
// Two zeros differ by 0.
inline bool pct_diff_within(double a, double b, double fraction) {
  const double scale = std::fmax(std::fabs(a), std::fabs(b));
  if (scale == 0.0) return true;
  return std::fabs(a - b) / scale <= fraction;
}

}  // namespace xjslink::kernels
