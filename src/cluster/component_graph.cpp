// File: cluster/component_graph.cpp
// The fixed edge order shared by the clustering methods, and plain connected components.
#include "xjslink/cluster/component_graph.hpp"

#include <algorithm>

#include "cluster/dense_union_find.hpp"

namespace xjslink {

std::vector<std::uint32_t> strong_edges_strongest_first(const ComponentGraph& graph) {
  std::vector<std::uint32_t> order;
  for (std::uint32_t e = 0; e < graph.edges.size(); ++e) {
    if (graph.edges[e].strong) order.push_back(e);
  }
  std::sort(order.begin(), order.end(), [&graph](std::uint32_t a, std::uint32_t b) {
    const GraphEdge& x = graph.edges[a];
    const GraphEdge& y = graph.edges[b];
    if (x.weight != y.weight) return x.weight > y.weight;
    if (x.u != y.u) return x.u < y.u;
    return x.v < y.v;
  });
  return order;
}

ClusterAssignment connected_clusters(const ComponentGraph& graph) {
  detail::DenseUnionFind uf(graph.num_vertices);
  for (const GraphEdge& e : graph.edges) {
    if (!e.strong) continue;
    const std::uint32_t a = uf.find(e.u), b = uf.find(e.v);
    if (a != b) uf.unite_roots(a, b);
  }
  return uf.smallest_member_labels();
}

}  // namespace xjslink
