// File: dist/component_graphs.hpp
// Moves each connected component's scored links to one rank, its owner (a hash of the
// component's label), so that a component can be clustered whole by one thread; and brings the
// per-record results back to the ranks that hold the records. No rank ever holds more than
// the components it owns, never all edges.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "dist/comm.hpp"
#include "xjslink/cluster/component_graph.hpp"

namespace xjslink::dist {

struct OwnedComponents {
  // Per owned component, ascending by label: its records' global indices (ascending; the
  // graph's vertex v is vertex_global[c][v]) and its graph.
  std::vector<std::uint64_t> label;
  std::vector<std::vector<std::uint64_t>> vertex_global;
  std::vector<ComponentGraph> graph;
};

// Collective. local_records: this rank's global indices (ascending); labels: their component
// labels (connected_components). Pairs (left[i], right[i], weight[i], strong[i]) may be held by
// any rank; pairs whose records are in different components are dropped.
OwnedComponents gather_component_graphs(const Comm& comm,
                                        std::span<const std::uint64_t> local_records,
                                        const std::vector<std::uint64_t>& labels,
                                        std::span<const std::uint64_t> left,
                                        std::span<const std::uint64_t> right,
                                        std::span<const double> weight,
                                        const std::vector<std::uint8_t>& strong);

struct RecordOutcome {
  std::uint64_t global_index;
  std::uint64_t cluster_label;  // smallest global index of the final cluster
  std::uint64_t size;
  std::uint64_t bridges;
  double density;
  double weakest_link;
};

// Collective: outcomes computed on component owners go to the ranks holding the records.
// Returns one per local record; has[row] says whether one arrived (records without links get
// none).
struct LocalOutcomes {
  std::vector<RecordOutcome> outcome;
  std::vector<std::uint8_t> has;
};
LocalOutcomes return_record_outcomes(const Comm& comm, std::span<const std::uint64_t> local_records,
                                     const std::vector<RecordOutcome>& computed);

}  // namespace xjslink::dist
