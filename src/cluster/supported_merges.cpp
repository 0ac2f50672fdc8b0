// File: cluster/supported_merges.cpp
// Agglomerative clustering in single-linkage (Kruskal) order whose merges must be supported:
// the scored links between the two groups, per record of the smaller group. Counting
// the links between two groups walks the adjacency of the smaller group only, so accepted
// merges cost O(m log n) in all (each record is in the smaller group at most log2 n times).
// A refused pair of groups is remembered with both sizes; since groups only grow, the same
// sizes mean the same groups, and the test is not repeated until one of them has grown.
#include "xjslink/cluster/supported_merges.hpp"

#include <algorithm>
#include <unordered_map>
#include <utility>

#include "cluster/dense_union_find.hpp"

namespace xjslink {

namespace {

enum class SupportTest { kShareOfPairs, kLinksPerRecord };

// Quotients, not rho·|A|·|B|: a quotient that equals the setting exactly (3 of 15 links for
// 0.2) rounds to the same double as the setting, so the boundary case merges.
bool supported(SupportTest test, std::uint64_t links, std::uint64_t size_a, std::uint64_t size_b,
               double min_support) {
  const std::uint64_t per =
      test == SupportTest::kShareOfPairs ? size_a * size_b : std::min(size_a, size_b);
  return static_cast<double>(links) / static_cast<double>(per) >= min_support;
}

}  // namespace

ClusterAssignment supported_merges(const ComponentGraph& graph, double min_support,
                                   SupportedMergeStats* stats) {
  const std::uint32_t n = graph.num_vertices;
  // Adjacency of every scored link (CSR): links below the cluster threshold are evidence too.
  std::vector<std::uint32_t> start(n + 1, 0), neighbour(2 * graph.edges.size());
  for (const GraphEdge& e : graph.edges) {
    ++start[e.u + 1];
    ++start[e.v + 1];
  }
  for (std::uint32_t v = 0; v < n; ++v)
    start[v + 1] += start[v];
  {
    std::vector<std::uint32_t> fill(start.begin(), start.end() - 1);
    for (const GraphEdge& e : graph.edges) {
      neighbour[fill[e.u]++] = e.v;
      neighbour[fill[e.v]++] = e.u;
    }
  }
  const std::vector<std::uint32_t> order = strong_edges_strongest_first(graph);

  detail::DenseUnionFind uf(n);
  std::vector<std::vector<std::uint32_t>> members(n);
  for (std::uint32_t v = 0; v < n; ++v)
    members[v] = {v};
  SupportedMergeStats local;
  // Phase 1 builds dense cores; phase 2 joins cores and records to them. Each phase repeats
  // its passes until none merges.
  for (const SupportTest test : {SupportTest::kShareOfPairs, SupportTest::kLinksPerRecord}) {
    // (root a, root b) -> sizes at the refused test
    std::unordered_map<std::uint64_t, std::uint64_t> refused;
    for (bool merged = true; merged;) {
      merged = false;
      ++local.passes;
      for (const std::uint32_t e : order) {
        std::uint32_t a = uf.find(graph.edges[e].u), b = uf.find(graph.edges[e].v);
        if (a == b) continue;
        if (a > b) std::swap(a, b);
        const std::uint64_t size_a = uf.size_of_root(a), size_b = uf.size_of_root(b);
        const std::uint64_t pair_key = (std::uint64_t{a} << 32) | b;
        const std::uint64_t sizes = (size_a << 32) | size_b;
        auto seen = refused.find(pair_key);
        if (seen != refused.end() && seen->second == sizes) continue;
        const std::uint32_t small = size_a <= size_b ? a : b;
        const std::uint32_t large = small == a ? b : a;
        std::uint64_t links = 0;
        for (const std::uint32_t x : members[small]) {
          for (std::uint32_t k = start[x]; k < start[x + 1]; ++k)
            links += uf.find(neighbour[k]) == large ? 1 : 0;
        }
        if (!supported(test, links, size_a, size_b, min_support)) {
          refused[pair_key] = sizes;
          ++local.refused_merges;
          continue;
        }
        const std::uint32_t root = uf.unite_roots(small, large);
        const std::uint32_t gone = root == small ? large : small;
        if (members[root].size() < members[gone].size()) std::swap(members[root], members[gone]);
        members[root].insert(members[root].end(), members[gone].begin(), members[gone].end());
        std::vector<std::uint32_t>().swap(members[gone]);
        merged = true;
      }
    }
  }
  if (stats != nullptr) *stats = local;
  return uf.smallest_member_labels();
}

}  // namespace xjslink
