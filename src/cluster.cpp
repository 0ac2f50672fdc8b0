// File: cluster.cpp
// Connected components over the kept pairs, then the smallest key per component.
#include "xjslink/cluster.hpp"

#include <algorithm>
#include <unordered_map>

#include "dist/comm.hpp"
#include "dist/components.hpp"

namespace xjslink {

Clusters cluster_records(const dist::Comm& comm, const RecordKeys& keys, const Predictions& pairs,
                         double threshold) {
  std::vector<std::uint64_t> left, right;
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    if (pairs.match_probability(i) >= threshold) {
      left.push_back(pairs.left[i]);
      right.push_back(pairs.right[i]);
    }
  }
  Clusters out;
  out.num_edges = comm.allreduce<std::uint64_t>(left.size(), dist::Op::kSum);
  const std::vector<std::uint64_t> labels =
      dist::connected_components(comm, keys.global_index, left, right);
  const dist::ComponentKeys named = dist::smallest_key_per_component(comm, keys, labels);
  out.cluster_id = named.cluster_id;
  out.num_clusters = named.num_components;
  out.largest_cluster = named.largest_component;
  return out;
}

}  // namespace xjslink
