// File: cluster/cluster.cpp
// The clustering stage: connected components of the strong edges across ranks (FastSV, in
// dist/components), then each component whole on its owner rank, one component per thread
// at a time: the method splits it, the diagnostics describe each resulting cluster, and the
// outcomes go back to the records' ranks. Per-component work sees the component's edges in a
// fixed order, so results are the same for any ranks × threads.
#include "xjslink/cluster/cluster.hpp"

#include <algorithm>
#include <exception>

#include "dist/comm.hpp"
#include "dist/component_graphs.hpp"
#include "dist/components.hpp"
#include "xjslink/cluster/supported_merges.hpp"
#include "xjslink/progress/progress.hpp"

namespace xjslink {
namespace {

struct ComponentTally {
  std::uint64_t split = 0, edges_removed = 0, refused = 0, max_passes = 0, largest = 0;
};

}  // namespace

Clusters cluster_records(const dist::Comm& comm, const RecordKeys& keys, const Predictions& pairs,
                         double threshold, const ClusteringSpec& spec) {
  Predictions edges;
  edges.left = pairs.left;
  edges.right = pairs.right;
  edges.match_weight = pairs.match_weight;
  return cluster_records(comm, keys, std::move(edges), threshold, spec);
}

Clusters cluster_records(const dist::Comm& comm, const RecordKeys& keys, Predictions&& pairs,
                         double threshold, const ClusteringSpec& spec) {
  std::vector<std::uint64_t> left, right;  // the strong edges
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    if (pairs.match_probability(i) >= threshold) {
      left.push_back(pairs.left[i]);
      right.push_back(pairs.right[i]);
    }
  }
  Clusters out;
  out.num_edges = comm.allreduce<std::uint64_t>(left.size(), dist::Op::kSum);
  const std::vector<std::uint64_t> components =
      dist::connected_components(comm, keys.global_index, left, right);
  left = {};
  right = {};
  dist::OwnedComponents owned = dist::gather_component_graphs(
      comm, keys.global_index, components, std::move(pairs.left), std::move(pairs.right),
      std::move(pairs.match_weight), threshold);
  pairs = Predictions{};

  // Outcomes of component c's records start at offset[c].
  // Per component, its outcomes in component order (records by ascending global index).
  const std::size_t nc = owned.size();
  std::vector<std::vector<dist::RecordOutcome>> per_component(nc);
  std::vector<ComponentTally> tally(nc);
  std::exception_ptr failure;
  // Rank 0's own components (owners are spread by a hash of the label).
  ProgressReporter progress(spec.method == ClusteringMethod::kSupportedMerges
                                ? "cluster: components (supported merges)"
                                : "cluster: components",
                            nc, "components", comm.is_root());
#pragma omp parallel for schedule(dynamic, 1)
  for (std::size_t c = 0; c < nc; ++c) {
    try {
      std::vector<std::uint64_t> vertex_global;
      const ComponentGraph g = owned.graph(c, &vertex_global);
      SupportedMergeStats stats;
      const ClusterAssignment assignment = spec.method == ClusteringMethod::kSupportedMerges
                                               ? supported_merges(g, spec.min_link_support, &stats)
                                               : connected_clusters(g);
      const std::vector<ClusterDiagnostics> diagnostics = cluster_diagnostics(g, assignment);
      ComponentTally& t = tally[c];
      t.largest = g.num_vertices;
      t.refused = stats.refused_merges;
      t.max_passes = stats.passes;
      for (const GraphEdge& e : g.edges)
        t.edges_removed += e.strong && assignment[e.u] != assignment[e.v] ? 1 : 0;
      std::vector<dist::RecordOutcome>& outcomes = per_component[c];
      outcomes.resize(g.num_vertices);
      for (std::uint32_t v = 0; v < g.num_vertices; ++v) {
        const ClusterDiagnostics& d = diagnostics[v];
        outcomes[v] = {vertex_global[v], vertex_global[assignment[v]], d.size, d.bridges, d.density,
                       d.weakest_link};
        t.split += assignment[v] != 0 ? 1 : 0;  // any vertex outside vertex 0's cluster
      }
      t.split = t.split > 0 ? 1 : 0;
      progress.add(1);
    } catch (...) {
#pragma omp critical(cluster_failure)
      if (!failure) failure = std::current_exception();
    }
  }
  if (failure) std::rethrow_exception(failure);
  progress.finish();
  owned = dist::OwnedComponents({}, threshold);  // the links are no longer needed

  ComponentTally total;
  for (const ComponentTally& t : tally) {
    total.split += t.split;
    total.edges_removed += t.edges_removed;
    total.refused += t.refused;
    total.max_passes = std::max(total.max_passes, t.max_passes);
    total.largest = std::max(total.largest, t.largest);
  }
  std::vector<dist::RecordOutcome> computed;
  for (std::vector<dist::RecordOutcome>& outcomes : per_component) {
    computed.insert(computed.end(), outcomes.begin(), outcomes.end());
    outcomes = {};
  }
  const dist::LocalOutcomes back = dist::return_record_outcomes(comm, keys.global_index, computed);
  std::vector<std::uint64_t> labels(keys.size());
  out.diagnostics.resize(keys.size());
  std::uint64_t singleton_components = 0;
  for (std::size_t row = 0; row < keys.size(); ++row) {
    if (!back.has[row]) {  // no strong link: a cluster of its own, with default diagnostics
      labels[row] = keys.global_index[row];
      ++singleton_components;
      continue;
    }
    const dist::RecordOutcome& o = back.outcome[row];
    labels[row] = o.cluster_label;
    ClusterDiagnostics& d = out.diagnostics[row];
    d.size = o.size;
    d.bridges = o.bridges;
    d.density = o.density;
    d.weakest_link = o.weakest_link;
  }
  const dist::ComponentKeys named = dist::smallest_key_per_component(comm, keys, labels);
  out.cluster_id = named.cluster_id;
  out.num_clusters = named.num_components;
  out.largest_cluster = named.largest_component;

  ClusteringSummary& s = out.summary;
  s.method = spec.method;
  s.min_link_support = spec.min_link_support;
  s.components = comm.allreduce<std::uint64_t>(nc + singleton_components, dist::Op::kSum);
  s.largest_component = comm.allreduce<std::uint64_t>(
      std::max<std::uint64_t>(total.largest, keys.size() > 0 ? 1 : 0), dist::Op::kMax);
  s.components_split = comm.allreduce(total.split, dist::Op::kSum);
  s.edges_removed = comm.allreduce(total.edges_removed, dist::Op::kSum);
  s.refused_merges = comm.allreduce(total.refused, dist::Op::kSum);
  s.max_passes = comm.allreduce(total.max_passes, dist::Op::kMax);
  return out;
}

}  // namespace xjslink
