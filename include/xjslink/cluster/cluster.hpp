// File: cluster/cluster.hpp
// Clustering: records are joined into clusters (person IDs) by the pairs at or above the
// cluster threshold, with the method of the settings: connected components, or supported
// merges (the default), which cuts the weak chains that components accept. Each cluster's ID
// is the key of its smallest record (by source dataset, then unique_id), so IDs do not depend
// on input order, rank count or thread count. Every record also gets its cluster's diagnostics.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "xjslink/cluster/cluster_diagnostics.hpp"
#include "xjslink/cluster/clustering_spec.hpp"
#include "xjslink/pairs/edge_source.hpp"
#include "xjslink/record_keys.hpp"
#include "xjslink/score.hpp"

namespace xjslink {

namespace dist {
class Comm;
}

// Global figures of a clustering, for run.json.
struct ClusteringSummary {
  ClusteringMethod method = ClusteringMethod::kSupportedMerges;
  double min_link_support = 0.0;
  std::uint64_t components = 0;         // connected components (singletons included)
  std::uint64_t largest_component = 0;  // records in the largest connected component
  std::uint64_t components_split = 0;   // components that became more than one cluster
  std::uint64_t edges_removed = 0;      // strong edges between two final clusters
  std::uint64_t refused_merges = 0;     // failed support tests (supported_merges)
  std::uint64_t max_passes = 0;         // most passes over one component's edges
  std::uint64_t component_batches = 1;  // batches the owners gathered their components in
};

struct Clusters {
  // Per local record (in this rank's record order): the composite key of the cluster's
  // smallest record, and the cluster's diagnostics.
  std::vector<std::string> cluster_id;
  std::vector<ClusterDiagnostics> diagnostics;
  std::uint64_t num_clusters = 0;     // global
  std::uint64_t num_edges = 0;        // global number of pairs at or above the threshold
  std::uint64_t largest_cluster = 0;  // global
  ClusteringSummary summary;
};

// Collective. `pairs` is this rank's share of the predictions (left, right and match_weight
// are used); pairs with match probability >= threshold are edges, and every pair is a scored
// link for the density and the support of a merge.
Clusters cluster_records(const dist::Comm& comm, const RecordKeys& keys, const Predictions& pairs,
                         double threshold, const ClusteringSpec& spec = {});
// The same, releasing the pairs' memory as soon as their links have reached the component
// owners (only left, right and match_weight are kept until then).
Clusters cluster_records(const dist::Comm& comm, const RecordKeys& keys, Predictions&& pairs,
                         double threshold, const ClusteringSpec& spec = {});
// The same clusters, read from `edges` (this rank's share of the scored links, read several
// times) within about memory_budget_bytes per rank for what grows with the links: they are read
// in rounds, the strong edges are reduced to a spanning forest as they pass, and the component
// owners gather and cluster their components in as many batches as the budget needs
// (summary.component_batches). What grows with the records (labels, outcomes, the forest) is
// outside the budget. The smallest budget of any rank sets the batches. With more than one
// batch, `edges` is read twice in all: the second pass writes each owned link (32 bytes) to
// its batch's file in a scratch directory under scratch_dir (empty: the system temp
// directory), which is removed when clustering ends; a scratch directory that cannot be
// created, or a full disk, is an Error(kIo) on every rank.
Clusters cluster_records(const dist::Comm& comm, const RecordKeys& keys, const EdgeSource& edges,
                         double threshold, const ClusteringSpec& spec,
                         std::uint64_t memory_budget_bytes, const std::string& scratch_dir = {});

}  // namespace xjslink
