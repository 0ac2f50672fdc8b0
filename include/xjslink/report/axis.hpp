// File: report/axis.hpp
// Scales (data -> pixels, linear or log10) and "nice" tick values (1, 2 or 5 times a power of
// ten; Heckbert, "Nice numbers for graph labels", Graphics Gems, 1990).
#pragma once

#include <vector>

namespace xjslink::report {

class Scale {
 public:
  // Maps [d0, d1] onto [r0, r1]; a log scale needs 0 < d0 < d1.
  Scale(double d0, double d1, double r0, double r1, bool log = false);
  double operator()(double value) const;
  double d0() const { return d0_; }
  double d1() const { return d1_; }
  bool log() const { return log_; }

 private:
  double d0_, d1_, r0_, r1_;
  bool log_;
};

struct NiceRange {
  double low = 0;
  double high = 1;
  double step = 1;
  std::vector<double> ticks;  // low, low + step, ..., high
};

// The smallest range of nice ticks covering [low, high] with about `target` ticks.
NiceRange nice_range(double low, double high, int target = 6);

// Powers of ten within [low, high] (low > 0), e.g. 1, 10, 100, 1000.
std::vector<double> log_ticks(double low, double high);

}  // namespace xjslink::report
