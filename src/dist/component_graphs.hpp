// File: dist/component_graphs.hpp
// Moves each connected component's scored links to one rank, its owner (a hash of the
// component's label), so that a component can be clustered whole by one thread; and brings the
// per-record results back to the ranks that hold the records. No rank ever holds more than
// the components it owns, never all edges. Memory: the owner keeps 32 bytes per owned link;
// the exchange runs in rounds of a fixed number of pairs, so its buffers do not grow with the
// pairs, and a component's graph is built only while a thread clusters it. Read from an
// EdgeSource, the components can be gathered in batches (a hash of the label), so that an owner
// holds the links of one batch at a time, or all links can pass once through a caller's sink.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "dist/comm.hpp"
#include "xjslink/cluster/component_graph.hpp"
#include "xjslink/pairs/edge_source.hpp"

namespace xjslink::dist {

struct OwnedLink {
  std::uint64_t label;        // the component's label
  std::uint64_t left, right;  // global indices, left < right
  double weight;
};

class OwnedComponents {
 public:
  OwnedComponents(std::vector<OwnedLink> links, double threshold);
  std::size_t size() const { return begin_.size() - 1; }  // owned components
  // Component c's graph: vertex v is record vertices[v] (ascending global indices); a link is
  // strong when its match probability is at least the threshold.
  ComponentGraph graph(std::size_t c, std::vector<std::uint64_t>* vertices) const;

 private:
  std::vector<OwnedLink> links_;    // sorted by (label, left, right)
  std::vector<std::size_t> begin_;  // component c's links: [begin_[c], begin_[c + 1])
  double threshold_;
};

// Collective. local_records: this rank's global indices (ascending); labels: their component
// labels (connected_components). Pairs (left[i], right[i], weight[i]) may be held by any rank;
// pairs whose records are in different components are dropped. The pairs are released once
// the last round has sent them, before the received links are put together. pairs_per_round
// bounds the exchange buffers (all ranks must pass the same value).
OwnedComponents gather_component_graphs(const Comm& comm,
                                        std::span<const std::uint64_t> local_records,
                                        const std::vector<std::uint64_t>& labels,
                                        std::vector<std::uint64_t> left,
                                        std::vector<std::uint64_t> right,
                                        std::vector<double> weight, double threshold,
                                        std::size_t pairs_per_round = std::size_t{1} << 20);

// Collective: the number of batches (the same on every rank, at least 1) for which one batch's
// links, spread evenly over the owners, take at most link_budget_bytes on a rank. local_pairs is
// this rank's number of pairs, which bounds its links from above.
std::uint64_t component_batches_for_budget(const Comm& comm, std::uint64_t local_pairs,
                                           std::uint64_t link_budget_bytes);

// The batch (0..batches-1) of the component with this label: other bits of the hash that picks
// its owner, so each owner's components spread over the batches.
std::uint64_t component_batch(std::uint64_t label, int nranks, std::uint64_t batches);

// Collective. As gather_component_graphs, but only for the components of batch `batch` of
// `batches` (component_batch), with the pairs read from `edges`, rows_per_round rows at a time
// (a rank may pass its own value; all run as many rounds as the busiest).
OwnedComponents gather_component_batch(const Comm& comm,
                                       std::span<const std::uint64_t> local_records,
                                       const std::vector<std::uint64_t>& labels,
                                       const EdgeSource& edges, double threshold,
                                       std::uint64_t batch, std::uint64_t batches,
                                       std::size_t rows_per_round = std::size_t{1} << 20);

// Collective. Every link of `edges` inside a component reaches its owner in one pass: the
// rows are read rows_per_round at a time, the labels of both ends fetched once, and `take` is
// called on the owner with each round's received links (in no particular order; it may keep
// them elsewhere, e.g. on disk). An Error that `take` or a read throws on any rank is thrown
// on every rank, before the next exchange.
void gather_component_links(const Comm& comm, std::span<const std::uint64_t> local_records,
                            const std::vector<std::uint64_t>& labels, const EdgeSource& edges,
                            std::size_t rows_per_round,
                            const std::function<void(std::span<const OwnedLink>)>& take);

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
// none). `computed` is released before the exchange.
struct LocalOutcomes {
  std::vector<RecordOutcome> outcome;
  std::vector<std::uint8_t> has;
};
LocalOutcomes return_record_outcomes(const Comm& comm, std::span<const std::uint64_t> local_records,
                                     std::vector<RecordOutcome> computed);

}  // namespace xjslink::dist
