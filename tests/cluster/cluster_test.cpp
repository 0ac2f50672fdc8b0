// File: cluster_test.cpp
// Connected components against a plain breadth-first search on random graphs, chains and stars
// (Splink's test_cc_random_graphs compares with networkx the same way), and cluster naming.
#include <gtest/gtest.h>

#include <cmath>
#include <queue>
#include <random>

#include "dist/comm.hpp"
#include "dist/components.hpp"
#include "xjslink/cluster/cluster.hpp"

namespace xjslink {
namespace {

// Reference: smallest vertex of each component by BFS.
std::vector<std::uint64_t> reference_components(std::size_t n, const std::vector<std::uint64_t>& l,
                                                const std::vector<std::uint64_t>& r) {
  std::vector<std::vector<std::size_t>> adj(n);
  for (std::size_t e = 0; e < l.size(); ++e) {
    adj[l[e]].push_back(r[e]);
    adj[r[e]].push_back(l[e]);
  }
  std::vector<std::uint64_t> label(n, UINT64_MAX);
  for (std::size_t s = 0; s < n; ++s) {
    if (label[s] != UINT64_MAX) continue;
    std::queue<std::size_t> q;
    q.push(s);
    label[s] = s;
    while (!q.empty()) {
      const std::size_t v = q.front();
      q.pop();
      for (std::size_t w : adj[v]) {
        if (label[w] == UINT64_MAX) {
          label[w] = s;
          q.push(w);
        }
      }
    }
  }
  return label;
}

TEST(ConnectedComponents, MatchesBreadthFirstSearchOnRandomGraphs) {
  const dist::Comm comm = dist::Comm::self();
  std::mt19937_64 rng(2024);
  for (int trial = 0; trial < 200; ++trial) {
    const std::size_t n = 1 + rng() % 300;
    const std::size_t m = rng() % (2 * n);
    std::vector<std::uint64_t> l, r;
    const int shape = trial % 4;
    for (std::size_t e = 0; e < m; ++e) {
      std::uint64_t a = rng() % n, b = rng() % n;
      if (shape == 1 && n > 1) {  // chain in a shuffled order
        a = e % (n - 1);
        b = a + 1;
      } else if (shape == 2) {  // star onto the largest vertex
        a = n - 1;
      }
      l.push_back(a);
      r.push_back(b);
    }
    std::vector<std::uint64_t> records(n);
    for (std::size_t v = 0; v < n; ++v)
      records[v] = v;
    const auto got = dist::connected_components(comm, records, l, r);
    EXPECT_EQ(got, reference_components(n, l, r)) << "trial " << trial;
  }
}

TEST(Cluster, IdIsTheSmallestKeyOfTheComponent) {
  const dist::Comm comm = dist::Comm::self();
  RecordKeys keys;
  keys.source_names = {"b_src", "a_src"};
  const char* uids[] = {"9", "10", "x", "y", "z"};
  const std::uint16_t sources[] = {0, 0, 1, 1, 0};
  for (int i = 0; i < 5; ++i) {
    keys.source.push_back(sources[i]);
    keys.global_index.push_back(static_cast<std::uint64_t>(i));
    keys.unique_id.append_string(uids[i]);
  }
  Predictions p;
  p.num_comparisons = 0;
  // 0-1 linked strongly, 1-3 linked weakly (below the threshold), 2 alone, 3-4 linked.
  p.left = {0, 1, 3};
  p.right = {1, 3, 4};
  p.match_weight = {7, 0, 5};  // probabilities 0.992, 0.5, 0.970
  p.match_key = {0, 0, 0};
  const Clusters c = cluster_records(comm, keys, p, 0.9);
  ASSERT_EQ(c.cluster_id.size(), 5u);
  // Component {0,1}: keys (b_src,9) and (b_src,10): "10" < "9" bytewise.
  EXPECT_EQ(c.cluster_id[0], "b_src-__-10");
  EXPECT_EQ(c.cluster_id[1], "b_src-__-10");
  EXPECT_EQ(c.cluster_id[2], "a_src-__-x");
  // Component {3,4}: (a_src,y) < (b_src,z).
  EXPECT_EQ(c.cluster_id[3], "a_src-__-y");
  EXPECT_EQ(c.cluster_id[4], "a_src-__-y");
  EXPECT_EQ(c.num_clusters, 3u);
  EXPECT_EQ(c.num_edges, 2u);
  EXPECT_EQ(c.largest_cluster, 2u);
  // Diagnostics: the weak 1-3 link joins two clusters, so it is in neither.
  for (int row : {0, 1, 3, 4}) {
    EXPECT_EQ(c.diagnostics[row].size, 2u);
    EXPECT_EQ(c.diagnostics[row].density, 1.0);
    EXPECT_EQ(c.diagnostics[row].bridges, 1u);
  }
  EXPECT_EQ(c.diagnostics[0].weakest_link, 7.0);
  EXPECT_EQ(c.diagnostics[3].weakest_link, 5.0);
  EXPECT_EQ(c.diagnostics[2].size, 1u);
  EXPECT_TRUE(std::isnan(c.diagnostics[2].weakest_link));
}

TEST(Cluster, SupportedMergesCutAChainThatComponentsKeep) {
  // Two triangles (0-1-2, 3-4-5) joined by one strong link 2-3: components give one cluster of
  // six, supported merges two clusters (1 link for 3 records). With one source, an ID is the
  // unique_id alone.
  const dist::Comm comm = dist::Comm::self();
  RecordKeys keys;
  keys.source_names = {"s"};
  for (int i = 0; i < 6; ++i) {
    keys.source.push_back(0);
    keys.global_index.push_back(static_cast<std::uint64_t>(i));
    keys.unique_id.append_string(std::to_string(i));
  }
  Predictions p;
  p.left = {0, 0, 1, 2, 3, 3, 4};
  p.right = {1, 2, 2, 3, 4, 5, 5};
  p.match_weight = {20, 20, 20, 6, 20, 20, 20};
  p.match_key = {0, 0, 0, 0, 0, 0, 0};
  const Clusters cc =
      cluster_records(comm, keys, p, 0.95, {ClusteringMethod::kConnectedComponents, 0.5});
  EXPECT_EQ(cc.num_clusters, 1u);
  EXPECT_EQ(cc.summary.components_split, 0u);
  EXPECT_EQ(cc.diagnostics[0].bridges, 1u);
  EXPECT_EQ(cc.diagnostics[0].weakest_link, 6.0);
  EXPECT_DOUBLE_EQ(cc.diagnostics[0].density, 7.0 / 15.0);
  const Clusters sm = cluster_records(comm, keys, p, 0.95);
  EXPECT_EQ(sm.cluster_id, (std::vector<std::string>{"0", "0", "0", "3", "3", "3"}));
  EXPECT_EQ(sm.num_clusters, 2u);
  EXPECT_EQ(sm.largest_cluster, 3u);
  EXPECT_EQ(sm.summary.largest_component, 6u);
  EXPECT_EQ(sm.summary.components_split, 1u);
  EXPECT_EQ(sm.summary.edges_removed, 1u);
}

}  // namespace
}  // namespace xjslink
