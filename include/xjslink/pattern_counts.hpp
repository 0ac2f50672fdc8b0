// File: pattern_counts.hpp
// A histogram of gamma pattern ids: the sufficient statistics of EM. Counts are uint64 so that
// merging across threads and ranks is exact, and the sorted view iterates in pattern-id order,
// so EM sees the same numbers in the same order whatever the number of ranks or threads.
// add() is on the compare loop's hot path: an open-addressing table with linear probing (the
// distinct patterns are few, so it stays in cache).
#pragma once

#include <cstdint>
#include <vector>

namespace xjslink {

struct PatternCount {
  std::uint64_t pattern_id;
  std::uint64_t count;
};

class PatternCounts {
 public:
  PatternCounts() : slots_(kInitialSlots) {}

  void add(std::uint64_t pattern_id, std::uint64_t count = 1) {
    // Keys are stored as id + 1, so a zero key marks an empty slot.
    const std::uint64_t key = pattern_id + 1;
    std::size_t i = hash(key) & (slots_.size() - 1);
    while (true) {
      Slot& s = slots_[i];
      if (s.key == key) {
        s.count += count;
        return;
      }
      if (s.key == 0) {
        s.key = key;
        s.count = count;
        if (++used_ * 2 > slots_.size()) grow();
        return;
      }
      i = (i + 1) & (slots_.size() - 1);
    }
  }
  void merge(const PatternCounts& other);
  void merge(const std::vector<PatternCount>& sorted);
  std::uint64_t total() const;
  std::size_t distinct() const { return used_; }
  // Entries sorted by pattern id.
  std::vector<PatternCount> sorted() const;

 private:
  struct Slot {
    std::uint64_t key = 0;
    std::uint64_t count = 0;
  };
  static constexpr std::size_t kInitialSlots = 256;
  static std::uint64_t hash(std::uint64_t k) {
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdull;
    return k ^ (k >> 33);
  }
  void grow();

  std::vector<Slot> slots_;
  std::size_t used_ = 0;
};

}  // namespace xjslink
