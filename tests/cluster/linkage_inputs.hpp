// File: cluster/linkage_inputs.hpp
// Random linkage inputs for the clustering tests that run on any rank count: record keys as
// partitioned ingest spreads them, scored pairs of people with true and false links, a rank's
// share of the pairs, and a record-by-record comparison of two clusterings.
#pragma once

#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <random>
#include <set>
#include <string>
#include <utility>

#include "dist/comm.hpp"
#include "xjslink/cluster/cluster.hpp"
#include "xjslink/pairs/edge_source.hpp"

namespace xjslink::testing {

// Records of two inputs of na and nb records, read in parts as partitioned ingest reads them;
// unique ids sort in reverse of the global index, so IDs are not simply the smallest index.
inline RecordKeys keys_for(const dist::Comm& comm, std::uint64_t na, std::uint64_t nb) {
  const auto p = static_cast<std::uint64_t>(comm.size());
  const auto r = static_cast<std::uint64_t>(comm.rank());
  RecordKeys keys;
  keys.source_names = {"a", "b"};
  auto add = [&](std::uint64_t g) {
    keys.global_index.push_back(g);
    keys.source.push_back(g < na ? 0 : 1);
    char uid[24];
    std::snprintf(uid, sizeof(uid), "%06llu", static_cast<unsigned long long>(na + nb - g));
    keys.unique_id.append_string(uid);
  };
  for (std::uint64_t g = na * r / p; g < na * (r + 1) / p; ++g)
    add(g);
  for (std::uint64_t g = nb * r / p; g < nb * (r + 1) / p; ++g)
    add(na + g);
  return keys;
}

// People of 1-8 records, linked inside by strong weights, plus `false_links` random links
// between people (weights 0-11: some strong, some below a 0.95 threshold); weights come from a
// few values so that ties occur.
inline EdgeRows random_links(std::mt19937_64& rng, std::uint64_t n, std::uint64_t false_links) {
  std::set<std::pair<std::uint64_t, std::uint64_t>> seen;
  std::vector<std::uint64_t> person(n);
  for (std::uint64_t g = 0, id = 0; g < n; ++id) {
    const std::uint64_t size = 1 + rng() % 8;
    for (std::uint64_t k = 0; k < size && g < n; ++k)
      person[g++] = id;
  }
  EdgeRows rows;
  auto add = [&](std::uint64_t a, std::uint64_t b, double w) {
    if (a == b) return;
    if (a > b) std::swap(a, b);
    if (!seen.insert({a, b}).second) return;
    rows.left.push_back(a);
    rows.right.push_back(b);
    rows.match_weight.push_back(w);
  };
  for (std::uint64_t a = 0; a < n; ++a) {
    for (std::uint64_t b = a + 1; b < n && person[b] == person[a]; ++b) {
      if (rng() % 10 != 0) add(a, b, 10.0 + static_cast<double>(rng() % 4));
    }
  }
  for (std::uint64_t k = 0; k < false_links; ++k)
    add(rng() % n, rng() % n, static_cast<double>(rng() % 12));
  // Not in record order, as a rank's kept pairs are not.
  std::vector<std::size_t> order(rows.size());
  for (std::size_t i = 0; i < order.size(); ++i)
    order[i] = i;
  std::shuffle(order.begin(), order.end(), rng);
  EdgeRows shuffled;
  for (const std::size_t i : order) {
    shuffled.left.push_back(rows.left[i]);
    shuffled.right.push_back(rows.right[i]);
    shuffled.match_weight.push_back(rows.match_weight[i]);
  }
  return shuffled;
}

// Row e of `all` goes to rank holder(e).
template <typename Holder>
EdgeRows share_of(const EdgeRows& all, int rank, const Holder& holder) {
  EdgeRows mine;
  for (std::size_t e = 0; e < all.size(); ++e) {
    if (holder(e) != rank) continue;
    mine.left.push_back(all.left[e]);
    mine.right.push_back(all.right[e]);
    mine.match_weight.push_back(all.match_weight[e]);
  }
  return mine;
}

inline Predictions as_predictions(const EdgeRows& rows) {
  Predictions p;
  p.left = rows.left;
  p.right = rows.right;
  p.match_weight = rows.match_weight;
  p.match_key.assign(rows.size(), 0);
  return p;
}

// `got` (for the records of `keys`) against `want` (for every record, by global index): the
// same cluster IDs, diagnostics to the bit, and global figures.
inline void expect_same_clusters(const Clusters& got, const RecordKeys& keys, const Clusters& want,
                                 const std::string& context) {
  ASSERT_EQ(got.cluster_id.size(), keys.size()) << context;
  ASSERT_EQ(got.diagnostics.size(), keys.size()) << context;
  std::size_t differing = 0;
  for (std::size_t row = 0; row < keys.size(); ++row) {
    const std::uint64_t g = keys.global_index[row];
    const ClusterDiagnostics& a = got.diagnostics[row];
    const ClusterDiagnostics& b = want.diagnostics[g];
    const bool same = got.cluster_id[row] == want.cluster_id[g] && a.size == b.size &&
                      a.bridges == b.bridges &&
                      std::memcmp(&a.density, &b.density, sizeof(double)) == 0 &&
                      std::memcmp(&a.weakest_link, &b.weakest_link, sizeof(double)) == 0;
    if (!same && differing++ < 5) ADD_FAILURE() << context << ": record " << g << " differs";
  }
  EXPECT_EQ(differing, 0u) << context;
  EXPECT_EQ(got.num_clusters, want.num_clusters) << context;
  EXPECT_EQ(got.num_edges, want.num_edges) << context;
  EXPECT_EQ(got.largest_cluster, want.largest_cluster) << context;
  const ClusteringSummary &s = got.summary, &t = want.summary;
  EXPECT_EQ(s.method, t.method) << context;
  EXPECT_EQ(s.min_link_support, t.min_link_support) << context;
  EXPECT_EQ(s.components, t.components) << context;
  EXPECT_EQ(s.largest_component, t.largest_component) << context;
  EXPECT_EQ(s.components_split, t.components_split) << context;
  EXPECT_EQ(s.edges_removed, t.edges_removed) << context;
  EXPECT_EQ(s.refused_merges, t.refused_merges) << context;
  EXPECT_EQ(s.max_passes, t.max_passes) << context;
}

}  // namespace xjslink::testing
