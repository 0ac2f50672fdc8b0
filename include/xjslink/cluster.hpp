// File: cluster.hpp
// Clustering: records joined by a pair at or above the cluster threshold are the same person;
// a cluster is a connected component, and its ID is the key of its smallest record (by source
// dataset, then unique_id), so IDs do not depend on input order, rank count or thread count.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "xjslink/record_keys.hpp"
#include "xjslink/score.hpp"

namespace xjslink {

namespace dist {
class Comm;
}

struct Clusters {
  // Per local record: index (local to this rank's records) is implicit; cluster_id is the
  // composite key of the cluster's smallest record.
  std::vector<std::string> cluster_id;
  std::uint64_t num_clusters = 0;     // global
  std::uint64_t num_edges = 0;        // global number of pairs used
  std::uint64_t largest_cluster = 0;  // global
};

// Collective. `pairs` is this rank's share of the predictions (left, right and match_weight
// are used); pairs with match probability >= threshold are edges.
Clusters cluster_records(const dist::Comm& comm, const RecordKeys& keys, const Predictions& pairs,
                         double threshold);

}  // namespace xjslink
