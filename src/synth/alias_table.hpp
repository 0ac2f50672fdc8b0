// File: synth/alias_table.hpp
// Walker's alias method (Vose's construction: M. D. Vose, "A linear algorithm for generating
// random numbers with a given distribution", IEEE TSE 17(9), 1991): O(1) draws from a fixed
// discrete distribution. Built once from weights; a draw consumes one uniform.
#pragma once

#include <cstdint>
#include <vector>

#include "synth/philox.hpp"
#include "xjslink/error.hpp"

namespace xjslink::synth {

class AliasTable {
 public:
  AliasTable() = default;
  explicit AliasTable(const std::vector<double>& weights) {
    const std::size_t n = weights.size();
    XJS_CHECK(n > 0, "alias table needs at least one weight");
    double total = 0.0;
    for (double w : weights)
      total += w;
    XJS_CHECK(total > 0.0, "alias table weights must not all be zero");
    prob_.assign(n, 1.0);
    alias_.resize(n);
    for (std::size_t i = 0; i < n; ++i)
      alias_[i] = static_cast<std::uint32_t>(i);
    std::vector<double> scaled(n);
    std::vector<std::uint32_t> small, large;
    for (std::size_t i = 0; i < n; ++i) {
      scaled[i] = weights[i] * static_cast<double>(n) / total;
      (scaled[i] < 1.0 ? small : large).push_back(static_cast<std::uint32_t>(i));
    }
    while (!small.empty() && !large.empty()) {
      const std::uint32_t s = small.back(), l = large.back();
      small.pop_back();
      prob_[s] = scaled[s];
      alias_[s] = l;
      scaled[l] = (scaled[l] + scaled[s]) - 1.0;
      if (scaled[l] < 1.0) {
        large.pop_back();
        small.push_back(l);
      }
    }
    // Leftovers are 1 up to rounding; they keep prob 1 and alias themselves.
  }

  std::size_t size() const { return prob_.size(); }

  std::uint32_t sample(RandomStream& rng) const {
    const double u = rng.uniform() * static_cast<double>(prob_.size());
    auto column = static_cast<std::uint32_t>(u);
    if (column >= prob_.size()) column = static_cast<std::uint32_t>(prob_.size() - 1);
    const double frac = u - static_cast<double>(column);
    return frac < prob_[column] ? column : alias_[column];
  }

 private:
  std::vector<double> prob_;
  std::vector<std::uint32_t> alias_;
};

}  // namespace xjslink::synth
