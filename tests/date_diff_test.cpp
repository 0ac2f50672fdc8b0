// File: date_diff_test.cpp
#include <gtest/gtest.h>

#include "kernels/civil_date.hpp"
#include "kernels/date_diff.hpp"

namespace xjslink::kernels {

TEST(CivilDate, KnownDays) {
  EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
  EXPECT_EQ(days_from_civil(2000, 3, 1), 11017);
  EXPECT_EQ(days_from_civil(1969, 12, 31), -1);
  EXPECT_EQ(days_from_civil(1900, 1, 1), -25567);
}

TEST(CivilDate, RoundTripsEveryDayFor500Years) {
  for (std::int32_t d = days_from_civil(1800, 1, 1); d < days_from_civil(2300, 1, 1); ++d) {
    const CivilDate c = civil_from_days(d);
    ASSERT_TRUE(is_valid_civil(c.year, c.month, c.day)) << d;
    ASSERT_EQ(days_from_civil(c.year, c.month, c.day), d);
  }
}

TEST(CivilDate, RejectsImpossibleDates) {
  EXPECT_FALSE(is_valid_civil(2001, 2, 29));
  EXPECT_TRUE(is_valid_civil(2000, 2, 29));
  EXPECT_FALSE(is_valid_civil(1900, 2, 29));
  EXPECT_FALSE(is_valid_civil(2020, 13, 1));
  EXPECT_FALSE(is_valid_civil(2020, 4, 31));
}

TEST(DateDiff, ThresholdsInUnits) {
  EXPECT_EQ(max_days_within(3, DateUnit::kDays), 3);
  EXPECT_EQ(max_days_within(1, DateUnit::kMonths), 30);
  EXPECT_EQ(max_days_within(1, DateUnit::kYears), 365);
  EXPECT_EQ(max_days_within(10, DateUnit::kYears), 3652);
  EXPECT_TRUE(pct_diff_within(100, 90, 0.1));
  EXPECT_FALSE(pct_diff_within(100, 89, 0.1));
  EXPECT_TRUE(pct_diff_within(0, 0, 0.0));
}

}  // namespace xjslink::kernels
