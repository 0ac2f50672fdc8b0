// File: report/disclosure_test.cpp
// Suppression of small cells: counts below the minimum cell size never appear, rates on small
// denominators are not shown, and the rule follows the configured threshold.
#include "xjslink/report/disclosure.hpp"

#include <gtest/gtest.h>

#include "xjslink/report/svg.hpp"

namespace xjslink::report {
namespace {

TEST(ReportSuppression, CountsBelowTheMinimumCellAreSuppressed) {
  const Disclosure d;  // default 10
  EXPECT_EQ(d.min_cell(), 10u);
  EXPECT_EQ(d.count(0), "<10");
  EXPECT_EQ(d.count(1), "<10");
  EXPECT_EQ(d.count(9), "<10");
  EXPECT_EQ(d.count(10), "10");
  EXPECT_EQ(d.count(1234567), "1,234,567");
  EXPECT_TRUE(d.suppressed(9));
  EXPECT_FALSE(d.suppressed(10));
}

TEST(ReportSuppression, RatesNeedALargeEnoughDenominator) {
  const Disclosure d(10);
  EXPECT_EQ(d.rate(3, 9), "–");
  EXPECT_EQ(d.rate(9, 10), "90.0%");
  EXPECT_EQ(d.rate(1, 3, 2), "–");
  EXPECT_EQ(d.rate(2, 2000, 2), "0.10%");
  EXPECT_EQ(d.rate(std::optional<double>(0.5), 100), "50.0%");
  EXPECT_EQ(d.rate(std::optional<double>(), 100), "–");
  EXPECT_EQ(d.rate(0, 0), "–");
}

TEST(ReportSuppression, ThresholdIsConfigurable) {
  const Disclosure five(5);
  EXPECT_EQ(five.count(5), "5");
  EXPECT_EQ(five.count(4), "<5");
  const Disclosure none(0);
  EXPECT_EQ(none.count(0), "0");
  EXPECT_EQ(none.count(3), "3");
}

TEST(ReportSvg, EscapesTextAndFormatsNumbers) {
  EXPECT_EQ(escape_xml("<a href=\"x\">O'Neil & co</a>"),
            "&lt;a href=&quot;x&quot;&gt;O&#39;Neil &amp; co&lt;/a&gt;");
  EXPECT_EQ(format_count(0), "0");
  EXPECT_EQ(format_count(999), "999");
  EXPECT_EQ(format_count(1000), "1,000");
  EXPECT_EQ(format_fixed(-0.0001, 2), "0.00");
  EXPECT_EQ(format_tick(25000), "25k");
  EXPECT_EQ(format_tick(-2), "−2");
}

}  // namespace
}  // namespace xjslink::report
