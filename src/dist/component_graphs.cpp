// File: dist/component_graphs.cpp
// Component labels of both ends of every pair are fetched from the records' ranks, a round of
// pairs at a time; a pair inside a component goes to the component's owner, where links are
// sorted by (label, left, right), so each component's graph is built in the same order
// whatever the rank count.
#include "dist/component_graphs.hpp"

#include <algorithm>

#include "byte_buffer.hpp"
#include "dist/fetch_values.hpp"
#include "dist/index_layout.hpp"
#include "xjslink/error.hpp"
#include "xjslink/model.hpp"

namespace xjslink::dist {
namespace {

// splitmix64 finaliser: spreads consecutive labels over ranks.
std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace

OwnedComponents::OwnedComponents(std::vector<OwnedLink> links, double threshold)
    : links_(std::move(links)), threshold_(threshold) {
  std::sort(links_.begin(), links_.end(), [](const OwnedLink& a, const OwnedLink& b) {
    if (a.label != b.label) return a.label < b.label;
    if (a.left != b.left) return a.left < b.left;
    return a.right < b.right;
  });
  begin_.push_back(0);
  for (std::size_t k = 1; k <= links_.size(); ++k) {
    if (k == links_.size() || links_[k].label != links_[k - 1].label) begin_.push_back(k);
  }
}

ComponentGraph OwnedComponents::graph(std::size_t c, std::vector<std::uint64_t>* vertices) const {
  const std::size_t begin = begin_[c], end = begin_[c + 1];
  vertices->clear();
  vertices->reserve(2 * (end - begin));
  for (std::size_t k = begin; k < end; ++k) {
    vertices->push_back(links_[k].left);
    vertices->push_back(links_[k].right);
  }
  std::sort(vertices->begin(), vertices->end());
  vertices->erase(std::unique(vertices->begin(), vertices->end()), vertices->end());
  vertices->shrink_to_fit();
  XJS_CHECK(vertices->size() < UINT32_MAX, "a component has more than 2^32 records");
  ComponentGraph g;
  g.num_vertices = static_cast<std::uint32_t>(vertices->size());
  g.edges.reserve(end - begin);
  auto local = [vertices](std::uint64_t v) {
    return static_cast<std::uint32_t>(std::lower_bound(vertices->begin(), vertices->end(), v) -
                                      vertices->begin());
  };
  for (std::size_t k = begin; k < end; ++k) {
    const OwnedLink& l = links_[k];
    XJS_CHECK(k == begin || l.left != links_[k - 1].left || l.right != links_[k - 1].right,
              "a pair is scored twice");
    g.edges.push_back({local(l.left), local(l.right), l.weight,
                       probability_from_log2_odds(l.weight) >= threshold_});
  }
  return g;
}

OwnedComponents gather_component_graphs(const Comm& comm,
                                        std::span<const std::uint64_t> local_records,
                                        const std::vector<std::uint64_t>& labels,
                                        std::vector<std::uint64_t> left,
                                        std::vector<std::uint64_t> right,
                                        std::vector<double> weight, double threshold,
                                        std::size_t pairs_per_round) {
  XJS_CHECK(pairs_per_round > 0, "pairs_per_round must be positive");
  const IndexLayout layout(comm, local_records);
  const auto nranks = static_cast<std::uint64_t>(comm.size());
  const std::size_t m = left.size();
  // Every rank takes part in every round, so all run as many rounds as the busiest.
  const std::uint64_t rounds =
      comm.allreduce<std::uint64_t>((m + pairs_per_round - 1) / pairs_per_round, Op::kMax);
  // Links are appended to one array as each round arrives, so no round's buffer outlives it
  // (holding every round and then concatenating them had the links twice at the peak).
  // Reserved for this rank's share of all pairs with a margin (virtual memory only until
  // used); a rank that receives more grows it.
  const std::uint64_t all_pairs = comm.allreduce<std::uint64_t>(m, Op::kSum);
  std::vector<OwnedLink> links;
  links.reserve(nranks == 1 ? all_pairs : all_pairs / nranks + all_pairs / (4 * nranks) + 1);
  for (std::uint64_t round = 0; round < rounds; ++round) {
    const std::size_t begin = std::min<std::size_t>(m, round * pairs_per_round);
    const std::size_t end = std::min<std::size_t>(m, begin + pairs_per_round);
    std::vector<std::uint64_t> ends(left.begin() + begin, left.begin() + end);
    ends.insert(ends.end(), right.begin() + begin, right.begin() + end);
    const std::vector<std::uint64_t> end_labels = fetch_values(comm, layout, labels, ends);
    ends = {};
    const std::size_t n = end - begin;
    std::vector<std::vector<OwnedLink>> send(nranks);
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint64_t label = end_labels[i];
      if (label != end_labels[n + i]) continue;
      const std::uint64_t l = left[begin + i], r = right[begin + i];
      send[mix(label) % nranks].push_back(
          {label, std::min(l, r), std::max(l, r), weight[begin + i]});
    }
    const Comm::Received got = comm.alltoallv_bytes(pack(send));
    const std::size_t at = links.size(), got_links = got.bytes.size() / sizeof(OwnedLink);
    links.resize(at + got_links);
    copy_bytes(links.data() + at, got.bytes.data(), got_links * sizeof(OwnedLink));
  }
  left = {};
  right = {};
  weight = {};
  return OwnedComponents(std::move(links), threshold);
}

LocalOutcomes return_record_outcomes(const Comm& comm, std::span<const std::uint64_t> local_records,
                                     const std::vector<RecordOutcome>& computed) {
  const IndexLayout layout(comm, local_records);
  std::vector<std::vector<RecordOutcome>> send(static_cast<std::size_t>(comm.size()));
  for (const RecordOutcome& o : computed)
    send[static_cast<std::size_t>(layout.owner(o.global_index))].push_back(o);
  const std::vector<RecordOutcome> got = unpack<RecordOutcome>(comm.alltoallv_bytes(pack(send)));
  LocalOutcomes out;
  out.outcome.resize(local_records.size());
  out.has.assign(local_records.size(), 0);
  for (const RecordOutcome& o : got) {
    const RowRef ref = layout.locate(o.global_index);
    XJS_CHECK(ref.rank == comm.rank(), "an outcome reached the wrong rank");
    out.outcome[ref.row] = o;
    out.has[ref.row] = 1;
  }
  return out;
}

}  // namespace xjslink::dist
