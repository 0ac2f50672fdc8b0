// File: cluster/spanning_forest_test.cpp
// The spanning forest of streamed edges has the components of all the edges (against a plain
// breadth-first search on random graphs, chains and stars over sparse global indices), with
// exactly one edge per record seen beyond the first of each component.
#include "cluster/spanning_forest.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <queue>
#include <random>
#include <set>

namespace xjslink {
namespace {

// Per vertex seen, the smallest vertex of its component, by BFS.
std::map<std::uint64_t, std::uint64_t> reference_components(const std::vector<std::uint64_t>& l,
                                                            const std::vector<std::uint64_t>& r) {
  std::map<std::uint64_t, std::vector<std::uint64_t>> adj;
  for (std::size_t e = 0; e < l.size(); ++e) {
    adj[l[e]].push_back(r[e]);
    adj[r[e]].push_back(l[e]);
  }
  std::map<std::uint64_t, std::uint64_t> label;
  for (const auto& [s, unused] : adj) {  // ascending, so s is its component's smallest
    if (label.count(s) > 0) continue;
    std::queue<std::uint64_t> q;
    q.push(s);
    label[s] = s;
    while (!q.empty()) {
      const std::uint64_t v = q.front();
      q.pop();
      for (const std::uint64_t w : adj[v]) {
        if (label.emplace(w, s).second) q.push(w);
      }
    }
  }
  return label;
}

TEST(SpanningForest, SameComponentsAsAllEdgesInOneEdgePerRecord) {
  std::mt19937_64 rng(31);
  for (int trial = 0; trial < 200; ++trial) {
    const std::uint64_t n = 1 + rng() % 3000;
    const std::uint64_t m = rng() % (2 * n);
    const std::uint64_t stride = 1 + rng() % 1000003;  // sparse, large global indices
    std::vector<std::uint64_t> l, r;
    for (std::uint64_t e = 0; e < m; ++e) {
      std::uint64_t a = rng() % n, b = rng() % n;
      if (trial % 4 == 1 && n > 1) {  // a chain
        a = e % (n - 1);
        b = a + 1;
      } else if (trial % 4 == 2) {  // a star onto the largest vertex
        a = n - 1;
      }
      l.push_back(a * stride + 5);
      r.push_back(b * stride + 5);
    }
    detail::SpanningForest forest;
    for (std::size_t e = 0; e < l.size(); ++e)
      forest.add(l[e], r[e]);
    std::vector<std::uint64_t> fl, fr;
    forest.edges(&fl, &fr);
    const auto want = reference_components(l, r);
    EXPECT_EQ(forest.records(), want.size());
    std::set<std::uint64_t> roots;
    for (const auto& [v, label] : want)
      roots.insert(label);
    EXPECT_EQ(fl.size(), want.size() - roots.size()) << "trial " << trial;
    // Forest edges join only records of one component, and join all of each one.
    auto got = reference_components(fl, fr);
    for (const auto& [v, label] : want) {
      if (label == v && got.count(v) == 0) got[v] = v;  // a component of one record (a loop)
    }
    EXPECT_EQ(got, want) << "trial " << trial;
  }
}

}  // namespace
}  // namespace xjslink
