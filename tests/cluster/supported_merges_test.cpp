// File: cluster/supported_merges_test.cpp
// Supported merges on hand-made graphs (a weak chain between dense groups is cut, a dense
// group with missing pairs is kept, a path of strong links is cut into pieces, ties follow the
// vertex order) and against a plain reference twin on random graphs.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>

#include "cluster/graph_builders.hpp"
#include "xjslink/cluster/supported_merges.hpp"

namespace xjslink {
namespace {

using testing::add_clique;
using testing::add_edge;

// Reference: the definition written for obviousness. Labels are the smallest member; links
// between two clusters are counted over all edges each time; in each of the two phases (share
// of record pairs, then links per record of the smaller group) passes repeat until none merges.
ClusterAssignment reference_supported_merges(const ComponentGraph& g, double rho) {
  std::vector<std::uint32_t> label(g.num_vertices);
  for (std::uint32_t v = 0; v < g.num_vertices; ++v)
    label[v] = v;
  std::vector<GraphEdge> strong;
  for (const GraphEdge& e : g.edges) {
    if (e.strong) strong.push_back(e);
  }
  std::stable_sort(strong.begin(), strong.end(), [](const GraphEdge& x, const GraphEdge& y) {
    if (x.weight != y.weight) return x.weight > y.weight;
    return std::make_pair(x.u, x.v) < std::make_pair(y.u, y.v);
  });
  for (const bool per_record : {false, true}) {
    for (bool merged = true; merged;) {
      merged = false;
      for (const GraphEdge& e : strong) {
        const std::uint32_t a = label[e.u], b = label[e.v];
        if (a == b) continue;
        const double size_a = static_cast<double>(std::count(label.begin(), label.end(), a));
        const double size_b = static_cast<double>(std::count(label.begin(), label.end(), b));
        double links = 0;
        for (const GraphEdge& f : g.edges) {
          const std::uint32_t x = label[f.u], y = label[f.v];
          links += (x == a && y == b) || (x == b && y == a) ? 1 : 0;
        }
        if (links / (per_record ? std::min(size_a, size_b) : size_a * size_b) < rho) continue;
        const std::uint32_t keep = std::min(a, b), drop = std::max(a, b);
        for (auto& l : label)
          l = l == drop ? keep : l;
        merged = true;
      }
    }
  }
  return label;
}

TEST(SupportedMerges, CutsAChainOfWeakLinksBetweenTwoDenseGroups) {
  ComponentGraph g;
  add_clique(g, 0, 5, 20.0);  // person A: records 0-4
  add_edge(g, 4, 5, 6.0);     // a chain of weak (but above-threshold) links: 4 - 5 - 6 - 7
  add_edge(g, 5, 6, 6.0);
  add_edge(g, 6, 7, 6.0);
  add_clique(g, 7, 5, 20.0);  // person B: records 7-11
  // Phase 1 makes A, B and the pair 5-6; phase 2 joins the pair to A (1 link for 2 records)
  // but not A to B (1 link for the 5 records of B).
  const ClusterAssignment got = supported_merges(g, 0.5);
  const ClusterAssignment want = {0, 0, 0, 0, 0, 0, 0, 7, 7, 7, 7, 7};
  EXPECT_EQ(got, want);
  EXPECT_EQ(connected_clusters(g), ClusterAssignment(12, 0));  // components chain them all
}

TEST(SupportedMerges, CutsOneStrongFalseLinkBetweenUnequalGroups) {
  // A link stronger than the smaller group's own links, taken first: phase 1 refuses to add
  // record 11 to the group of 10 on it (1 of 10 pairs), so the group of 3 forms, and phase 2
  // refuses the groups (1 link for 3 records).
  ComponentGraph g;
  add_clique(g, 0, 10, 15.0);
  add_clique(g, 10, 3, 12.0);
  add_edge(g, 3, 11, 14.0);
  const ClusterAssignment got = supported_merges(g, 0.5);
  for (std::uint32_t v = 0; v < 13; ++v)
    EXPECT_EQ(got[v], v < 10 ? 0u : 10u) << v;
}

TEST(SupportedMerges, OneStrongLinkJoinsAPairToAGroup) {
  // Decided (docs/clustering.md): with half a link per record, one link is enough for a group
  // of two (or one) records. On sparse data (Splink's fake_1000) a true person's pieces are
  // often joined by no more than that.
  ComponentGraph g;
  add_clique(g, 0, 10, 15.0);
  add_clique(g, 10, 2, 12.0);
  add_edge(g, 3, 11, 14.0);
  EXPECT_EQ(supported_merges(g, 0.5), ClusterAssignment(12, 0));
  EXPECT_EQ(supported_merges(g, 0.51), (ClusterAssignment{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 10, 10}));
}

TEST(SupportedMerges, KeepsADenseGroupWithMissingPairs) {
  // Six records, every pair linked except a perfect matching (0-1, 2-3, 4-5): density 12/15.
  // Whatever the weights, any two parts are joined by at least two thirds of their pairs.
  std::mt19937_64 rng(11);
  for (int trial = 0; trial < 200; ++trial) {
    ComponentGraph g;
    for (std::uint32_t a = 0; a < 6; ++a) {
      for (std::uint32_t b = a + 1; b < 6; ++b) {
        if (b == a + 1 && a % 2 == 0) continue;
        add_edge(g, a, b, static_cast<double>(rng() % 5),
                 rng() % 3 != 0 || b == a + 2 || b == a + 3);
      }
    }
    EXPECT_EQ(supported_merges(g, 0.5), ClusterAssignment(6, 0)) << "trial " << trial;
  }
}

TEST(SupportedMerges, WeakLinksSupportAMerge) {
  // Two groups of three joined by one strong link: 1 link for 3 records. One more link below
  // the cluster threshold makes it 2 for 3, so the groups merge.
  ComponentGraph g;
  add_clique(g, 0, 3, 20.0);
  add_clique(g, 3, 3, 20.0);
  add_edge(g, 2, 3, 5.0);
  EXPECT_EQ(supported_merges(g, 0.5), (ClusterAssignment{0, 0, 0, 3, 3, 3}));
  add_edge(g, 0, 4, 1.0, /*strong=*/false);
  EXPECT_EQ(supported_merges(g, 0.5), ClusterAssignment(6, 0));
}

TEST(SupportedMerges, CutsALongPathOfStrongLinksIntoPieces) {
  // Decided (docs/clustering.md): a path has no evidence that its ends are one person. Phase 1
  // lets a record join a group only when linked to at least half of it (pieces of three);
  // phase 2 adds the last record to its piece (1 link for 1 record) but joins no two pieces
  // (1 link for 3 records).
  ComponentGraph g;
  for (std::uint32_t v = 0; v + 1 < 10; ++v)
    add_edge(g, v, v + 1, 25.0);
  SupportedMergeStats stats;
  EXPECT_EQ(supported_merges(g, 0.5, &stats), (ClusterAssignment{0, 0, 0, 3, 3, 3, 6, 6, 6, 6}));
  EXPECT_EQ(stats.passes, 4u);  // two in each phase, the second of each merging nothing
}

TEST(SupportedMerges, TiesFollowTheVertexOrderWhateverTheEdgeOrder) {
  // Record 6 is linked equally to two groups of three. The first edge by (u, v), 2-6, joins it
  // to the first group in phase 2; that group of 4 and the other (1 link for 3 records) stay
  // apart.
  ComponentGraph g;
  add_clique(g, 0, 3, 20.0);
  add_clique(g, 3, 3, 20.0);
  add_edge(g, 2, 6, 10.0);
  add_edge(g, 3, 6, 10.0);
  const ClusterAssignment want = {0, 0, 0, 3, 3, 3, 0};
  EXPECT_EQ(supported_merges(g, 0.5), want);
  std::mt19937_64 rng(5);
  for (int trial = 0; trial < 50; ++trial) {
    std::shuffle(g.edges.begin(), g.edges.end(), rng);
    EXPECT_EQ(supported_merges(g, 0.5), want);
  }
}

TEST(SupportedMerges, ASupportEqualToTheSettingMerges) {
  // Two groups of 5 with 3 links between them: 3 links for 5 records = 0.6 exactly, although
  // 0.6 · 5 rounds above 3 in floating point (phase 1 refuses: 3 of 25 pairs).
  ComponentGraph g;
  add_clique(g, 0, 5, 20.0);
  add_clique(g, 5, 5, 20.0);
  add_edge(g, 0, 5, 10.0);
  add_edge(g, 1, 6, 9.0);
  add_edge(g, 2, 7, 8.0);
  EXPECT_EQ(supported_merges(g, 0.6), ClusterAssignment(10, 0));
  EXPECT_EQ(supported_merges(g, 0.61), (ClusterAssignment{0, 0, 0, 0, 0, 5, 5, 5, 5, 5}));
}

TEST(SupportedMerges, ZeroDensityIsConnectedComponents) {
  std::mt19937_64 rng(3);
  for (int trial = 0; trial < 200; ++trial) {
    const auto n = static_cast<std::uint32_t>(1 + rng() % 60);
    const ComponentGraph g = testing::random_graph(rng, n, rng() % (3 * n));
    EXPECT_EQ(supported_merges(g, 0.0), connected_clusters(g)) << "trial " << trial;
  }
}

TEST(SupportedMerges, MatchesTheReferenceOnRandomGraphs) {
  std::mt19937_64 rng(2026);
  const double densities[] = {0.2, 0.34, 0.5, 0.75, 1.0};
  std::map<std::uint32_t, int> splits;
  for (int trial = 0; trial < 1000; ++trial) {
    const auto n = static_cast<std::uint32_t>(1 + rng() % 40);
    const ComponentGraph g = testing::random_graph(rng, n, rng() % (4 * n));
    const double rho = densities[trial % 5];
    const ClusterAssignment got = supported_merges(g, rho);
    ASSERT_EQ(got, reference_supported_merges(g, rho)) << "trial " << trial << " rho " << rho;
    // Shuffling the input edges changes nothing.
    ComponentGraph shuffled = g;
    std::shuffle(shuffled.edges.begin(), shuffled.edges.end(), rng);
    ASSERT_EQ(supported_merges(shuffled, rho), got) << "trial " << trial;
    splits[static_cast<std::uint32_t>(got != connected_clusters(g))]++;
  }
  EXPECT_GT(splits[1], 100);  // the random graphs do exercise splitting
}

}  // namespace
}  // namespace xjslink
