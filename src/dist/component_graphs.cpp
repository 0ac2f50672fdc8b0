// File: dist/component_graphs.cpp
// Component labels of both ends of every pair are fetched from the records' ranks; a pair
// inside a component goes to the component's owner, where edges are sorted by (label, left,
// right), so each component's graph is built in the same order whatever the rank count.
#include "dist/component_graphs.hpp"

#include <algorithm>

#include "dist/fetch_values.hpp"
#include "dist/index_layout.hpp"
#include "xjslink/error.hpp"

namespace xjslink::dist {
namespace {

// splitmix64 finaliser: spreads consecutive labels over ranks.
std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

struct RoutedEdge {
  std::uint64_t label, left, right;
  double weight;
  std::uint64_t strong;
};

}  // namespace

OwnedComponents gather_component_graphs(const Comm& comm,
                                        std::span<const std::uint64_t> local_records,
                                        const std::vector<std::uint64_t>& labels,
                                        std::span<const std::uint64_t> left,
                                        std::span<const std::uint64_t> right,
                                        std::span<const double> weight,
                                        const std::vector<std::uint8_t>& strong) {
  const IndexLayout layout(comm, local_records);
  std::vector<std::uint64_t> ends(left.begin(), left.end());
  ends.insert(ends.end(), right.begin(), right.end());
  const std::vector<std::uint64_t> end_labels = fetch_values(comm, layout, labels, ends);
  const auto nranks = static_cast<std::uint64_t>(comm.size());
  std::vector<std::vector<RoutedEdge>> send(nranks);
  const std::size_t m = left.size();
  for (std::size_t i = 0; i < m; ++i) {
    const std::uint64_t label = end_labels[i];
    if (label != end_labels[m + i]) continue;
    const std::uint64_t lo = std::min(left[i], right[i]), hi = std::max(left[i], right[i]);
    send[mix(label) % nranks].push_back({label, lo, hi, weight[i], strong[i]});
  }
  std::vector<RoutedEdge> got = unpack<RoutedEdge>(comm.alltoallv_bytes(pack(send)));
  send.clear();
  std::sort(got.begin(), got.end(), [](const RoutedEdge& a, const RoutedEdge& b) {
    if (a.label != b.label) return a.label < b.label;
    if (a.left != b.left) return a.left < b.left;
    return a.right < b.right;
  });
  OwnedComponents out;
  for (std::size_t begin = 0; begin < got.size();) {
    std::size_t end = begin;
    while (end < got.size() && got[end].label == got[begin].label)
      ++end;
    std::vector<std::uint64_t> vertices;
    vertices.reserve(2 * (end - begin));
    for (std::size_t k = begin; k < end; ++k) {
      vertices.push_back(got[k].left);
      vertices.push_back(got[k].right);
    }
    std::sort(vertices.begin(), vertices.end());
    vertices.erase(std::unique(vertices.begin(), vertices.end()), vertices.end());
    XJS_CHECK(vertices.size() < UINT32_MAX, "a component has more than 2^32 records");
    ComponentGraph g;
    g.num_vertices = static_cast<std::uint32_t>(vertices.size());
    g.edges.reserve(end - begin);
    auto local = [&vertices](std::uint64_t v) {
      return static_cast<std::uint32_t>(std::lower_bound(vertices.begin(), vertices.end(), v) -
                                        vertices.begin());
    };
    for (std::size_t k = begin; k < end; ++k) {
      XJS_CHECK(k == begin || got[k].left != got[k - 1].left || got[k].right != got[k - 1].right,
                "a pair is scored twice");
      g.edges.push_back(
          {local(got[k].left), local(got[k].right), got[k].weight, got[k].strong != 0});
    }
    out.label.push_back(got[begin].label);
    out.vertex_global.push_back(std::move(vertices));
    out.graph.push_back(std::move(g));
    begin = end;
  }
  return out;
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
