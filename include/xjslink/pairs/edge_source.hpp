// File: pairs/edge_source.hpp
// The scored links clustering reads: this rank's share of the kept pairs as (left, right,
// match_weight), read a range of rows at a time, as many times as a stage needs. A source may
// hold its rows in memory or stream them from a file on local disk (pairs/ordered_pairs.hpp), so
// clustering's memory need not grow with the pairs.
#pragma once

#include <cstdint>
#include <vector>

namespace xjslink {

struct EdgeRows {
  std::vector<std::uint64_t> left, right;  // global record indices
  std::vector<double> match_weight;
  std::size_t size() const { return left.size(); }
  void clear() {
    left.clear();
    right.clear();
    match_weight.clear();
  }
};

class EdgeSource {
 public:
  virtual ~EdgeSource() = default;
  // This rank's rows.
  virtual std::uint64_t rows() const = 0;
  // Replaces `out` with rows [begin, end), in the source's order (the same on every read).
  virtual void read(std::uint64_t begin, std::uint64_t end, EdgeRows& out) const = 0;
};

// An EdgeSource over edges held in memory.
class EdgesInMemory : public EdgeSource {
 public:
  explicit EdgesInMemory(EdgeRows edges) : edges_(std::move(edges)) {}
  std::uint64_t rows() const override { return edges_.size(); }
  void read(std::uint64_t begin, std::uint64_t end, EdgeRows& out) const override {
    out.left.assign(edges_.left.begin() + begin, edges_.left.begin() + end);
    out.right.assign(edges_.right.begin() + begin, edges_.right.begin() + end);
    out.match_weight.assign(edges_.match_weight.begin() + begin, edges_.match_weight.begin() + end);
  }

 private:
  EdgeRows edges_;
};

}  // namespace xjslink
