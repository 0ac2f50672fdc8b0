// File: eval/linkage_summary.cpp
// Records are sorted by (cluster, source); each cluster's few distinct sources then give the
// rates, so the work is O(n log n) plus, per cluster, the square of its distinct sources.
#include "xjslink/eval/linkage_summary.hpp"

#include <algorithm>
#include <map>
#include <numeric>
#include <tuple>

namespace xjslink::eval {

LinkageSummary linkage_summary(const LabelledRecords& records,
                               const std::vector<std::string>& source_names) {
  LinkageSummary s;
  const std::size_t ns = source_names.size();
  s.source_names = source_names;
  s.records_per_source.assign(ns, 0);
  s.linked_per_source.assign(ns, 0);
  s.linked_across_per_source.assign(ns, 0);
  s.linked_to.assign(ns * ns, 0);

  std::vector<std::uint32_t> order(records.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    return std::tie(records.cluster[a], records.source[a], a) <
           std::tie(records.cluster[b], records.source[b], b);
  });
  std::map<std::uint64_t, std::uint64_t> sizes;
  std::vector<std::pair<std::uint16_t, std::uint64_t>> present;  // (source, records) in cluster
  for (std::size_t i = 0; i < order.size();) {
    const std::uint32_t c = records.cluster[order[i]];
    std::size_t j = i;
    present.clear();
    while (j < order.size() && records.cluster[order[j]] == c) {
      const std::uint16_t src = records.source[order[j]];
      if (present.empty() || present.back().first != src) present.emplace_back(src, 0);
      ++present.back().second;
      ++j;
    }
    const std::uint64_t n = j - i;
    ++sizes[n];
    ++s.clusters;
    s.singleton_clusters += n == 1 ? 1 : 0;
    s.largest_cluster = std::max(s.largest_cluster, n);
    for (const auto& [src, count] : present) {
      s.records_per_source[src] += count;
      if (n > 1) s.linked_per_source[src] += count;
      if (present.size() > 1) s.linked_across_per_source[src] += count;
      for (const auto& [other, other_count] : present) {
        if (other != src || count > 1) s.linked_to[src * ns + other] += count;
      }
    }
    i = j;
  }
  s.cluster_sizes.assign(sizes.begin(), sizes.end());
  return s;
}

}  // namespace xjslink::eval
