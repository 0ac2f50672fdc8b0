// File: cluster/spanning_forest.cpp
// Union by size with path halving over dense ids. The table stores dense ids and looks their
// global index up in global_, so a seen record costs 24 to 32 bytes (a table a quarter to half
// full, its index, parent and size) instead of the ~60 of a node-based hash map.
#include "cluster/spanning_forest.hpp"

#include <utility>

#include "xjslink/error.hpp"

namespace xjslink::detail {
namespace {

std::uint64_t hash(std::uint64_t k) {
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdull;
  return k ^ (k >> 33);
}

}  // namespace

std::uint32_t SpanningForest::id_of(std::uint64_t global) {
  std::size_t mask = slots_.size() - 1;
  for (std::size_t i = hash(global) & mask;; i = (i + 1) & mask) {
    const std::uint32_t id = slots_[i];
    if (id == kEmpty) break;
    if (global_[id] == global) return id;
  }
  XJS_CHECK(global_.size() < kEmpty - 1, "more than 2^32 records in one rank's edges");
  const auto id = static_cast<std::uint32_t>(global_.size());
  global_.push_back(global);
  parent_.push_back(id);
  size_.push_back(1);
  if (2 * global_.size() > slots_.size()) grow();
  mask = slots_.size() - 1;
  std::size_t i = hash(global) & mask;
  while (slots_[i] != kEmpty)
    i = (i + 1) & mask;
  slots_[i] = id;
  return id;
}

void SpanningForest::grow() {
  std::vector<std::uint32_t> old(2 * slots_.size(), kEmpty);
  old.swap(slots_);
  const std::size_t mask = slots_.size() - 1;
  for (const std::uint32_t id : old) {
    if (id == kEmpty) continue;
    std::size_t i = hash(global_[id]) & mask;
    while (slots_[i] != kEmpty)
      i = (i + 1) & mask;
    slots_[i] = id;
  }
}

std::uint32_t SpanningForest::find(std::uint32_t v) {
  while (parent_[v] != v) {
    parent_[v] = parent_[parent_[v]];
    v = parent_[v];
  }
  return v;
}

void SpanningForest::add(std::uint64_t a, std::uint64_t b) {
  std::uint32_t ra = find(id_of(a)), rb = find(id_of(b));
  if (ra == rb) return;
  if (size_[ra] < size_[rb]) std::swap(ra, rb);
  parent_[rb] = ra;
  size_[ra] += size_[rb];
}

void SpanningForest::edges(std::vector<std::uint64_t>* left, std::vector<std::uint64_t>* right) {
  left->clear();
  right->clear();
  for (std::uint32_t v = 0; v < global_.size(); ++v) {
    const std::uint32_t root = find(v);
    if (root == v) continue;
    left->push_back(global_[v]);
    right->push_back(global_[root]);
  }
}

}  // namespace xjslink::detail
