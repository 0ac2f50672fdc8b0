// File: cluster/cluster_diagnostics.cpp
// Size, density, weakest spanning-tree link and bridges of every cluster of a component, in
// O(m log m): Kruskal over the strong edges inside clusters (strongest first, so the last edge
// that joins two parts of a cluster is its weakest link), and Tarjan's bridge-finding (low-link
// values of a depth-first search, iterative so a long chain cannot overflow the stack).
#include "xjslink/cluster/cluster_diagnostics.hpp"

#include <algorithm>

#include "cluster/dense_union_find.hpp"
#include "xjslink/error.hpp"

namespace xjslink {
namespace {

// Per vertex: number of bridges among the strong edges inside clusters, counted at the
// cluster's smallest vertex.
std::vector<std::uint64_t> bridges_per_cluster(const ComponentGraph& graph,
                                               const ClusterAssignment& cluster_of) {
  const std::uint32_t n = graph.num_vertices;
  std::vector<std::uint32_t> start(n + 1, 0);
  std::vector<std::uint32_t> inside;  // edge ids of strong edges inside a cluster
  for (std::uint32_t e = 0; e < graph.edges.size(); ++e) {
    const GraphEdge& g = graph.edges[e];
    if (!g.strong || cluster_of[g.u] != cluster_of[g.v]) continue;
    inside.push_back(e);
    ++start[g.u + 1];
    ++start[g.v + 1];
  }
  for (std::uint32_t v = 0; v < n; ++v)
    start[v + 1] += start[v];
  std::vector<std::uint32_t> adj_vertex(start[n]), adj_edge(start[n]);
  std::vector<std::uint32_t> fill(start.begin(), start.end() - 1);
  for (const std::uint32_t e : inside) {
    const GraphEdge& g = graph.edges[e];
    adj_vertex[fill[g.u]] = g.v;
    adj_edge[fill[g.u]++] = e;
    adj_vertex[fill[g.v]] = g.u;
    adj_edge[fill[g.v]++] = e;
  }
  constexpr std::uint32_t kUnvisited = UINT32_MAX;
  std::vector<std::uint32_t> disc(n, kUnvisited), low(n, 0), next(n, 0);
  std::vector<std::uint32_t> parent_edge(n, kUnvisited);
  std::vector<std::uint64_t> bridges(n, 0);
  std::vector<std::uint32_t> stack;
  std::uint32_t time = 0;
  for (std::uint32_t root = 0; root < n; ++root) {
    if (disc[root] != kUnvisited) continue;
    disc[root] = low[root] = time++;
    next[root] = start[root];
    stack.push_back(root);
    while (!stack.empty()) {
      const std::uint32_t v = stack.back();
      if (next[v] < start[v + 1]) {
        const std::uint32_t k = next[v]++;
        const std::uint32_t w = adj_vertex[k];
        if (adj_edge[k] == parent_edge[v]) continue;
        if (disc[w] == kUnvisited) {
          disc[w] = low[w] = time++;
          next[w] = start[w];
          parent_edge[w] = adj_edge[k];
          stack.push_back(w);
        } else {
          low[v] = std::min(low[v], disc[w]);
        }
        continue;
      }
      stack.pop_back();
      if (stack.empty()) break;
      const std::uint32_t p = stack.back();
      low[p] = std::min(low[p], low[v]);
      if (low[v] > disc[p]) ++bridges[cluster_of[p]];
    }
  }
  return bridges;
}

}  // namespace

std::vector<ClusterDiagnostics> cluster_diagnostics(const ComponentGraph& graph,
                                                    const ClusterAssignment& cluster_of) {
  const std::uint32_t n = graph.num_vertices;
  XJS_CHECK(cluster_of.size() == n, "one cluster label per vertex");
  std::vector<std::uint64_t> size(n, 0), links(n, 0);
  for (std::uint32_t v = 0; v < n; ++v)
    ++size[cluster_of[v]];
  for (const GraphEdge& e : graph.edges) {
    if (cluster_of[e.u] == cluster_of[e.v]) ++links[cluster_of[e.u]];
  }
  std::vector<ClusterDiagnostics> by_cluster(n);
  detail::DenseUnionFind uf(n);
  std::uint64_t joins = 0;
  for (const std::uint32_t e : strong_edges_strongest_first(graph)) {
    const GraphEdge& g = graph.edges[e];
    if (cluster_of[g.u] != cluster_of[g.v]) continue;
    const std::uint32_t a = uf.find(g.u), b = uf.find(g.v);
    if (a == b) continue;
    uf.unite_roots(a, b);
    ++joins;
    by_cluster[cluster_of[g.u]].weakest_link = g.weight;  // descending: the last is the weakest
  }
  std::uint64_t clusters = 0;
  for (std::uint32_t v = 0; v < n; ++v)
    clusters += cluster_of[v] == v ? 1 : 0;
  XJS_CHECK(joins + clusters == n, "a cluster is not connected by its strong edges");
  const std::vector<std::uint64_t> bridges = bridges_per_cluster(graph, cluster_of);
  for (std::uint32_t c = 0; c < n; ++c) {
    if (size[c] == 0) continue;
    ClusterDiagnostics& d = by_cluster[c];
    d.size = size[c];
    const double pairs = static_cast<double>(size[c]) * static_cast<double>(size[c] - 1) / 2.0;
    d.density = size[c] < 2 ? 1.0 : static_cast<double>(links[c]) / pairs;
    d.bridges = bridges[c];
  }
  std::vector<ClusterDiagnostics> out(n);
  for (std::uint32_t v = 0; v < n; ++v)
    out[v] = by_cluster[cluster_of[v]];
  return out;
}

}  // namespace xjslink
