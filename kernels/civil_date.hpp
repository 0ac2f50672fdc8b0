// File: kernels/civil_date.hpp
// Conversion between proleptic Gregorian dates and int32 days since 1970-01-01.
#pragma once

#include <cstdint>

namespace xjslink::kernels {

struct CivilDate {
  int year;
  unsigned month;  // 1..12
  unsigned day;    // 1..31
};

std::int32_t days_from_civil(int year, unsigned month, unsigned day);
CivilDate civil_from_days(std::int32_t days);
bool is_valid_civil(int year, unsigned month, unsigned day);

}  // namespace xjslink::kernels
