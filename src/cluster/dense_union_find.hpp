// File: cluster/dense_union_find.hpp
// Union-find over vertices 0..n-1 (union by size, path halving), for the per-component work.
// Which vertex is a root carries no meaning: results name clusters by their smallest vertex.
#pragma once

#include <cstdint>
#include <numeric>
#include <utility>
#include <vector>

namespace xjslink::detail {

class DenseUnionFind {
 public:
  explicit DenseUnionFind(std::uint32_t n) : parent_(n), size_(n, 1) {
    std::iota(parent_.begin(), parent_.end(), 0u);
  }
  std::uint32_t find(std::uint32_t v) {
    while (parent_[v] != v) {
      parent_[v] = parent_[parent_[v]];
      v = parent_[v];
    }
    return v;
  }
  std::uint32_t size_of_root(std::uint32_t root) const { return size_[root]; }
  // Joins the sets of two roots; returns the surviving root.
  std::uint32_t unite_roots(std::uint32_t a, std::uint32_t b) {
    if (size_[a] < size_[b] || (size_[a] == size_[b] && a > b)) std::swap(a, b);
    parent_[b] = a;
    size_[a] += size_[b];
    return a;
  }
  // Per vertex, the smallest vertex of its set.
  std::vector<std::uint32_t> smallest_member_labels() {
    const auto n = static_cast<std::uint32_t>(parent_.size());
    constexpr std::uint32_t kUnset = UINT32_MAX;
    std::vector<std::uint32_t> first(n, kUnset), out(n);
    for (std::uint32_t v = 0; v < n; ++v) {
      std::uint32_t& f = first[find(v)];
      if (f == kUnset) f = v;  // vertices ascend, so the first seen is the smallest
      out[v] = f;
    }
    return out;
  }

 private:
  std::vector<std::uint32_t> parent_;
  std::vector<std::uint32_t> size_;
};

}  // namespace xjslink::detail
