// File: report/disclosure.hpp
// Disclosure control for the report's aggregate outputs: a count below the minimum cell size is
// never shown, only "<min_cell" (zero included: an empty cell can disclose too), and a rate is
// shown only when its denominator is at least the minimum cell size.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace xjslink::report {

class Disclosure {
 public:
  explicit Disclosure(std::uint64_t min_cell = 10) : min_cell_(min_cell) {}

  std::uint64_t min_cell() const { return min_cell_; }
  bool suppressed(std::uint64_t count) const { return count < min_cell_; }
  // "12,345", or "<10" when suppressed.
  std::string count(std::uint64_t count) const;
  // numerator / denominator as a percentage with `digits` decimals ("99.8%"), or "–" when the
  // denominator is below the minimum cell size (or zero).
  std::string rate(std::uint64_t numerator, std::uint64_t denominator, int digits = 1) const;
  // A rate given directly, shown only if its denominator is large enough.
  std::string rate(std::optional<double> fraction, std::uint64_t denominator, int digits = 1) const;

 private:
  std::uint64_t min_cell_;
};

}  // namespace xjslink::report
