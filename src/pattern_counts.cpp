// File: pattern_counts.cpp
#include "xjslink/pattern_counts.hpp"

#include <algorithm>

namespace xjslink {

void PatternCounts::grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(old.size() * 2, Slot{});
  used_ = 0;
  for (const Slot& s : old) {
    if (s.key != 0) add(s.key - 1, s.count);
  }
}

void PatternCounts::merge(const PatternCounts& other) {
  for (const Slot& s : other.slots_) {
    if (s.key != 0) add(s.key - 1, s.count);
  }
}

void PatternCounts::merge(const std::vector<PatternCount>& sorted) {
  for (const auto& e : sorted)
    add(e.pattern_id, e.count);
}

std::uint64_t PatternCounts::total() const {
  std::uint64_t t = 0;
  for (const Slot& s : slots_)
    t += s.count;
  return t;
}

std::vector<PatternCount> PatternCounts::sorted() const {
  std::vector<PatternCount> out;
  out.reserve(used_);
  for (const Slot& s : slots_) {
    if (s.key != 0) out.push_back({s.key - 1, s.count});
  }
  std::sort(out.begin(), out.end(), [](const PatternCount& a, const PatternCount& b) {
    return a.pattern_id < b.pattern_id;
  });
  return out;
}

}  // namespace xjslink
