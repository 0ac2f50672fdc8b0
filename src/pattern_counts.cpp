// File: pattern_counts.cpp
#include "xjslink/pattern_counts.hpp"

#include <algorithm>

namespace xjslink {

void PatternCounts::merge(const PatternCounts& other) {
  for (const auto& [id, n] : other.counts_) counts_[id] += n;
}

void PatternCounts::merge(const std::vector<PatternCount>& sorted) {
  for (const auto& e : sorted) counts_[e.pattern_id] += e.count;
}

std::uint64_t PatternCounts::total() const {
  std::uint64_t t = 0;
  for (const auto& [id, n] : counts_) t += n;
  return t;
}

std::vector<PatternCount> PatternCounts::sorted() const {
  std::vector<PatternCount> out;
  out.reserve(counts_.size());
  for (const auto& [id, n] : counts_) out.push_back({id, n});
  std::sort(out.begin(), out.end(),
            [](const PatternCount& a, const PatternCount& b) { return a.pattern_id < b.pattern_id; });
  return out;
}

}  // namespace xjslink
