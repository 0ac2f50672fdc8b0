// File: report/charts.hpp
// The report's charts as inline SVG, each a pure function of plain data: axes with ticks and
// labels (units in the label), a legend where there is more than one series, a <title> per
// chart and per mark (hover text), and suppressed counts (below the minimum cell size) drawn
// as hatched marks at the threshold height, never at their true height.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "xjslink/report/disclosure.hpp"

namespace xjslink::report {

struct ChartFrame {
  std::string id;     // element id of the <svg>
  std::string title;  // accessible name
  std::string x_label;
  std::string y_label;
  int width = 880;
  int height = 320;  // some charts size themselves to their rows
  // Width of the row-label column of row charts (bar, waterfall, rate, forest); 0 = fit the
  // labels. Give the same width to charts shown one under another so that they line up.
  double label_width = 0;
};

// A vertical marker line at x with a label.
struct Marker {
  double x = 0;
  std::string label;
};

// Horizontal bars from zero (positive right, negative left), in groups with a heading row:
// the match weight of every comparison level, or stage timings.
struct BarRow {
  std::string group;  // rows of one group are consecutive; "" = no heading
  std::string label;
  double value = 0;
  std::string value_text;  // shown at the bar's end; default: signed value with 2 decimals
  std::string tooltip;
  std::string css_class;  // default: bar-pos / bar-neg by sign
};
std::string bar_chart(const ChartFrame& frame, const std::vector<BarRow>& rows);

// A histogram over numeric bins, with an optional highlighted part of each bin drawn in front
// (e.g. the false matches among the scored pairs). Log count axis when counts span > 2 decades.
struct HistogramBin {
  double x0 = 0;
  double x1 = 0;
  std::uint64_t count = 0;
  std::optional<std::uint64_t> highlighted;
};
struct HistogramLegend {
  std::string count_name;      // e.g. "scored pairs"
  std::string highlight_name;  // e.g. "false matches (truth)"; "" = none
  std::string unit;            // what is counted, for hover text: "pairs"
};
std::string histogram_chart(const ChartFrame& frame, const std::vector<HistogramBin>& bins,
                            const std::vector<Marker>& markers, const HistogramLegend& legend,
                            const Disclosure& disclosure);

// One pair's waterfall: the first step is the prior, then one step per comparison; the last
// bar is the final match weight. Rows are horizontal so that level labels stay readable.
struct WaterfallStep {
  std::string label;
  double delta = 0;
  std::string tooltip;
};
std::string waterfall_chart(const ChartFrame& frame, const std::vector<WaterfallStep>& steps,
                            double final_probability);

// Counts per category as columns (cluster sizes), annotated with the (suppressed) count.
struct CountColumn {
  std::string label;
  std::uint64_t count = 0;
};
std::string column_chart(const ChartFrame& frame, const std::vector<CountColumn>& columns,
                         const Disclosure& disclosure);

// Lines over a numeric x axis (threshold curves, precision against recall).
struct LineSeries {
  std::string name;
  std::string css_class;  // series-0, series-1, ...
  std::vector<std::pair<double, double>> points;
  bool dashed = false;
  bool dots = false;
};
struct LineDomain {
  double x0 = 0, x1 = 1, y0 = 0, y1 = 1;
  bool percent_y = false;  // y ticks as percentages
  bool percent_x = false;
};
std::string line_chart(const ChartFrame& frame, const std::vector<LineSeries>& series,
                       const LineDomain& domain, const std::vector<Marker>& markers);

// Rates in [0, 1] per row and series as horizontal bars (linkage rates by source dataset).
struct RateRow {
  std::string label;
  std::vector<std::optional<double>> rates;  // per series; none = not shown (suppressed)
  std::vector<std::string> tooltips;
};
std::string rate_chart(const ChartFrame& frame, const std::vector<std::string>& series,
                       const std::vector<RateRow>& rows);

// A forest plot: each group's rate with its interval, the overall rate and the flag line
// (overall - margin); flagged groups are marked.
struct ForestRow {
  std::string label;
  double value = 0;
  double low = 0;
  double high = 0;
  bool flagged = false;
  std::string tooltip;
};
std::string forest_chart(const ChartFrame& frame, const std::vector<ForestRow>& rows,
                         double overall, double margin);

// A reliability diagram on the log-odds scale (log2(p / (1 − p)), the match weight), where the
// bins near 1 that hold most links lie as far apart as the deciles: x = a bin's mean predicted
// probability, y = its observed precision with its interval; the diagonal is perfect
// calibration. Ticks are labelled as probabilities. An observed precision of 0 or 1 (infinite
// log-odds) is drawn at the edge of the plot as an open circle.
struct ReliabilityPoint {
  double predicted = 0;  // mean predicted match probability of the bin
  double observed = 0;   // observed precision
  double low = 0;        // its interval
  double high = 0;
  std::string tooltip;
};
std::string reliability_chart(const ChartFrame& frame, const std::vector<ReliabilityPoint>& points);

}  // namespace xjslink::report
