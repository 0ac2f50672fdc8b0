// File: report/svg.cpp
#include "xjslink/report/svg.hpp"

#include <cmath>
#include <cstdio>

namespace xjslink::report {
namespace {

// Coordinates with two decimals: enough for a screen, and the same bytes on every run.
std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", std::abs(v) < 0.005 ? 0.0 : v);
  std::string s = buf;
  while (s.back() == '0')
    s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

std::string tooltip_element(std::string_view tooltip) {
  return tooltip.empty() ? std::string() : "<title>" + escape_xml(tooltip) + "</title>";
}

}  // namespace

std::string escape_xml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string format_fixed(double value, int digits) {
  if (!std::isfinite(value)) return value > 0 ? "∞" : (value < 0 ? "−∞" : "–");
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, value);
  std::string s = buf;
  if (s[0] == '-') {
    bool zero = true;
    for (const char c : s)
      zero = zero && (c == '-' || c == '0' || c == '.');
    // No "-0.00"; a typographic minus otherwise.
    s = zero ? s.substr(1) : "−" + s.substr(1);
  }
  return s;
}

std::string format_count(std::uint64_t count) {
  std::string digits = std::to_string(count);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string format_tick(double value) {
  const double a = std::abs(value);
  char buf[32];
  if (a >= 1e9) {
    std::snprintf(buf, sizeof buf, "%gG", value / 1e9);
  } else if (a >= 1e6) {
    std::snprintf(buf, sizeof buf, "%gM", value / 1e6);
  } else if (a >= 1e4) {
    std::snprintf(buf, sizeof buf, "%gk", value / 1e3);
  } else {
    std::snprintf(buf, sizeof buf, "%g", std::abs(value) < 1e-12 ? 0.0 : value);
  }
  std::string s = buf;
  if (s[0] == '-') s = "−" + s.substr(1);  // a typographic minus
  return s;
}

Svg::Svg(std::string id, int width, int height, std::string title, std::string description)
    : id_(std::move(id)),
      width_(width),
      height_(height),
      title_(std::move(title)),
      description_(std::move(description)) {}

void Svg::rect(double x, double y, double w, double h, std::string_view css_class,
               std::string_view tooltip, std::string_view pattern) {
  if (w < 0) {
    x += w;
    w = -w;
  }
  if (h < 0) {
    y += h;
    h = -h;
  }
  body_ += "<rect x=\"" + num(x) + "\" y=\"" + num(y) + "\" width=\"" + num(w) + "\" height=\"" +
           num(h) + "\" class=\"" + escape_xml(css_class) + "\"";
  // A style, not a fill attribute: the class's CSS fill would override an attribute.
  if (!pattern.empty()) body_ += " style=\"fill:url(#" + escape_xml(pattern) + ")\"";
  body_ += tooltip.empty() ? "/>" : ">" + tooltip_element(tooltip) + "</rect>";
}

void Svg::line(double x1, double y1, double x2, double y2, std::string_view css_class) {
  body_ += "<line x1=\"" + num(x1) + "\" y1=\"" + num(y1) + "\" x2=\"" + num(x2) + "\" y2=\"" +
           num(y2) + "\" class=\"" + escape_xml(css_class) + "\"/>";
}

void Svg::text(double x, double y, std::string_view content, std::string_view css_class,
               std::string_view anchor, double rotate_degrees) {
  body_ += "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\" class=\"" + escape_xml(css_class) +
           "\" text-anchor=\"" + escape_xml(anchor) + "\"";
  if (rotate_degrees != 0) {
    body_ += " transform=\"rotate(" + num(rotate_degrees) + " " + num(x) + " " + num(y) + ")\"";
  }
  body_ += ">" + escape_xml(content) + "</text>";
}

void Svg::polyline(const std::vector<std::pair<double, double>>& points,
                   std::string_view css_class) {
  body_ += "<polyline points=\"";
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (i > 0) body_ += ' ';
    body_ += num(points[i].first) + "," + num(points[i].second);
  }
  body_ += "\" class=\"" + escape_xml(css_class) + "\"/>";
}

void Svg::circle(double cx, double cy, double r, std::string_view css_class,
                 std::string_view tooltip) {
  body_ += "<circle cx=\"" + num(cx) + "\" cy=\"" + num(cy) + "\" r=\"" + num(r) + "\" class=\"" +
           escape_xml(css_class) + "\"";
  body_ += tooltip.empty() ? "/>" : ">" + tooltip_element(tooltip) + "</circle>";
}

std::string Svg::hatch_pattern(const std::string& variant) {
  const std::string pid = id_ + "-hatch" + variant;
  if (defs_.find("\"" + pid + "\"") == std::string::npos) {
    defs_ += "<pattern id=\"" + escape_xml(pid) +
             "\" patternUnits=\"userSpaceOnUse\" width=\"6\" height=\"6\" "
             "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" "
             "class=\"hatch-bg" +
             escape_xml(variant) +
             "\"/><line x1=\"0\" y1=\"0\" x2=\"0\" "
             "y2=\"6\" class=\"hatch-line" +
             escape_xml(variant) + "\"/></pattern>";
  }
  return pid;
}

std::string Svg::str() const {
  std::string out = "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"" + escape_xml(id_) +
                    "\" class=\"chart\" viewBox=\"0 0 " + std::to_string(width_) + " " +
                    std::to_string(height_) + "\" width=\"" + std::to_string(width_) +
                    "\" height=\"" + std::to_string(height_) +
                    "\" role=\"img\" aria-labelledby=\"" + escape_xml(id_) + "-title\">";
  out += "<title id=\"" + escape_xml(id_) + "-title\">" + escape_xml(title_) + "</title>";
  if (!description_.empty()) out += "<desc>" + escape_xml(description_) + "</desc>";
  if (!defs_.empty()) out += "<defs>" + defs_ + "</defs>";
  out += body_;
  out += "</svg>";
  return out;
}

}  // namespace xjslink::report
