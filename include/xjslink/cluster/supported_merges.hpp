// File: cluster/supported_merges.hpp
// Clustering that resists chaining: agglomerative clustering in single-linkage order with a
// support test on every merge. Strong edges are taken strongest first (ties by the smaller
// then the larger vertex); an edge joining groups A and B merges them only if the scored links
// between A and B (strong or not) number at least min_link_support · min(|A|, |B|): the
// records of the smaller group are, on average, linked to that many records of the larger.
// Passes over the edges repeat until none merges, so in the result no strong edge joins two
// clusters whose links would support merging them. See docs/clustering.md for the literature.
#pragma once

#include <cstdint>

#include "xjslink/cluster/component_graph.hpp"

namespace xjslink {

struct SupportedMergeStats {
  std::uint64_t passes = 0;          // passes over the strong edges (the last merges nothing)
  std::uint64_t refused_merges = 0;  // support tests that failed, over all passes
};

ClusterAssignment supported_merges(const ComponentGraph& graph, double min_link_support,
                                   SupportedMergeStats* stats = nullptr);

}  // namespace xjslink
