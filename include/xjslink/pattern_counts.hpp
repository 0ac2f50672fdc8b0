// File: pattern_counts.hpp
// A histogram of gamma pattern ids: the sufficient statistics of EM. Counts are uint64 so that
// merging across threads and ranks is exact, and the sorted view iterates in pattern-id order,
// so EM sees the same numbers in the same order whatever the number of ranks or threads.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

namespace xjslink {

struct PatternCount {
  std::uint64_t pattern_id;
  std::uint64_t count;
};

class PatternCounts {
 public:
  void add(std::uint64_t pattern_id, std::uint64_t count = 1) { counts_[pattern_id] += count; }
  void merge(const PatternCounts& other);
  void merge(const std::vector<PatternCount>& sorted);
  std::uint64_t total() const;
  std::size_t distinct() const { return counts_.size(); }
  // Entries sorted by pattern id.
  std::vector<PatternCount> sorted() const;

 private:
  std::unordered_map<std::uint64_t, std::uint64_t> counts_;
};

}  // namespace xjslink
