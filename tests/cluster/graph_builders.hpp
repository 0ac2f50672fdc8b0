// File: cluster/graph_builders.hpp
// Hand-made and random component graphs for the clustering tests.
#pragma once

#include <algorithm>
#include <random>
#include <set>
#include <utility>

#include "xjslink/cluster/component_graph.hpp"

namespace xjslink::testing {

inline void add_edge(ComponentGraph& g, std::uint32_t a, std::uint32_t b, double weight,
                     bool strong = true) {
  g.edges.push_back({std::min(a, b), std::max(a, b), weight, strong});
  g.num_vertices = std::max(g.num_vertices, std::max(a, b) + 1);
}

// Every pair of [first, first + n) linked at `weight`.
inline void add_clique(ComponentGraph& g, std::uint32_t first, std::uint32_t n, double weight) {
  for (std::uint32_t a = first; a < first + n; ++a) {
    for (std::uint32_t b = a + 1; b < first + n; ++b)
      add_edge(g, a, b, weight);
  }
}

// A random graph on n vertices: m distinct pairs, weights drawn from a few values (so ties
// happen), about a quarter of the links weak.
inline ComponentGraph random_graph(std::mt19937_64& rng, std::uint32_t n, std::size_t m) {
  ComponentGraph g;
  g.num_vertices = n;
  std::set<std::pair<std::uint32_t, std::uint32_t>> seen;
  for (std::size_t k = 0; k < m && n > 1; ++k) {
    std::uint32_t a = static_cast<std::uint32_t>(rng() % n);
    std::uint32_t b = static_cast<std::uint32_t>(rng() % n);
    if (a == b) continue;
    if (a > b) std::swap(a, b);
    if (!seen.insert({a, b}).second) continue;
    const double weight = static_cast<double>(rng() % 8);
    g.edges.push_back({a, b, weight, rng() % 4 != 0});
  }
  return g;
}

}  // namespace xjslink::testing
