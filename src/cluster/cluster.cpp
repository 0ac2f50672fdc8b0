// File: cluster/cluster.cpp
// The clustering stage: connected components of the strong edges across ranks (FastSV, in
// dist/components), then each component whole on its owner rank, one component per thread
// at a time: the method splits it, the diagnostics describe each resulting cluster, and the
// outcomes go back to the records' ranks. Per-component work sees the component's edges in a
// fixed order, so results are the same for any ranks × threads. Streamed from an EdgeSource,
// the strong edges are reduced to a spanning forest as they pass, and the owners gather their
// components in batches that fit the memory budget (more than one: in one pass, to a scratch
// file per batch): the same components, the same results.
#include "xjslink/cluster/cluster.hpp"

#include <unistd.h>

#include <algorithm>
#include <exception>
#include <optional>
#include <span>
#include <string>

#include "cluster/link_buckets.hpp"
#include "cluster/spanning_forest.hpp"
#include "dist/agree.hpp"
#include "dist/comm.hpp"
#include "dist/component_graphs.hpp"
#include "dist/components.hpp"
#include "xjslink/cluster/supported_merges.hpp"
#include "xjslink/model.hpp"
#include "xjslink/progress/progress.hpp"

namespace xjslink {
namespace {

struct ComponentTally {
  std::uint64_t components = 0;  // owned components with links
  std::uint64_t split = 0, edges_removed = 0, refused = 0, max_passes = 0, largest = 0;
  void add(const ComponentTally& t) {
    components += t.components;
    split += t.split;
    edges_removed += t.edges_removed;
    refused += t.refused;
    max_passes = std::max(max_passes, t.max_passes);
    largest = std::max(largest, t.largest);
  }
};

// The rows a round reads and exchanges at a time: at most 1M (as before streaming); fewer when
// a quarter of the budget cannot hold a round's buffers (about 110 bytes a row: the rows, the
// end labels, the send and receive buffers), but never so few that rounds cost more in latency
// than in volume.
constexpr std::uint64_t kMaxRowsPerRound = std::uint64_t{1} << 20;
constexpr std::uint64_t kMinRowsPerRound = std::uint64_t{1} << 12;
constexpr std::uint64_t kRoundBytesPerRow = 128;

std::string progress_stage(const ClusteringSpec& spec, std::uint64_t batch, std::uint64_t batches) {
  std::string stage = spec.method == ClusteringMethod::kSupportedMerges
                          ? "cluster: components (supported merges)"
                          : "cluster: components";
  if (batches > 1) stage += " batch " + std::to_string(batch + 1) + "/" + std::to_string(batches);
  return stage;
}

// Clusters each owned component on one thread, appends its records' outcomes to `computed`
// (components in label order, records by ascending global index) and adds its figures to
// `total`. Rank 0 reports its own components (owners are spread by a hash of the label).
void cluster_owned(const dist::OwnedComponents& owned, const ClusteringSpec& spec,
                   ProgressReporter& progress, std::vector<dist::RecordOutcome>* computed,
                   ComponentTally* total) {
  const std::size_t nc = owned.size();
  std::vector<std::vector<dist::RecordOutcome>> per_component(nc);
  std::vector<ComponentTally> tally(nc);
  std::exception_ptr failure;
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
      t.components = 1;
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
  for (std::size_t c = 0; c < nc; ++c) {
    total->add(tally[c]);
    computed->insert(computed->end(), per_component[c].begin(), per_component[c].end());
    per_component[c] = {};
  }
}

// Collective: the outcomes back on the records' ranks, the cluster IDs, and the global figures.
Clusters finish_clusters(const dist::Comm& comm, const RecordKeys& keys, const ClusteringSpec& spec,
                         std::vector<dist::RecordOutcome> computed, const ComponentTally& total,
                         std::uint64_t strong_edges, std::uint64_t batches) {
  Clusters out;
  out.num_edges = comm.allreduce<std::uint64_t>(strong_edges, dist::Op::kSum);
  const dist::LocalOutcomes back =
      dist::return_record_outcomes(comm, keys.global_index, std::move(computed));
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
  s.components =
      comm.allreduce<std::uint64_t>(total.components + singleton_components, dist::Op::kSum);
  s.largest_component = comm.allreduce<std::uint64_t>(
      std::max<std::uint64_t>(total.largest, keys.size() > 0 ? 1 : 0), dist::Op::kMax);
  s.components_split = comm.allreduce(total.split, dist::Op::kSum);
  s.edges_removed = comm.allreduce(total.edges_removed, dist::Op::kSum);
  s.refused_merges = comm.allreduce(total.refused, dist::Op::kSum);
  s.max_passes = comm.allreduce(total.max_passes, dist::Op::kMax);
  s.component_batches = batches;
  return out;
}

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
  const std::uint64_t strong_edges = left.size();
  const std::vector<std::uint64_t> components =
      dist::connected_components(comm, keys.global_index, left, right);
  left = {};
  right = {};
  dist::OwnedComponents owned = dist::gather_component_graphs(
      comm, keys.global_index, components, std::move(pairs.left), std::move(pairs.right),
      std::move(pairs.match_weight), threshold);
  pairs = Predictions{};

  std::vector<dist::RecordOutcome> computed;
  ComponentTally total;
  {
    ProgressReporter progress(progress_stage(spec, 0, 1), owned.size(), "components",
                              comm.is_root());
    cluster_owned(owned, spec, progress, &computed, &total);
  }
  owned = dist::OwnedComponents({}, threshold);  // the links are no longer needed
  return finish_clusters(comm, keys, spec, std::move(computed), total, strong_edges, 1);
}

Clusters cluster_records(const dist::Comm& comm, const RecordKeys& keys, const EdgeSource& edges,
                         double threshold, const ClusteringSpec& spec,
                         std::uint64_t memory_budget_bytes, const std::string& scratch_dir) {
  // A quarter of the budget for a round's buffers, half for one batch's links; the rest is
  // headroom for the graph of the component each thread clusters.
  const std::uint64_t rows_per_round = std::clamp<std::uint64_t>(
      memory_budget_bytes / 4 / kRoundBytesPerRow, kMinRowsPerRound, kMaxRowsPerRound);
  const std::uint64_t m = edges.rows();

  // Pass 1: the strong edges, reduced as they stream to a spanning forest of this rank's edges
  // (the same components, in at most one edge per record seen).
  std::uint64_t strong_edges = 0;
  std::vector<std::uint64_t> left, right;
  {
    detail::SpanningForest forest;
    // A source on disk may fail on one rank: all agree before connected_components.
    dist::agree_on_errors(comm, [&] {
      EdgeRows rows;
      for (std::uint64_t begin = 0; begin < m; begin += rows_per_round) {
        edges.read(begin, std::min(m, begin + rows_per_round), rows);
        for (std::size_t i = 0; i < rows.size(); ++i) {
          if (probability_from_log2_odds(rows.match_weight[i]) >= threshold) {
            forest.add(rows.left[i], rows.right[i]);
            ++strong_edges;
          }
        }
      }
      forest.edges(&left, &right);
    });
  }
  const std::vector<std::uint64_t> components =
      dist::connected_components(comm, keys.global_index, left, right);
  left = {};
  right = {};

  // Pass 2: the components in batches, each batch's links gathered, clustered and released
  // before the next. One batch: its links are gathered in memory. More: the source is read and
  // the labels fetched once, each link going to its batch's scratch file on its owner, and then
  // each batch's file is read back alone.
  const std::uint64_t batches =
      dist::component_batches_for_budget(comm, m, memory_budget_bytes / 2);
  std::vector<dist::RecordOutcome> computed;
  ComponentTally total;
  if (batches == 1) {
    const dist::OwnedComponents owned =
        dist::gather_component_batch(comm, keys.global_index, components, edges, threshold, 0, 1,
                                     static_cast<std::size_t>(rows_per_round));
    ProgressReporter progress(progress_stage(spec, 0, 1), owned.size(), "components",
                              comm.is_root());
    cluster_owned(owned, spec, progress, &computed, &total);
  } else {
    std::optional<detail::LinkBuckets> buckets;
    // The scratch directory may be missing or read-only on one rank only.
    dist::agree_on_errors(comm, [&] {
      buckets.emplace(
          scratch_dir,
          "cluster-rank" + std::to_string(comm.rank()) + "-" + std::to_string(::getpid()),
          comm.size(), batches);
    });
    dist::gather_component_links(
        comm, keys.global_index, components, edges, static_cast<std::size_t>(rows_per_round),
        [&](std::span<const dist::OwnedLink> links) { buckets->append(links); });
    // Rank-local from here to finish_clusters: a file that cannot be read back is agreed on
    // before its collectives.
    dist::agree_on_errors(comm, [&] {
      for (std::uint64_t batch = 0; batch < batches; ++batch) {
        const dist::OwnedComponents owned(buckets->take(batch), threshold);
        ProgressReporter progress(progress_stage(spec, batch, batches), owned.size(), "components",
                                  comm.is_root());
        cluster_owned(owned, spec, progress, &computed, &total);
      }
    });
    buckets.reset();
  }
  return finish_clusters(comm, keys, spec, std::move(computed), total, strong_edges, batches);
}

}  // namespace xjslink
