// File: cluster/component_graph.hpp
// One connected component of the record graph, held by one rank: its records numbered 0..n-1
// in ascending global index, and every scored link between two of them (the predictions),
// each marked strong when it is at or above the cluster threshold. The clustering methods and
// the per-cluster diagnostics work on this; nothing here knows about ranks.
#pragma once

#include <cstdint>
#include <vector>

namespace xjslink {

struct GraphEdge {
  std::uint32_t u = 0, v = 0;  // local vertex ids, u < v
  double weight = 0.0;         // match weight (log2 Bayes factor with the prior)
  bool strong = false;         // match probability >= cluster threshold
};

struct ComponentGraph {
  std::uint32_t num_vertices = 0;
  std::vector<GraphEdge> edges;  // no pair twice
};

// The strong edges' positions in the order every method takes them: weight descending, then
// (u, v) ascending. Vertex ids follow global indices, so the order (and every tie) is the same
// for any number of ranks and threads.
std::vector<std::uint32_t> strong_edges_strongest_first(const ComponentGraph& graph);

// Per vertex, the smallest vertex id of its cluster.
using ClusterAssignment = std::vector<std::uint32_t>;

// Connected components of the strong edges.
ClusterAssignment connected_clusters(const ComponentGraph& graph);

}  // namespace xjslink
