// File: cluster/cluster_diagnostics_test.cpp
// Diagnostics on a small graph checked by hand, and bridges and weakest links against brute
// force (remove each edge and search; lower a threshold until the cluster is connected) on
// random small graphs.
#include <gtest/gtest.h>

#include <cmath>
#include <queue>
#include <random>
#include <set>

#include "cluster/graph_builders.hpp"
#include "xjslink/cluster/cluster_diagnostics.hpp"
#include "xjslink/cluster/supported_merges.hpp"

namespace xjslink {
namespace {

using testing::add_edge;

TEST(ClusterDiagnostics, SmallGraphCheckedByHand) {
  // Cluster {0,1,2,3}: a strong triangle 0-1-2 (10, 8, 9), a strong tail 2-3 (5), a weak link
  // 1-3. Record 4 is alone.
  ComponentGraph g;
  add_edge(g, 0, 1, 10.0);
  add_edge(g, 1, 2, 8.0);
  add_edge(g, 0, 2, 9.0);
  add_edge(g, 2, 3, 5.0);
  add_edge(g, 1, 3, 1.0, /*strong=*/false);
  g.num_vertices = 5;
  const std::vector<ClusterDiagnostics> d = cluster_diagnostics(g, {0, 0, 0, 0, 4});
  for (int v = 0; v < 4; ++v) {
    EXPECT_EQ(d[v].size, 4u);
    EXPECT_DOUBLE_EQ(d[v].density, 5.0 / 6.0);  // 5 scored links of 6 pairs
    EXPECT_EQ(d[v].weakest_link, 5.0);          // spanning tree 10, 9, 5 (8 closes a cycle)
    EXPECT_EQ(d[v].bridges, 1u);                // 2-3 (the weak 1-3 is not a strong edge)
  }
  EXPECT_EQ(d[4].size, 1u);
  EXPECT_EQ(d[4].density, 1.0);
  EXPECT_TRUE(std::isnan(d[4].weakest_link));
  EXPECT_EQ(d[4].bridges, 0u);
  // Split the tail off: edges between clusters are not the clusters' edges.
  const std::vector<ClusterDiagnostics> split = cluster_diagnostics(g, {0, 0, 0, 3, 4});
  EXPECT_EQ(split[0].size, 3u);
  EXPECT_EQ(split[0].density, 1.0);
  EXPECT_EQ(split[0].weakest_link, 9.0);
  EXPECT_EQ(split[0].bridges, 0u);
  EXPECT_EQ(split[3].size, 1u);
  EXPECT_TRUE(std::isnan(split[3].weakest_link));
}

// Vertices reached from `from` over the strong edges inside clusters that weigh at least
// min_weight, without edge `skip`.
std::vector<char> reached(const ComponentGraph& g, const ClusterAssignment& c, std::uint32_t from,
                          std::size_t skip, double min_weight) {
  std::vector<std::vector<std::uint32_t>> adj(g.num_vertices);
  for (std::size_t e = 0; e < g.edges.size(); ++e) {
    const GraphEdge& x = g.edges[e];
    if (e == skip || !x.strong || x.weight < min_weight || c[x.u] != c[x.v]) continue;
    adj[x.u].push_back(x.v);
    adj[x.v].push_back(x.u);
  }
  std::vector<char> seen(g.num_vertices, 0);
  std::queue<std::uint32_t> q;
  q.push(from);
  seen[from] = 1;
  while (!q.empty()) {
    const std::uint32_t v = q.front();
    q.pop();
    for (std::uint32_t w : adj[v]) {
      if (!seen[w]) {
        seen[w] = 1;
        q.push(w);
      }
    }
  }
  return seen;
}

TEST(ClusterDiagnostics, MatchBruteForceOnRandomGraphs) {
  std::mt19937_64 rng(99);
  for (int trial = 0; trial < 400; ++trial) {
    const auto n = static_cast<std::uint32_t>(1 + rng() % 25);
    const ComponentGraph g = testing::random_graph(rng, n, rng() % (3 * n));
    const ClusterAssignment c = trial % 2 == 0 ? connected_clusters(g) : supported_merges(g, 0.5);
    const std::vector<ClusterDiagnostics> d = cluster_diagnostics(g, c);
    std::vector<std::uint64_t> bridges(n, 0), size(n, 0), links(n, 0);
    for (std::uint32_t v = 0; v < n; ++v)
      ++size[c[v]];
    for (std::size_t e = 0; e < g.edges.size(); ++e) {
      const GraphEdge& x = g.edges[e];
      if (c[x.u] != c[x.v]) continue;
      ++links[c[x.u]];
      if (x.strong && !reached(g, c, x.u, e, -INFINITY)[x.v]) ++bridges[c[x.u]];
    }
    for (std::uint32_t v = 0; v < n; ++v) {
      const std::uint64_t s = size[c[v]];
      EXPECT_EQ(d[v].size, s);
      EXPECT_EQ(d[v].bridges, bridges[c[v]]) << "trial " << trial << " vertex " << v;
      EXPECT_DOUBLE_EQ(d[v].density, s < 2 ? 1.0 : 2.0 * links[c[v]] / (s * (s - 1.0)));
      if (s < 2) {
        EXPECT_TRUE(std::isnan(d[v].weakest_link));
        continue;
      }
      // Weakest link: the highest weight w at which the strong edges >= w still connect it.
      std::set<double> weights;
      for (const GraphEdge& x : g.edges) {
        if (x.strong && c[x.u] == c[v] && c[x.v] == c[v]) weights.insert(x.weight);
      }
      double want = NAN;
      for (auto w = weights.rbegin(); w != weights.rend(); ++w) {
        const std::vector<char> seen = reached(g, c, v, SIZE_MAX, *w);
        bool all = true;
        for (std::uint32_t x = 0; x < n; ++x)
          all = all && (c[x] != c[v] || seen[x]);
        if (all) {
          want = *w;
          break;
        }
      }
      EXPECT_EQ(d[v].weakest_link, want) << "trial " << trial << " vertex " << v;
    }
  }
}

}  // namespace
}  // namespace xjslink
