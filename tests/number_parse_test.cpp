// File: number_parse_test.cpp
#include "xjslink/number_parse.hpp"

#include <gtest/gtest.h>

namespace xjslink {
namespace {

TEST(NumberParse, ReadsDecimalAndScientificNotation) {
  EXPECT_EQ(parse_number("42"), 42.0);
  EXPECT_EQ(parse_number(" -3.5\t"), -3.5);
  EXPECT_EQ(parse_number("+7"), 7.0);
  EXPECT_EQ(parse_number("1e3"), 1000.0);
  EXPECT_EQ(parse_number(".5"), 0.5);
  EXPECT_EQ(parse_number("0.1"), 0.1);
}

TEST(NumberParse, RejectsJunk) {
  for (const char* bad : {"", " ", "1,5", "abc", "12abc", "+-1", "-", "+", "nan", "inf", "-inf",
                          "1e999", "0x1A", "1 2"}) {
    EXPECT_EQ(parse_number(bad), std::nullopt) << bad;
  }
}

}  // namespace
}  // namespace xjslink
