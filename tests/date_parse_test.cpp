// File: date_parse_test.cpp
// Date parsing against std::chrono's calendar (an independent implementation) in every default
// format, plus impossible dates, times, configured US dates and bad format specs.
#include "xjslink/date_parse.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <random>

#include "xjslink/error.hpp"

namespace xjslink {
namespace {

std::int32_t chrono_days(int y, unsigned m, unsigned d) {
  const std::chrono::sys_days days{std::chrono::year{y} / std::chrono::month{m} /
                                   std::chrono::day{d}};
  return static_cast<std::int32_t>(days.time_since_epoch().count());
}

std::optional<std::int32_t> parse(std::string_view text) {
  static const DateFormats formats = DateFormats::defaults();
  return parse_date(text, formats);
}

TEST(DateParse, MatchesChronoInEveryDefaultFormat) {
  std::mt19937_64 rng(31);
  const std::int32_t first = chrono_days(1850, 1, 1);
  const std::int32_t last = chrono_days(2100, 12, 31);
  for (int i = 0; i < 20000; ++i) {
    const std::int32_t days =
        first + static_cast<std::int32_t>(rng() % static_cast<std::uint64_t>(last - first + 1));
    const std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{days}}};
    const int y = static_cast<int>(ymd.year());
    const unsigned m = static_cast<unsigned>(ymd.month());
    const unsigned d = static_cast<unsigned>(ymd.day());
    char buf[64];
    const auto check = [&](const char* fmt, auto... args) {
      std::snprintf(buf, sizeof(buf), fmt, args...);
      ASSERT_EQ(parse(buf), std::optional<std::int32_t>(days)) << buf;
    };
    check("%04d-%02u-%02u", y, m, d);
    check("%04d%02u%02u", y, m, d);
    check("%02u/%02u/%04d", d, m, y);
    check("%u/%u/%04d", d, m, y);
    check("%02u-%02u-%04d", d, m, y);
    check("%04d/%02u/%02u", y, m, d);
    check("%04d-%02u-%02uT13:45:09", y, m, d);
    check("%04d-%02u-%02u 00:00:00.000+10:00", y, m, d);
    check(" %04d-%u-%u ", y, m, d);
  }
}

TEST(DateParse, HandlesLeapYearsAndRejectsImpossibleDates) {
  EXPECT_EQ(parse("2000-02-29"), chrono_days(2000, 2, 29));
  EXPECT_EQ(parse("29/02/2004"), chrono_days(2004, 2, 29));
  EXPECT_EQ(parse("1970-01-01"), 0);
  EXPECT_EQ(parse("19691231"), -1);
  for (const char* bad : {"2001-02-29",
                          "1900-02-29",
                          "2001-04-31",
                          "2001-13-01",
                          "2001-00-10",
                          "2001-01-00",
                          "20010230",
                          "31/04/2001",
                          "2001-02-3x",
                          "",
                          "   ",
                          "01-02-03",
                          "2001-1-2-3",
                          "abcd-ef-gh",
                          "2001/02-03",
                          "200101011",
                          "2001-02-03T25:00:00",
                          "2001-02-03 12:60:00",
                          "2001-02-03T12:00",
                          "0000-00-00",
                          "12/31/2001"}) {
    EXPECT_EQ(parse(bad), std::nullopt) << bad;
  }
}

TEST(DateParse, UsesConfiguredFormatsInOrder) {
  const DateFormats us = DateFormats::parse({"%m/%d/%Y"});
  EXPECT_EQ(parse_date("12/31/2001", us), chrono_days(2001, 12, 31));
  EXPECT_EQ(parse_date("2001-12-31", us), std::nullopt);
  // The first matching format wins: d/m before m/d reads 03/04 as 3 April.
  const DateFormats both = DateFormats::parse({"%d/%m/%Y", "%m/%d/%Y"});
  EXPECT_EQ(parse_date("03/04/2001", both), chrono_days(2001, 4, 3));
  EXPECT_EQ(parse_date("12/31/2001", both), chrono_days(2001, 12, 31));
  const DateFormats dotted = DateFormats::parse({"%d.%m.%Y", "%Y%%%m%%%d"});
  EXPECT_EQ(parse_date("7.3.1999", dotted), chrono_days(1999, 3, 7));
  EXPECT_EQ(parse_date("1999%03%07", dotted), chrono_days(1999, 3, 7));
  EXPECT_EQ(DateFormats::defaults().specs().front(), "%Y-%m-%d");
}

TEST(DateParse, RejectsBadFormatSpecs) {
  for (const std::vector<std::string>& specs :
       {std::vector<std::string>{"%Y-%m-%d", "%Y-%q-%d"}, {"%Y-%m"}, {"%Y-%m-%d%"}}) {
    try {
      DateFormats::parse(specs);
      ADD_FAILURE() << "accepted " << specs.back();
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kInvalidSettings);
      EXPECT_EQ(e.field(), "date_formats[" + std::to_string(specs.size() - 1) + "]");
    }
  }
}

}  // namespace
}  // namespace xjslink
