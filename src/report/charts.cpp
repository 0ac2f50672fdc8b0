// File: report/charts.cpp
// Layout is in pixels of the SVG's own coordinate system (the page scales the SVG to fit).
// Text widths are estimated at 6.6 px per character of 12 px sans-serif, which is enough to
// size label columns.
#include "xjslink/report/charts.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "xjslink/report/axis.hpp"
#include "xjslink/report/svg.hpp"

namespace xjslink::report {
namespace {

constexpr double kCharWidth = 6.6;

struct Plot {
  double left, right, top, bottom;
};

std::string signed_text(double v, int digits) {
  const std::string s = format_fixed(v, digits);
  return (v > 0 && s.find_first_of("123456789") != std::string::npos ? "+" : "") + s;
}

std::string percent_tick(double t) {
  return format_tick(std::round(t * 1000) / 10) + "%";
}

double text_width(const std::string& s) {
  // Count code points, not bytes.
  std::size_t n = 0;
  for (const unsigned char c : s)
    n += (c & 0xC0) != 0x80 ? 1 : 0;
  return static_cast<double>(n) * kCharWidth;
}

std::vector<double> ticks_within(double lo, double hi, int target) {
  std::vector<double> out;
  for (const double t : nice_range(lo, hi, target).ticks) {
    if (t >= lo - 1e-9 * std::abs(hi - lo) && t <= hi + 1e-9 * std::abs(hi - lo)) {
      out.push_back(t);
    }
  }
  return out;
}

void x_axis(Svg& s, const Scale& x, const std::vector<double>& ticks, const Plot& p,
            const std::string& label, bool grid, bool percent = false) {
  for (const double t : ticks) {
    const double X = x(t);
    if (grid) s.line(X, p.top, X, p.bottom, "grid");
    s.line(X, p.bottom, X, p.bottom + 4, "axis");
    s.text(X, p.bottom + 16, percent ? percent_tick(t) : format_tick(t), "tick", "middle");
  }
  s.line(p.left, p.bottom, p.right, p.bottom, "axis");
  s.text((p.left + p.right) / 2, p.bottom + 34, label, "axis-label", "middle");
}

void y_axis(Svg& s, const Scale& y, const std::vector<double>& ticks, const Plot& p,
            const std::string& label, bool grid, bool percent = false) {
  for (const double t : ticks) {
    const double Y = y(t);
    if (grid) s.line(p.left, Y, p.right, Y, "grid");
    s.line(p.left - 4, Y, p.left, Y, "axis");
    s.text(p.left - 7, Y + 4, percent ? percent_tick(t) : format_tick(t), "tick", "end");
  }
  s.line(p.left, p.top, p.left, p.bottom, "axis");
  s.text(16, (p.top + p.bottom) / 2, label, "axis-label", "middle", -90);
}

// Legend entries (css class of the swatch, text) laid out left to right from x at height y.
struct LegendItem {
  std::string css_class;
  std::string text;
  std::string pattern;  // hatch pattern id, or empty
  bool line = false;    // a line swatch instead of a square
  bool dot = false;     // a dot swatch
};

void legend(Svg& s, double x, double y, const std::vector<LegendItem>& items) {
  for (const LegendItem& item : items) {
    if (item.dot) {
      s.circle(x + 6, y - 4, 4.5, item.css_class);
      x += 17;
    } else if (item.line) {
      s.line(x, y - 4, x + 18, y - 4, item.css_class);
      x += 24;
    } else {
      s.rect(x, y - 10, 12, 12, item.css_class, {}, item.pattern);
      x += 17;
    }
    s.text(x, y, item.text, "legend", "start");
    x += text_width(item.text) + 18;
  }
}

}  // namespace

std::string bar_chart(const ChartFrame& f, const std::vector<BarRow>& rows) {
  constexpr double kRow = 20, kHead = 24;
  double label_w = 120;
  double lo = 0, hi = 0, height = 14;
  std::string group = "\x01";
  for (const BarRow& r : rows) {
    label_w = std::max(label_w, text_width(r.label) + 24);
    lo = std::min(lo, r.value);
    hi = std::max(hi, r.value);
    if (r.group != group) {
      group = r.group;
      if (!r.group.empty()) height += kHead;
    }
    height += kRow;
  }
  label_w = f.label_width > 0 ? f.label_width : std::min(label_w, f.width * 0.45);
  const Plot p{label_w, f.width - 64.0, 14, height};
  Svg s(f.id, f.width, static_cast<int>(height + 48), f.title);
  const NiceRange r = nice_range(lo, hi, 8);
  const Scale x(r.low, r.high, p.left, p.right);
  x_axis(s, x, r.ticks, p, f.x_label, true);
  s.line(x(0), p.top - 6, x(0), p.bottom, "zero");
  double y = p.top;
  group = "\x01";
  for (const BarRow& row : rows) {
    if (row.group != group) {
      group = row.group;
      if (!row.group.empty()) {
        s.text(6, y + 17, row.group, "group-label");
        s.line(6, y + 22, p.right, y + 22, "group-rule");
        y += kHead;
      }
    }
    const std::string cls =
        !row.css_class.empty() ? row.css_class : (row.value >= 0 ? "bar-pos" : "bar-neg");
    s.rect(x(0), y + 4, x(row.value) - x(0), 12, cls, row.tooltip);
    s.text(label_w - 8, y + 14, row.label, "row-label", "end");
    const std::string text = row.value_text.empty() ? signed_text(row.value, 2) : row.value_text;
    // Negative values are labelled left of the bar, unless that would run into the labels.
    if (row.value >= 0 || x(row.value) - 4 - text_width(text) < label_w) {
      s.text(std::max(x(row.value), x(0)) + 4, y + 14, text, "value-label", "start");
    } else {
      s.text(x(row.value) - 4, y + 14, text, "value-label", "end");
    }
    y += kRow;
  }
  return s.str();
}

std::string histogram_chart(const ChartFrame& f, const std::vector<HistogramBin>& bins,
                            const std::vector<Marker>& markers, const HistogramLegend& legend_text,
                            const Disclosure& disclosure) {
  const Plot p{70, f.width - 20.0, 40, f.height - 48.0};
  Svg s(f.id, f.width, f.height, f.title);
  const auto shown = [&](std::uint64_t c) -> double {
    if (c == 0) return 0;
    return static_cast<double>(disclosure.suppressed(c) ? disclosure.min_cell() : c);
  };
  double max_count = 1, min_count = 1e300, x_lo = 0, x_hi = 1;
  if (!bins.empty()) {
    x_lo = bins.front().x0;
    x_hi = bins.back().x1;
  }
  for (const HistogramBin& b : bins) {
    for (const double c : {shown(b.count), shown(b.highlighted.value_or(0))}) {
      if (c <= 0) continue;
      max_count = std::max(max_count, c);
      min_count = std::min(min_count, c);
    }
  }
  for (const Marker& m : markers) {
    x_lo = std::min(x_lo, m.x);
    x_hi = std::max(x_hi, m.x);
  }
  const bool log_y = min_count < 1e300 && max_count / min_count > 100;
  const NiceRange xr = nice_range(x_lo, x_hi, 10);
  const Scale x(xr.low, xr.high, p.left, p.right);
  std::vector<double> y_ticks;
  double y_floor;
  Scale y(0, 1, p.bottom, p.top);
  if (log_y) {
    y_floor = 0.5;
    const double top = std::pow(10.0, std::ceil(std::log10(max_count * 1.05)));
    y = Scale(y_floor, top, p.bottom, p.top, true);
    y_ticks = log_ticks(1, top);
  } else {
    y_floor = 0;
    const NiceRange yr = nice_range(0, max_count, 6);
    y = Scale(0, yr.high, p.bottom, p.top);
    y_ticks = yr.ticks;
  }
  std::string y_label = f.y_label + (log_y ? " (log scale)" : "");
  x_axis(s, x, xr.ticks, p, f.x_label, false);
  y_axis(s, y, y_ticks, p, y_label, true);

  const std::string hatch = s.hatch_pattern();
  const std::string hatch_highlight = s.hatch_pattern("-hl");
  bool any_suppressed = false;
  for (const HistogramBin& b : bins) {
    if (b.count == 0) continue;
    const double x0 = x(b.x0) + 0.6, w = std::max(0.8, x(b.x1) - x(b.x0) - 1.2);
    std::string tip = "match weight " + format_fixed(b.x0, 1) + " to " + format_fixed(b.x1, 1) +
                      " bits: " + disclosure.count(b.count) + " " + legend_text.unit;
    if (b.highlighted) {
      tip += ", of which " + disclosure.count(*b.highlighted) + " " + legend_text.highlight_name;
    }
    const bool sup = disclosure.suppressed(b.count);
    any_suppressed = any_suppressed || sup;
    s.rect(x0, y(shown(b.count)), w, y(y_floor) - y(shown(b.count)),
           sup ? "bar-main suppressed" : "bar-main", tip, sup ? hatch : "");
    if (b.highlighted && *b.highlighted > 0) {
      const bool hs = disclosure.suppressed(*b.highlighted);
      any_suppressed = any_suppressed || hs;
      const double inset = w * 0.22;
      s.rect(x0 + inset, y(shown(*b.highlighted)), w - 2 * inset,
             y(y_floor) - y(shown(*b.highlighted)),
             hs ? "bar-highlight suppressed" : "bar-highlight", tip, hs ? hatch_highlight : "");
    }
  }
  for (std::size_t i = 0; i < markers.size(); ++i) {
    const double X = x(markers[i].x);
    s.line(X, p.top, X, p.bottom, "marker");
    const bool right = X < (p.left + p.right) / 2;
    s.text(X + (right ? 5 : -5), p.top + 14 + 15 * static_cast<double>(i), markers[i].label,
           "marker-label", right ? "start" : "end");
  }
  std::vector<LegendItem> items = {{"bar-main", legend_text.count_name, {}, false}};
  if (!legend_text.highlight_name.empty()) {
    items.push_back({"bar-highlight", legend_text.highlight_name, {}, false});
  }
  if (any_suppressed) {
    items.push_back({"bar-main suppressed",
                     "fewer than " + format_count(disclosure.min_cell()) +
                         " (suppressed; drawn at " + format_count(disclosure.min_cell()) + ")",
                     hatch, false});
  }
  legend(s, p.left, 18, items);
  return s.str();
}

std::string waterfall_chart(const ChartFrame& f, const std::vector<WaterfallStep>& steps,
                            double final_probability) {
  constexpr double kRow = 24;
  double label_w = 120;
  for (const WaterfallStep& st : steps)
    label_w = std::max(label_w, text_width(st.label) + 24);
  label_w = f.label_width > 0 ? f.label_width : std::min(label_w, f.width * 0.45);
  std::vector<double> cum = {0};
  for (const WaterfallStep& st : steps)
    cum.push_back(cum.back() + st.delta);
  const double total = cum.back();
  const double height = 10 + kRow * static_cast<double>(steps.size() + 1);
  const Plot p{label_w, f.width - 150.0, 10, height};
  Svg s(f.id, f.width, static_cast<int>(height + 48), f.title);
  const NiceRange r = nice_range(*std::min_element(cum.begin(), cum.end()),
                                 *std::max_element(cum.begin(), cum.end()), 8);
  const Scale x(r.low, r.high, p.left, p.right);
  x_axis(s, x, r.ticks, p, f.x_label, true);
  s.line(x(0), p.top - 4, x(0), p.bottom, "zero");
  double y = p.top;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const double a = cum[i], b = cum[i + 1];
    const std::string cls = i == 0 ? "bar-prior" : (b >= a ? "bar-pos" : "bar-neg");
    s.rect(x(a), y + 5, std::abs(x(b) - x(a)) < 1 ? (b >= a ? 1 : -1) : x(b) - x(a), 14, cls,
           steps[i].tooltip);
    s.text(label_w - 8, y + 16, steps[i].label, "row-label", "end");
    const std::string text = signed_text(steps[i].delta, 2);
    if (b >= a || std::min(x(a), x(b)) - 4 - text_width(text) < label_w) {
      s.text(std::max(x(a), x(b)) + 4, y + 16, text, "value-label", "start");
    } else {
      s.text(std::min(x(a), x(b)) - 4, y + 16, text, "value-label", "end");
    }
    s.line(x(b), y + 19, x(b), y + kRow + 5, "connector");
    y += kRow;
  }
  s.rect(x(0), y + 5, x(total) - x(0), 14, "bar-total",
         "final match weight " + format_fixed(total, 2) + " bits");
  s.text(label_w - 8, y + 16, "final match weight", "row-label strong", "end");
  s.text(std::max(x(0), x(total)) + 6, y + 16,
         "= " + format_fixed(total, 2) + " bits, p " +
             (final_probability > 0.99995 && final_probability < 1
                  ? std::string("> 0.9999")
                  : "= " + format_fixed(final_probability, 4)),
         "value-label strong", "start");
  return s.str();
}

std::string column_chart(const ChartFrame& f, const std::vector<CountColumn>& columns,
                         const Disclosure& disclosure) {
  const bool rotate = columns.size() > 16;
  const Plot p{70, f.width - 20.0, 30, f.height - (rotate ? 70.0 : 48.0)};
  Svg s(f.id, f.width, f.height, f.title);
  const auto shown = [&](std::uint64_t c) -> double {
    if (c == 0) return 0;
    return static_cast<double>(disclosure.suppressed(c) ? disclosure.min_cell() : c);
  };
  double max_count = 1, min_count = 1e300;
  for (const CountColumn& c : columns) {
    if (c.count == 0) continue;
    max_count = std::max(max_count, shown(c.count));
    min_count = std::min(min_count, shown(c.count));
  }
  const bool log_y = min_count < 1e300 && max_count / min_count > 100;
  Scale y(0, 1, p.bottom, p.top);
  std::vector<double> y_ticks;
  double y_floor = 0;
  if (log_y) {
    y_floor = 0.5;
    const double top = std::pow(10.0, std::ceil(std::log10(max_count * 1.6)));
    y = Scale(y_floor, top, p.bottom, p.top, true);
    y_ticks = log_ticks(1, top);
  } else {
    const NiceRange yr = nice_range(0, max_count * 1.1, 6);
    y = Scale(0, yr.high, p.bottom, p.top);
    y_ticks = yr.ticks;
  }
  y_axis(s, y, y_ticks, p, f.y_label + (log_y ? " (log scale)" : ""), true);
  s.line(p.left, p.bottom, p.right, p.bottom, "axis");
  const double band = (p.right - p.left) / std::max<std::size_t>(1, columns.size());
  const std::string hatch = s.hatch_pattern();
  bool any_suppressed = false;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const CountColumn& c = columns[i];
    const double cx = p.left + band * (static_cast<double>(i) + 0.5);
    const double w = std::clamp(band * 0.7, 2.0, 56.0);
    const std::string count_text = disclosure.count(c.count);
    if (c.count > 0) {
      const bool sup = disclosure.suppressed(c.count);
      any_suppressed = any_suppressed || sup;
      s.rect(cx - w / 2, y(shown(c.count)), w, y(y_floor) - y(shown(c.count)),
             sup ? "bar-main suppressed" : "bar-main",
             f.x_label + " " + c.label + ": " + count_text + " " + f.y_label, sup ? hatch : "");
    }
    if (!rotate || band > 26) {
      s.text(cx, y(std::max(shown(c.count), y_floor)) - 4, count_text, "value-label", "middle");
    }
    if (rotate) {
      s.text(cx + 3, p.bottom + 12, c.label, "tick", "end", -45);
    } else {
      s.text(cx, p.bottom + 16, c.label, "tick", "middle");
    }
  }
  s.text((p.left + p.right) / 2, f.height - 8.0, f.x_label, "axis-label", "middle");
  if (any_suppressed) {
    legend(s, p.left, 16,
           {{"bar-main suppressed",
             "fewer than " + format_count(disclosure.min_cell()) + " (suppressed; drawn at " +
                 format_count(disclosure.min_cell()) + ")",
             hatch, false}});
  }
  return s.str();
}

std::string line_chart(const ChartFrame& f, const std::vector<LineSeries>& series,
                       const LineDomain& d, const std::vector<Marker>& markers) {
  const Plot p{70, f.width - 24.0, 36, f.height - 48.0};
  Svg s(f.id, f.width, f.height, f.title);
  const Scale x(d.x0, d.x1, p.left, p.right);
  const Scale y(d.y0, d.y1, p.bottom, p.top);
  x_axis(s, x, ticks_within(d.x0, d.x1, 10), p, f.x_label, true, d.percent_x);
  y_axis(s, y, ticks_within(d.y0, d.y1, 6), p, f.y_label, true, d.percent_y);
  for (std::size_t i = 0; i < markers.size(); ++i) {
    const double X = x(markers[i].x);
    s.line(X, p.top, X, p.bottom, "marker");
    const bool right = X < (p.left + p.right) / 2;
    s.text(X + (right ? 5 : -5), p.bottom - 8 - 15 * static_cast<double>(i), markers[i].label,
           "marker-label", right ? "start" : "end");
  }
  std::vector<LegendItem> items;
  for (const LineSeries& ls : series) {
    std::vector<std::pair<double, double>> pts;
    for (const auto& [px, py] : ls.points) {
      if (!std::isfinite(px) || !std::isfinite(py)) continue;
      pts.emplace_back(x(std::clamp(px, d.x0, d.x1)), y(std::clamp(py, d.y0, d.y1)));
    }
    const std::string cls = "line " + ls.css_class + (ls.dashed ? " dashed" : "");
    if (pts.size() > 1) s.polyline(pts, cls);
    const bool single = ls.points.size() == 1;
    if (ls.dots || single) {
      for (const auto& [px, py] : pts)
        s.circle(px, py, single ? 5 : 2.6, "dot " + ls.css_class);
    }
    items.push_back({single ? "dot " + ls.css_class : cls, ls.name, {}, !single, single});
  }
  legend(s, p.left, 18, items);
  return s.str();
}

std::string rate_chart(const ChartFrame& f, const std::vector<std::string>& series,
                       const std::vector<RateRow>& rows) {
  const double bar = 12, gap = 3;
  const double row_h = 12 + static_cast<double>(series.size()) * (bar + gap);
  double label_w = 120;
  for (const RateRow& r : rows)
    label_w = std::max(label_w, text_width(r.label) + 24);
  label_w = f.label_width > 0 ? f.label_width : std::min(label_w, f.width * 0.4);
  const double height = 34 + row_h * static_cast<double>(rows.size());
  const Plot p{label_w, f.width - 70.0, 34, height};
  Svg s(f.id, f.width, static_cast<int>(height + 48), f.title);
  const Scale x(0, 1, p.left, p.right);
  x_axis(s, x, nice_range(0, 1, 6).ticks, p, f.x_label, true, true);
  double y = p.top + 6;
  for (const RateRow& r : rows) {
    s.text(label_w - 8, y + (row_h - 12) / 2 + 4, r.label, "row-label", "end");
    for (std::size_t k = 0; k < series.size(); ++k) {
      const double top = y + static_cast<double>(k) * (bar + gap);
      const bool has = k < r.rates.size() && r.rates[k].has_value();
      const double v = has ? r.rates[k].value_or(0.0) : 0.0;
      const std::string tip = k < r.tooltips.size() ? r.tooltips[k] : std::string();
      if (has) {
        s.rect(x(0), top, x(v) - x(0), bar, "series-" + std::to_string(k), tip);
        s.text(x(v) + 4, top + 10, format_fixed(v * 100, 1) + "%", "value-label");
      } else {
        s.text(x(0) + 4, top + 10, "– (suppressed)", "value-label muted");
      }
    }
    y += row_h;
  }
  std::vector<LegendItem> items;
  for (std::size_t k = 0; k < series.size(); ++k) {
    items.push_back({"series-" + std::to_string(k), series[k], {}, false});
  }
  legend(s, p.left, 18, items);
  return s.str();
}

std::string forest_chart(const ChartFrame& f, const std::vector<ForestRow>& rows, double overall,
                         double margin) {
  constexpr double kRow = 22;
  double label_w = 100;
  double lo = overall - margin;
  for (const ForestRow& r : rows) {
    label_w = std::max(label_w, text_width(r.label) + 24);
    lo = std::min(lo, r.low);
  }
  label_w = f.label_width > 0 ? f.label_width : std::min(label_w, f.width * 0.35);
  lo = std::max(0.0, std::floor((lo - 0.01) * 20) / 20);  // down to a multiple of 5%
  const double height = 36 + kRow * static_cast<double>(std::max<std::size_t>(1, rows.size()));
  const Plot p{label_w, f.width - 110.0, 36, height};
  Svg s(f.id, f.width, static_cast<int>(height + 48), f.title);
  const Scale x(lo, 1, p.left, p.right);
  x_axis(s, x, ticks_within(lo, 1, 8), p, f.x_label, true, true);
  s.line(x(overall), p.top - 4, x(overall), p.bottom, "overall");
  s.line(x(overall - margin), p.top - 4, x(overall - margin), p.bottom, "flag-line");
  double y = p.top;
  for (const ForestRow& r : rows) {
    const double cy = y + kRow / 2;
    s.text(label_w - 8, cy + 4, r.label, "row-label", "end");
    s.line(x(r.low), cy, x(r.high), cy, r.flagged ? "whisker flagged" : "whisker");
    s.line(x(r.low), cy - 4, x(r.low), cy + 4, r.flagged ? "whisker flagged" : "whisker");
    s.line(x(r.high), cy - 4, x(r.high), cy + 4, r.flagged ? "whisker flagged" : "whisker");
    s.circle(x(r.value), cy, 4.2, r.flagged ? "dot flagged" : "dot", r.tooltip);
    s.text(p.right + 8, cy + 4,
           format_fixed(r.value * 100, 1) + "%" + (r.flagged ? "  ⚑ flagged" : ""),
           r.flagged ? "value-label flagged-text" : "value-label", "start");
    y += kRow;
  }
  legend(s, p.left, 18,
         {{"dot", "group (95% Wilson interval)", {}, false, true},
          {"overall", "overall " + format_fixed(overall * 100, 1) + "%", {}, true},
          {"flag-line",
           "flag line: overall − " + format_fixed(margin * 100, 1) + " points",
           {},
           true}});
  return s.str();
}

namespace {

// log2(p / (1 - p)), ±infinity at 0 and 1.
double log_odds(double p) {
  if (p <= 0) return -std::numeric_limits<double>::infinity();
  if (p >= 1) return std::numeric_limits<double>::infinity();
  return std::log2(p / (1 - p));
}

// Probability ticks of a log-odds axis and their labels.
const std::vector<std::pair<double, std::string>>& probability_ticks() {
  static const std::vector<std::pair<double, std::string>> ticks = {{1e-6, "0.0001%"},
                                                                    {1e-5, "0.001%"},
                                                                    {1e-4, "0.01%"},
                                                                    {1e-3, "0.1%"},
                                                                    {0.01, "1%"},
                                                                    {0.1, "10%"},
                                                                    {0.5, "50%"},
                                                                    {0.9, "90%"},
                                                                    {0.99, "99%"},
                                                                    {0.999, "99.9%"},
                                                                    {0.9999, "99.99%"},
                                                                    {0.99999, "99.999%"},
                                                                    {0.999999, "99.9999%"},
                                                                    {0.9999999, "99.99999%"},
                                                                    {0.99999999, "99.999999%"}};
  return ticks;
}

}  // namespace

std::string reliability_chart(const ChartFrame& f, const std::vector<ReliabilityPoint>& points) {
  const Plot p{78, f.width - 24.0, 36, f.height - 52.0};
  Svg s(f.id, f.width, f.height, f.title);
  // The domain covers every finite value, a bit wider, and at least 4 bits.
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (const ReliabilityPoint& pt : points) {
    for (const double v : {pt.predicted, pt.observed, pt.low, pt.high}) {
      const double w = log_odds(v);
      if (!std::isfinite(w)) continue;
      lo = std::min(lo, w);
      hi = std::max(hi, w);
    }
  }
  if (!std::isfinite(lo)) {
    lo = 0;
    hi = 10;
  }
  lo = std::floor(lo) - 1;
  hi = std::ceil(hi) + 1;
  if (hi - lo < 4) hi = lo + 4;
  const Scale x(lo, hi, p.left, p.right);
  const Scale y(lo, hi, p.bottom, p.top);
  const auto clamp = [&](double v) { return std::clamp(log_odds(v), lo, hi); };
  for (const auto& [prob, label] : probability_ticks()) {
    const double w = log_odds(prob);
    if (w < lo || w > hi) continue;
    s.line(x(w), p.top, x(w), p.bottom, "grid");
    s.line(x(w), p.bottom, x(w), p.bottom + 4, "axis");
    s.text(x(w), p.bottom + 16, label, "tick", "middle");
    s.line(p.left, y(w), p.right, y(w), "grid");
    s.line(p.left - 4, y(w), p.left, y(w), "axis");
    s.text(p.left - 7, y(w) + 4, label, "tick", "end");
  }
  s.line(p.left, p.bottom, p.right, p.bottom, "axis");
  s.line(p.left, p.top, p.left, p.bottom, "axis");
  s.text((p.left + p.right) / 2, p.bottom + 36, f.x_label, "axis-label", "middle");
  s.text(16, (p.top + p.bottom) / 2, f.y_label, "axis-label", "middle", -90);
  s.line(x(lo), y(lo), x(hi), y(hi), "diagonal");
  bool any_clamped = false;
  for (const ReliabilityPoint& pt : points) {
    const double X = x(clamp(pt.predicted));
    s.line(X, y(clamp(pt.low)), X, y(clamp(pt.high)), "whisker");
    const bool clamped = !std::isfinite(log_odds(pt.observed));
    any_clamped = any_clamped || clamped;
    s.circle(X, y(clamp(pt.observed)), 4.2, clamped ? "dot clamped" : "dot", pt.tooltip);
  }
  std::vector<LegendItem> items = {
      {"dot", "bin: observed precision (95% Wilson interval)", {}, false, true},
      {"diagonal", "perfect calibration", {}, true}};
  if (any_clamped) {
    items.push_back({"dot clamped", "observed 0% or 100% (drawn at the edge)", {}, false, true});
  }
  legend(s, p.left, 18, items);
  return s.str();
}

}  // namespace xjslink::report
