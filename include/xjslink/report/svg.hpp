// File: report/svg.hpp
// A small writer of inline SVG (and the text formatting the report shares): elements are
// appended as markup with every text escaped, so no value can break out of an attribute or an
// element. Styling is by CSS class, defined once in the page.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace xjslink::report {

// Escapes &, <, >, " and ' for text and attribute values.
std::string escape_xml(std::string_view text);
std::string format_fixed(double value, int digits);
std::string format_count(std::uint64_t count);  // 1234567 -> "1,234,567"
// Short axis label for a number: 1500 -> "1.5k", 2e6 -> "2M", 0.25 -> "0.25".
std::string format_tick(double value);

class Svg {
 public:
  // id: the element id; title/description: accessible name and description.
  Svg(std::string id, int width, int height, std::string title, std::string description = {});

  // pattern: a pattern id (from hatch_pattern()) to fill with, or empty for the class's fill.
  void rect(double x, double y, double w, double h, std::string_view css_class,
            std::string_view tooltip = {}, std::string_view pattern = {});
  void line(double x1, double y1, double x2, double y2, std::string_view css_class);
  void text(double x, double y, std::string_view content, std::string_view css_class,
            std::string_view anchor = "start", double rotate_degrees = 0);
  void polyline(const std::vector<std::pair<double, double>>& points, std::string_view css_class);
  void circle(double cx, double cy, double r, std::string_view css_class,
              std::string_view tooltip = {});
  // Defines a diagonal hatch pattern (for suppressed cells) styled by the CSS classes
  // hatch-bg<variant> and hatch-line<variant>; returns its id.
  std::string hatch_pattern(const std::string& variant = {});
  // Appends markup built by the caller (must already be escaped).
  void raw(std::string_view markup) { body_ += markup; }

  const std::string& id() const { return id_; }
  int width() const { return width_; }
  int height() const { return height_; }
  std::string str() const;

 private:
  std::string id_;
  int width_;
  int height_;
  std::string title_;
  std::string description_;
  std::string defs_;
  std::string body_;
};

}  // namespace xjslink::report
