// File: dist/component_graphs.cpp
// Component labels of both ends of every pair are fetched from the records' ranks, a round of
// pairs at a time; a pair inside a component goes to the component's owner, where links are
// sorted by (label, left, right), so each component's graph is built in the same order
// whatever the rank count, round size or batch count.
#include "dist/component_graphs.hpp"

#include <algorithm>

#include "byte_buffer.hpp"
#include "dist/agree.hpp"
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

namespace {

// One round of pairs: the component labels of both ends are fetched, and each pair inside a
// component whose label `keep` accepts goes to the component's owner, where it is appended to
// `links` (so no round's buffer outlives it).
template <typename Keep>
void gather_round(const Comm& comm, const IndexLayout& layout,
                  const std::vector<std::uint64_t>& labels, std::span<const std::uint64_t> left,
                  std::span<const std::uint64_t> right, std::span<const double> weight,
                  const Keep& keep, std::vector<OwnedLink>& links) {
  const auto nranks = static_cast<std::uint64_t>(comm.size());
  const std::size_t n = left.size();
  std::vector<std::uint64_t> ends(left.begin(), left.end());
  ends.insert(ends.end(), right.begin(), right.end());
  const std::vector<std::uint64_t> end_labels = fetch_values(comm, layout, labels, ends);
  ends = {};
  std::vector<std::vector<OwnedLink>> send(nranks);
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint64_t label = end_labels[i];
    if (label != end_labels[n + i] || !keep(label)) continue;
    const std::uint64_t l = left[i], r = right[i];
    send[mix(label) % nranks].push_back({label, std::min(l, r), std::max(l, r), weight[i]});
  }
  const Comm::Received got = comm.alltoallv_bytes(pack(send));
  const std::size_t at = links.size(), got_links = got.bytes.size() / sizeof(OwnedLink);
  links.resize(at + got_links);
  copy_bytes(links.data() + at, got.bytes.data(), got_links * sizeof(OwnedLink));
}

// Reserved for this rank's share of `pairs` links with a margin (virtual memory only until
// used); a rank that receives more grows it.
std::size_t expected_links(std::uint64_t pairs, std::uint64_t nranks) {
  return nranks == 1 ? pairs : pairs / nranks + pairs / (4 * nranks) + 1;
}

}  // namespace

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
  // Links are appended to one array as each round arrives (holding every round and then
  // concatenating them had the links twice at the peak).
  const std::uint64_t all_pairs = comm.allreduce<std::uint64_t>(m, Op::kSum);
  std::vector<OwnedLink> links;
  links.reserve(expected_links(all_pairs, nranks));
  const std::span<const std::uint64_t> all_left(left), all_right(right);
  const std::span<const double> all_weight(weight);
  for (std::uint64_t round = 0; round < rounds; ++round) {
    const std::size_t begin = std::min<std::size_t>(m, round * pairs_per_round);
    const std::size_t n = std::min<std::size_t>(m, begin + pairs_per_round) - begin;
    gather_round(
        comm, layout, labels, all_left.subspan(begin, n), all_right.subspan(begin, n),
        all_weight.subspan(begin, n), [](std::uint64_t) { return true; }, links);
  }
  left = {};
  right = {};
  weight = {};
  return OwnedComponents(std::move(links), threshold);
}

std::uint64_t component_batches_for_budget(const Comm& comm, std::uint64_t local_pairs,
                                           std::uint64_t link_budget_bytes) {
  const auto nranks = static_cast<std::uint64_t>(comm.size());
  const std::uint64_t all_pairs = comm.allreduce<std::uint64_t>(local_pairs, Op::kSum);
  // The smallest budget of any rank, so that every rank computes the same count.
  const std::uint64_t budget =
      std::max<std::uint64_t>(1, comm.allreduce<std::uint64_t>(link_budget_bytes, Op::kMin));
  const std::uint64_t links_per_batch = std::max<std::uint64_t>(1, budget / sizeof(OwnedLink));
  const std::uint64_t links_per_rank = (all_pairs + nranks - 1) / nranks;
  return links_per_rank == 0 ? 1 : 1 + (links_per_rank - 1) / links_per_batch;
}

std::uint64_t component_batch(std::uint64_t label, int nranks, std::uint64_t batches) {
  return (mix(label) / static_cast<std::uint64_t>(nranks)) % batches;
}

OwnedComponents gather_component_batch(const Comm& comm,
                                       std::span<const std::uint64_t> local_records,
                                       const std::vector<std::uint64_t>& labels,
                                       const EdgeSource& edges, double threshold,
                                       std::uint64_t batch, std::uint64_t batches,
                                       std::size_t rows_per_round) {
  XJS_CHECK(rows_per_round > 0, "rows_per_round must be positive");
  XJS_CHECK(batch < batches, "no such component batch");
  const IndexLayout layout(comm, local_records);
  const auto nranks = static_cast<std::uint64_t>(comm.size());
  const std::uint64_t m = edges.rows();
  const std::uint64_t rounds =
      comm.allreduce<std::uint64_t>((m + rows_per_round - 1) / rows_per_round, Op::kMax);
  const std::uint64_t all_pairs = comm.allreduce<std::uint64_t>(m, Op::kSum);
  std::vector<OwnedLink> links;
  links.reserve(expected_links(all_pairs / batches, nranks));
  const int p = comm.size();
  auto in_batch = [p, batch, batches](std::uint64_t label) {
    return batches == 1 || component_batch(label, p, batches) == batch;
  };
  EdgeRows rows;
  for (std::uint64_t round = 0; round < rounds; ++round) {
    const std::uint64_t begin = std::min<std::uint64_t>(m, round * rows_per_round);
    const std::uint64_t end = std::min<std::uint64_t>(m, begin + rows_per_round);
    // A source on disk may fail on one rank: all agree before the round's exchanges.
    agree_on_errors(comm, [&] {
      if (begin < end) {
        edges.read(begin, end, rows);
      } else {
        rows.clear();
      }
    });
    XJS_CHECK(rows.size() == end - begin && rows.right.size() == rows.size() &&
                  rows.match_weight.size() == rows.size(),
              "an edge source returned the wrong number of rows");
    gather_round(comm, layout, labels, rows.left, rows.right, rows.match_weight, in_batch, links);
  }
  rows = EdgeRows{};
  return OwnedComponents(std::move(links), threshold);
}

void gather_component_links(const Comm& comm, std::span<const std::uint64_t> local_records,
                            const std::vector<std::uint64_t>& labels, const EdgeSource& edges,
                            std::size_t rows_per_round,
                            const std::function<void(std::span<const OwnedLink>)>& take) {
  XJS_CHECK(rows_per_round > 0, "rows_per_round must be positive");
  const IndexLayout layout(comm, local_records);
  const std::uint64_t m = edges.rows();
  const std::uint64_t rounds =
      comm.allreduce<std::uint64_t>((m + rows_per_round - 1) / rows_per_round, Op::kMax);
  EdgeRows rows;
  std::vector<OwnedLink> got;  // one round's links on their owner, until taken
  for (std::uint64_t round = 0;; ++round) {
    const std::uint64_t begin = std::min<std::uint64_t>(m, round * rows_per_round);
    const std::uint64_t end = std::min<std::uint64_t>(m, begin + rows_per_round);
    // One agreement a round, before its exchanges, covers both rank-local steps that may fail:
    // taking the previous round's links (a scratch disk may fill up) and reading this round's.
    agree_on_errors(comm, [&] {
      if (!got.empty()) take(got);
      got.clear();
      if (round < rounds && begin < end) {
        edges.read(begin, end, rows);
      } else {
        rows.clear();
      }
    });
    if (round == rounds) break;
    XJS_CHECK(rows.size() == end - begin && rows.right.size() == rows.size() &&
                  rows.match_weight.size() == rows.size(),
              "an edge source returned the wrong number of rows");
    gather_round(
        comm, layout, labels, rows.left, rows.right, rows.match_weight,
        [](std::uint64_t) { return true; }, got);
  }
}

LocalOutcomes return_record_outcomes(const Comm& comm, std::span<const std::uint64_t> local_records,
                                     std::vector<RecordOutcome> computed) {
  const IndexLayout layout(comm, local_records);
  // Packed straight into each rank's bytes and released before the exchange, and received
  // straight into place: the outcomes (48 bytes a record) exist at most twice at a time, not
  // four or five times.
  const auto nranks = static_cast<std::size_t>(comm.size());
  std::vector<std::size_t> count(nranks, 0);
  for (const RecordOutcome& o : computed)
    ++count[static_cast<std::size_t>(layout.owner(o.global_index))];
  std::vector<std::vector<std::byte>> send(nranks);
  for (std::size_t r = 0; r < nranks; ++r) {
    send[r].reserve(count[r] * sizeof(RecordOutcome));
  }
  for (const RecordOutcome& o : computed)
    put_value(send[static_cast<std::size_t>(layout.owner(o.global_index))], o);
  computed = {};
  Comm::Received got = comm.alltoallv_bytes(send);
  send = {};
  LocalOutcomes out;
  out.outcome.resize(local_records.size());
  out.has.assign(local_records.size(), 0);
  const std::size_t n = got.bytes.size() / sizeof(RecordOutcome);
  for (std::size_t k = 0; k < n; ++k) {
    RecordOutcome o;
    copy_bytes(&o, got.bytes.data() + k * sizeof(RecordOutcome), sizeof(RecordOutcome));
    const RowRef ref = layout.locate(o.global_index);
    XJS_CHECK(ref.rank == comm.rank(), "an outcome reached the wrong rank");
    out.outcome[ref.row] = o;
    out.has[ref.row] = 1;
  }
  return out;
}

}  // namespace xjslink::dist
