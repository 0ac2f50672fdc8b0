// File: cluster/cluster_diagnostics.hpp
// What holds each cluster together (the per-cluster columns of clusters.csv/.h5): its size; its
// density, the share of its n(n-1)/2 record pairs that are scored links; its weakest link, the
// lowest match weight in a maximum spanning tree of its strong edges; and its bridges, the
// strong edges whose removal would disconnect it (Splink's cluster metrics have the same
// density and bridge notions).
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

#include "xjslink/cluster/component_graph.hpp"

namespace xjslink {

struct ClusterDiagnostics {
  std::uint64_t size = 1;
  double density = 1.0;                                            // 1 for a singleton
  double weakest_link = std::numeric_limits<double>::quiet_NaN();  // NaN (null): singleton
  std::uint64_t bridges = 0;
};

// Per vertex, the diagnostics of its cluster. Edges between two clusters are ignored; the
// strong edges inside a cluster must connect it (every method guarantees this).
std::vector<ClusterDiagnostics> cluster_diagnostics(const ComponentGraph& graph,
                                                    const ClusterAssignment& cluster_of);

}  // namespace xjslink
