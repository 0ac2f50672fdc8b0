// File: eval/cluster_review.cpp
// Records are bucketed by cluster (a counting sort, O(n)); each cluster's sources and persons
// are then sorted within the cluster for its in-scope pair count and distinct persons.
#include "xjslink/eval/cluster_review.hpp"

#include <algorithm>
#include <numeric>

namespace xjslink::eval {
namespace {

// Density ascending with unknown last.
bool less_dense(const std::optional<double>& a, const std::optional<double>& b) {
  if (a.has_value() != b.has_value()) return a.has_value();
  return a && *a < *b;
}

}  // namespace

ClusterLinkTally::ClusterLinkTally(double cluster_threshold, std::uint32_t num_clusters)
    : threshold_(cluster_threshold), links_(num_clusters, 0) {}

void ClusterLinkTally::add(std::span<const ScoredPair> pairs, const LabelledRecords& records) {
  for (const ScoredPair& pair : pairs) {
    if (pair.match_probability < threshold_) continue;
    const std::uint32_t c = records.cluster[pair.left];
    if (c == records.cluster[pair.right]) ++links_[c];
  }
}

ClusterReview cluster_review(const LabelledRecords& records, LinkType link_type,
                             const ClusterColumns& columns, const std::vector<std::uint64_t>& links,
                             bool has_truth, std::size_t list_length) {
  ClusterReview review;
  const std::uint32_t nc = records.num_clusters;
  review.clusters = nc;
  review.has_truth = has_truth;
  review.has_weakest_link = columns.has_weakest_link;
  review.has_bridges = columns.has_bridges;
  if (nc == 0) return review;
  review.density_source = columns.has_density ? "clusters file" : "predictions";

  // Records bucketed by cluster.
  std::vector<std::uint64_t> start(static_cast<std::size_t>(nc) + 1, 0);
  for (std::uint32_t r = 0; r < records.size(); ++r)
    ++start[records.cluster[r] + 1];
  std::partial_sum(start.begin(), start.end(), start.begin());
  std::vector<std::uint32_t> by_cluster(records.size());
  std::vector<std::uint64_t> next(start.begin(), start.end() - 1);
  for (std::uint32_t r = 0; r < records.size(); ++r)
    by_cluster[next[records.cluster[r]]++] = r;

  std::vector<ClusterReviewRow> rows(nc);
  std::vector<std::uint16_t> sources;
  std::vector<std::uint32_t> persons;
  for (std::uint32_t c = 0; c < nc; ++c) {
    ClusterReviewRow& row = rows[c];
    row.size = start[c + 1] - start[c];
    sources.clear();
    persons.clear();
    for (std::uint64_t i = start[c]; i < start[c + 1]; ++i) {
      const std::uint32_t r = by_cluster[i];
      sources.push_back(records.source[r]);
      if (records.labelled(r)) persons.push_back(records.person[r]);
    }
    if (link_type == LinkType::kLinkOnly) {
      std::sort(sources.begin(), sources.end());
      std::uint64_t sum_sq = 0;
      for (std::size_t a = 0; a < sources.size();) {
        std::size_t b = a;
        while (b < sources.size() && sources[b] == sources[a])
          ++b;
        sum_sq += (b - a) * (b - a);
        a = b;
      }
      row.record_pairs = (row.size * row.size - sum_sq) / 2;
    } else {
      row.record_pairs = pairs_among(row.size);
    }
    if (columns.has_density) {
      row.density = columns.density[c];
    } else if (row.record_pairs == 0) {
      row.density = 1.0;  // a singleton (or one source only in link_only): nothing to link
    } else {
      row.density = static_cast<double>(links[c]) / static_cast<double>(row.record_pairs);
    }
    if (columns.has_weakest_link) row.weakest_link = columns.weakest_link[c];
    if (columns.has_bridges) row.bridges = columns.bridges[c];
    if (has_truth) {
      std::sort(persons.begin(), persons.end());
      row.persons =
          static_cast<std::uint64_t>(std::unique(persons.begin(), persons.end()) - persons.begin());
      row.labelled_records = persons.size();
      if (*row.persons > 1) ++review.over_merged_clusters;
    }
    if (row.bridges.value_or(0) > 0) ++review.clusters_with_bridges;
    if (row.size >= kReviewMinClusterSize) {
      ++review.reviewable_clusters;
      if (row.density) {
        const auto k = static_cast<std::size_t>(std::clamp(*row.density, 0.0, 1.0) * 10);
        ++review.density_histogram[std::min(k, kDensityHistogramBins - 1)];
      }
    }
  }

  // Top lists over cluster ids; the id (file order) breaks every tie.
  std::vector<std::uint32_t> ids(nc);
  std::iota(ids.begin(), ids.end(), 0);
  const auto largest_first = [&](std::uint32_t a, std::uint32_t b) {
    if (rows[a].size != rows[b].size) return rows[a].size > rows[b].size;
    if (rows[a].density != rows[b].density) return less_dense(rows[a].density, rows[b].density);
    return a < b;
  };
  std::size_t n = std::min<std::size_t>(list_length, ids.size());
  std::partial_sort(ids.begin(), ids.begin() + static_cast<std::ptrdiff_t>(n), ids.end(),
                    largest_first);
  for (std::size_t i = 0; i < n; ++i)
    review.largest.push_back(rows[ids[i]]);

  std::vector<std::uint32_t> reviewable;
  for (std::uint32_t c = 0; c < nc; ++c) {
    if (rows[c].size >= kReviewMinClusterSize && rows[c].density) reviewable.push_back(c);
  }
  const auto least_dense_first = [&](std::uint32_t a, std::uint32_t b) {
    if (*rows[a].density != *rows[b].density) return *rows[a].density < *rows[b].density;
    if (rows[a].size != rows[b].size) return rows[a].size > rows[b].size;
    return a < b;
  };
  n = std::min<std::size_t>(list_length, reviewable.size());
  std::partial_sort(reviewable.begin(), reviewable.begin() + static_cast<std::ptrdiff_t>(n),
                    reviewable.end(), least_dense_first);
  for (std::size_t i = 0; i < n; ++i)
    review.least_dense.push_back(rows[reviewable[i]]);
  return review;
}

}  // namespace xjslink::eval
