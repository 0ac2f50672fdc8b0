// File: cluster/spanning_forest.hpp
// A spanning forest of edges that stream past, keyed by global record index: each edge is
// reduced as it arrives, so memory is linear in the distinct records seen, never in the edges.
// The forest has the components of all the edges it saw, in at most (records seen - 1) edges,
// which is what the distributed components need.
#pragma once

#include <cstdint>
#include <vector>

namespace xjslink::detail {

class SpanningForest {
 public:
  void add(std::uint64_t a, std::uint64_t b);
  std::size_t records() const { return global_.size(); }
  // One edge (v, root of v) per record seen that is not its set's root: a star per tree.
  void edges(std::vector<std::uint64_t>* left, std::vector<std::uint64_t>* right);

 private:
  // Dense id of a global index, added if new (open addressing, linear probing).
  std::uint32_t id_of(std::uint64_t global);
  std::uint32_t find(std::uint32_t v);
  void grow();

  static constexpr std::uint32_t kEmpty = UINT32_MAX;
  std::vector<std::uint32_t> slots_ = std::vector<std::uint32_t>(64, kEmpty);  // dense ids
  std::vector<std::uint64_t> global_;                                          // per dense id
  std::vector<std::uint32_t> parent_, size_;
};

}  // namespace xjslink::detail
