// File: dist/cluster_mpi_test.cpp
// Clustering on the ranks this binary was started with (ctest: 1 to 4) gives, record by record,
// the cluster IDs and diagnostics one process computes from the whole graph, for both methods,
// whichever rank holds each pair.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <random>
#include <set>

#include "cluster/linkage_inputs.hpp"
#include "dist/comm.hpp"
#include "dist/component_graphs.hpp"
#include "dist/components.hpp"
#include "xjslink/cluster/cluster.hpp"

namespace xjslink {
namespace {

using dist::Comm;
using testing::keys_for;

// People of 1-8 records, linked inside by strong weights, plus false links between people
// (some strong, some below the threshold); weights from a few values so that ties occur.
Predictions random_pairs(std::mt19937_64& rng, std::uint64_t n) {
  std::set<std::pair<std::uint64_t, std::uint64_t>> pairs;
  std::vector<std::uint64_t> person(n);
  for (std::uint64_t g = 0, id = 0; g < n; ++id) {
    const std::uint64_t size = 1 + rng() % 8;
    for (std::uint64_t k = 0; k < size && g < n; ++k)
      person[g++] = id;
  }
  Predictions p;
  auto add = [&](std::uint64_t a, std::uint64_t b, double w) {
    if (a == b) return;
    if (a > b) std::swap(a, b);
    if (!pairs.insert({a, b}).second) return;
    p.left.push_back(a);
    p.right.push_back(b);
    p.match_weight.push_back(w);
    p.match_key.push_back(0);
  };
  for (std::uint64_t a = 0; a < n; ++a) {
    for (std::uint64_t b = a + 1; b < n && person[b] == person[a]; ++b) {
      if (rng() % 10 != 0) add(a, b, 10.0 + static_cast<double>(rng() % 4));
    }
  }
  for (std::uint64_t k = 0; k < n; ++k)
    add(rng() % n, rng() % n, static_cast<double>(rng() % 12));  // weight < 5: below 0.95
  return p;
}

TEST(ClusterMpi, SameClustersAndDiagnosticsWhateverTheRankCount) {
  const Comm comm = Comm::world();
  int trials_with_splits = 0;
  for (int trial = 0; trial < 20; ++trial) {
    std::mt19937_64 rng(500 + static_cast<std::uint64_t>(trial));  // same data on every rank
    const std::uint64_t na = 100 + rng() % 200, nb = rng() % 200, n = na + nb;
    const Predictions all = random_pairs(rng, n);
    Predictions mine;
    for (std::size_t e = 0; e < all.size(); ++e) {
      if (static_cast<int>((e * 17 + 3) % static_cast<std::size_t>(comm.size())) != comm.rank())
        continue;
      mine.left.push_back(all.left[e]);
      mine.right.push_back(all.right[e]);
      mine.match_weight.push_back(all.match_weight[e]);
      mine.match_key.push_back(0);
    }
    const RecordKeys keys = keys_for(comm, na, nb);
    const RecordKeys all_keys = keys_for(Comm::self(), na, nb);
    for (const ClusteringMethod method :
         {ClusteringMethod::kSupportedMerges, ClusteringMethod::kConnectedComponents}) {
      const ClusteringSpec spec{method, 0.5};
      const Clusters want = cluster_records(Comm::self(), all_keys, all, 0.95, spec);
      const Clusters got = cluster_records(comm, keys, mine, 0.95, spec);
      ASSERT_EQ(got.cluster_id.size(), keys.size());
      for (std::size_t row = 0; row < keys.size(); ++row) {
        const std::uint64_t g = keys.global_index[row];
        EXPECT_EQ(got.cluster_id[row], want.cluster_id[g]) << "trial " << trial << " " << g;
        const ClusterDiagnostics& a = got.diagnostics[row];
        const ClusterDiagnostics& b = want.diagnostics[g];
        EXPECT_EQ(a.size, b.size);
        EXPECT_EQ(std::memcmp(&a.density, &b.density, sizeof(double)), 0);
        EXPECT_EQ(std::memcmp(&a.weakest_link, &b.weakest_link, sizeof(double)), 0);
        EXPECT_EQ(a.bridges, b.bridges);
      }
      EXPECT_EQ(got.num_clusters, want.num_clusters);
      EXPECT_EQ(got.largest_cluster, want.largest_cluster);
      EXPECT_EQ(got.summary.components, want.summary.components);
      EXPECT_EQ(got.summary.largest_component, want.summary.largest_component);
      EXPECT_EQ(got.summary.components_split, want.summary.components_split);
      EXPECT_EQ(got.summary.edges_removed, want.summary.edges_removed);
      EXPECT_EQ(got.summary.refused_merges, want.summary.refused_merges);
      if (method == ClusteringMethod::kSupportedMerges) {
        trials_with_splits += want.summary.components_split > 0 ? 1 : 0;
      } else {
        EXPECT_EQ(want.summary.components_split, 0u);
      }
    }
  }
  EXPECT_GE(trials_with_splits, 10);  // the data do exercise splitting
}

// The links reach the component owners in rounds of a bounded number of pairs; the graphs must
// not depend on the round size, nor on how unevenly the pairs are spread (ranks without pairs
// still take part in every round).
TEST(ClusterMpi, ComponentGraphsDoNotDependOnTheRoundSize) {
  const Comm comm = Comm::world();
  for (int trial = 0; trial < 6; ++trial) {
    std::mt19937_64 rng(900 + static_cast<std::uint64_t>(trial));
    const std::uint64_t na = 50 + rng() % 100, nb = rng() % 100;
    const Predictions all = random_pairs(rng, na + nb);
    Predictions mine;
    for (std::size_t e = 0; e < all.size(); ++e) {
      const int holder =
          trial % 2 == 0 ? 0 : static_cast<int>(e % static_cast<std::size_t>(comm.size()));
      if (holder != comm.rank()) continue;
      mine.left.push_back(all.left[e]);
      mine.right.push_back(all.right[e]);
      mine.match_weight.push_back(all.match_weight[e]);
    }
    const RecordKeys keys = keys_for(comm, na, nb);
    std::vector<std::uint64_t> left, right;
    for (std::size_t e = 0; e < mine.size(); ++e) {
      if (mine.match_probability(e) >= 0.95) {
        left.push_back(mine.left[e]);
        right.push_back(mine.right[e]);
      }
    }
    const std::vector<std::uint64_t> labels =
        dist::connected_components(comm, keys.global_index, left, right);
    auto gather = [&](std::size_t per_round) {
      const dist::OwnedComponents owned =
          dist::gather_component_graphs(comm, keys.global_index, labels, mine.left, mine.right,
                                        mine.match_weight, 0.95, per_round);
      std::vector<std::pair<std::vector<std::uint64_t>, ComponentGraph>> out;
      for (std::size_t c = 0; c < owned.size(); ++c) {
        std::vector<std::uint64_t> vertices;
        ComponentGraph g = owned.graph(c, &vertices);
        out.emplace_back(std::move(vertices), std::move(g));
      }
      return out;
    };
    const auto want = gather(std::size_t{1} << 22);
    std::uint64_t links = 0;
    for (const auto& [vertices, g] : want)
      links += g.edges.size();
    EXPECT_GT(comm.allreduce<std::uint64_t>(links, dist::Op::kSum), 0u);
    for (const std::size_t per_round : {std::size_t{1}, std::size_t{7}, std::size_t{64}}) {
      const auto got = gather(per_round);
      ASSERT_EQ(got.size(), want.size()) << "trial " << trial << " round " << per_round;
      for (std::size_t c = 0; c < got.size(); ++c) {
        EXPECT_EQ(got[c].first, want[c].first);
        ASSERT_EQ(got[c].second.num_vertices, want[c].second.num_vertices);
        ASSERT_EQ(got[c].second.edges.size(), want[c].second.edges.size());
        for (std::size_t k = 0; k < got[c].second.edges.size(); ++k) {
          const GraphEdge& a = got[c].second.edges[k];
          const GraphEdge& b = want[c].second.edges[k];
          EXPECT_EQ(a.u, b.u);
          EXPECT_EQ(a.v, b.v);
          EXPECT_EQ(a.weight, b.weight);
          EXPECT_EQ(a.strong, b.strong);
        }
      }
    }
  }
}

}  // namespace
}  // namespace xjslink
