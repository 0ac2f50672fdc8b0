// File: report/axis.cpp
#include "xjslink/report/axis.hpp"

#include <algorithm>
#include <cmath>

namespace xjslink::report {
namespace {

// A nice number near x: 1, 2 or 5 times a power of ten (rounded, or the ceiling).
double nice_number(double x, bool round) {
  const double exponent = std::floor(std::log10(x));
  const double fraction = x / std::pow(10.0, exponent);
  double nice;
  if (round) {
    nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10;
  } else {
    nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  }
  return nice * std::pow(10.0, exponent);
}

}  // namespace

Scale::Scale(double d0, double d1, double r0, double r1, bool log)
    : d0_(d0), d1_(d1), r0_(r0), r1_(r1), log_(log) {}

double Scale::operator()(double value) const {
  double t;
  if (log_) {
    const double v = std::max(value, d0_);
    t = (std::log10(v) - std::log10(d0_)) / (std::log10(d1_) - std::log10(d0_));
  } else {
    t = d1_ == d0_ ? 0.5 : (value - d0_) / (d1_ - d0_);
  }
  return r0_ + t * (r1_ - r0_);
}

NiceRange nice_range(double low, double high, int target) {
  NiceRange r;
  if (!(high > low)) {
    // A single value: a unit range around it.
    const double pad = low == 0 ? 1 : std::abs(low) * 0.1;
    low -= pad;
    high += pad;
  }
  const double span = nice_number(high - low, false);
  r.step = nice_number(span / std::max(1, target - 1), true);
  r.low = std::floor(low / r.step) * r.step;
  r.high = std::ceil(high / r.step) * r.step;
  for (double t = r.low; t <= r.high + r.step * 1e-9; t += r.step) {
    r.ticks.push_back(std::abs(t) < r.step * 1e-9 ? 0.0 : t);
  }
  return r;
}

std::vector<double> log_ticks(double low, double high) {
  std::vector<double> out;
  for (double t = std::pow(10.0, std::ceil(std::log10(low) - 1e-9)); t <= high * (1 + 1e-9);
       t *= 10) {
    out.push_back(t);
  }
  return out;
}

}  // namespace xjslink::report
