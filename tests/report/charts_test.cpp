// File: report/charts_test.cpp
// Chart structure: nice axes, suppressed marks drawn hatched at the threshold height (never at
// their true height), labels and legends present, values escaped.
#include "xjslink/report/charts.hpp"

#include <gtest/gtest.h>

#include <regex>

#include "xjslink/report/axis.hpp"

namespace xjslink::report {
namespace {

int occurrences(const std::string& text, const std::string& what) {
  int n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
    ++n;
  return n;
}

TEST(ReportAxis, NiceRangesAndLogTicks) {
  // Heckbert: span 24.3 -> 50, step 50 / 7 -> 10 (7.1 rounds to 10).
  const NiceRange r = nice_range(-12.03, 12.27, 8);
  EXPECT_DOUBLE_EQ(r.step, 10);
  EXPECT_DOUBLE_EQ(r.low, -20);
  EXPECT_DOUBLE_EQ(r.high, 20);
  EXPECT_EQ(r.ticks, (std::vector<double>{-20, -10, 0, 10, 20}));
  const NiceRange z = nice_range(0, 0.87, 6);
  EXPECT_DOUBLE_EQ(z.step, 0.2);
  EXPECT_DOUBLE_EQ(z.high, 1.0);
  EXPECT_EQ(log_ticks(0.5, 20000), (std::vector<double>{1, 10, 100, 1000, 10000}));
  const Scale s(1, 1000, 0, 300, true);
  EXPECT_DOUBLE_EQ(s(10), 100);
}

TEST(ReportCharts, HistogramDrawsSmallBinsHatchedAtTheThreshold) {
  ChartFrame f{"h", "title", "match weight (bits)", "pairs", 800, 300};
  const std::vector<HistogramBin> bins = {
      {0, 1, 3, std::nullopt}, {1, 2, 500, std::nullopt}, {2, 3, 10, std::nullopt}};
  const std::string svg =
      histogram_chart(f, bins, {{0.5, "threshold"}}, {"pairs", "", "pairs"}, Disclosure(10));
  EXPECT_EQ(occurrences(svg, "bar-main suppressed"), 2);  // the bar and the legend swatch
  EXPECT_NE(svg.find("fill:url(#h-hatch)"), std::string::npos);
  EXPECT_NE(svg.find("&lt;10 pairs"), std::string::npos);  // hover text
  EXPECT_EQ(svg.find(": 3 pairs"), std::string::npos);     // never the true count
  // The suppressed bar (3) and the bar of 10 have the same height.
  const std::regex rect(
      "<rect x=\"[^\"]+\" y=\"([^\"]+)\" width=\"[^\"]+\" height=\"([^\"]+)\" "
      "class=\"bar-main[^\"]*\"");
  std::vector<std::string> heights;
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), rect); it != std::sregex_iterator();
       ++it) {
    heights.push_back((*it)[2]);
  }
  ASSERT_GE(heights.size(), 3u);
  EXPECT_EQ(heights[0], heights[2]);
  EXPECT_NE(svg.find("match weight (bits)"), std::string::npos);
  EXPECT_NE(svg.find(">threshold<"), std::string::npos);
}

TEST(ReportCharts, BarChartEscapesLabelsAndShowsSignedValues) {
  ChartFrame f{"b", "weights", "match weight (bits)", "", 800, 0};
  const std::string svg = bar_chart(f, {{"name", "<script>alert(1)</script>", 7.5, {}, {}, {}},
                                        {"name", "all other", -2.25, {}, {}, {}}});
  EXPECT_EQ(svg.find("<script>"), std::string::npos);
  EXPECT_NE(svg.find("&lt;script&gt;"), std::string::npos);
  EXPECT_NE(svg.find("+7.50"), std::string::npos);
  EXPECT_NE(svg.find("−2.25"), std::string::npos);
  EXPECT_NE(svg.find("class=\"bar-pos\""), std::string::npos);
  EXPECT_NE(svg.find("class=\"bar-neg\""), std::string::npos);
  EXPECT_NE(svg.find(">name<"), std::string::npos);  // the group heading
}

TEST(ReportCharts, WaterfallEndsAtTheSumOfItsSteps) {
  ChartFrame f{"w", "waterfall", "cumulative match weight (bits)", "", 800, 0};
  const std::string svg = waterfall_chart(
      f, {{"prior", -10, {}}, {"name: exact", 7, {}}, {"dob: else", -2, {}}, {"ssn: exact", 9, {}}},
      0.9);
  EXPECT_NE(svg.find("= 4.00 bits, p = 0.9000"), std::string::npos);
  EXPECT_EQ(occurrences(svg, "class=\"bar-pos\""), 2);
  EXPECT_EQ(occurrences(svg, "class=\"bar-neg\""), 1);
  EXPECT_EQ(occurrences(svg, "class=\"bar-prior\""), 1);
  EXPECT_EQ(occurrences(svg, "class=\"bar-total\""), 1);
}

TEST(ReportCharts, ForestMarksFlaggedGroups) {
  ChartFrame f{"fo", "recall by group", "recall", "", 800, 0};
  const std::string svg = forest_chart(
      f, {{"a", 0.99, 0.98, 0.995, false, "a"}, {"b", 0.75, 0.69, 0.80, true, "b"}}, 0.9, 0.02);
  EXPECT_EQ(occurrences(svg, "dot flagged"), 1);
  EXPECT_NE(svg.find("⚑ flagged"), std::string::npos);
  EXPECT_NE(svg.find("class=\"flag-line\""), std::string::npos);
}

}  // namespace
}  // namespace xjslink::report
