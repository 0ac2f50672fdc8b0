// File: eval/cluster_review.hpp
// Clusters worth a human look, as counts only (no cluster id, no record): the largest clusters
// and the least dense ones, with their size, density, weakest link, bridges and, against a
// truth, how many true persons each holds; and the distribution of density.
// The per-cluster columns come from the clusters file when it has them (written by the
// clustering stage, one value per record, the same for every record of a cluster):
//   cluster_size (int), cluster_density (share of the cluster's record pairs that are scored
//   links; 1 for singletons), cluster_weakest_link (match weight of the weakest edge of the
//   cluster's maximum spanning tree; null for singletons), cluster_bridges (int).
// Without them (runs made before), size is counted from the rows and density from the written
// predictions (links at or above the cluster threshold within a cluster); weakest link and
// bridges are then unknown.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "xjslink/eval/metrics.hpp"
#include "xjslink/eval/pair_tally.hpp"

namespace xjslink::eval {

inline constexpr const char* kClusterSizeColumn = "cluster_size";
inline constexpr const char* kClusterDensityColumn = "cluster_density";
inline constexpr const char* kClusterWeakestLinkColumn = "cluster_weakest_link";
inline constexpr const char* kClusterBridgesColumn = "cluster_bridges";

// Clusters with fewer records than this are not in the least-dense list or the density
// histogram: a pair is always fully linked, so density says nothing below three records.
inline constexpr std::uint64_t kReviewMinClusterSize = 3;
inline constexpr std::size_t kDensityHistogramBins = 10;

// The per-cluster columns of a clusters file, by dense cluster id (LabelledRecords::cluster).
struct ClusterColumns {
  bool has_density = false;
  bool has_weakest_link = false;
  bool has_bridges = false;
  std::vector<std::optional<double>> density;
  std::vector<std::optional<double>> weakest_link;
  std::vector<std::optional<std::uint64_t>> bridges;
};

// Links (p >= the cluster threshold) between two records of one cluster, per cluster, over one
// pass of the written pairs.
class ClusterLinkTally {
 public:
  ClusterLinkTally(double cluster_threshold, std::uint32_t num_clusters);
  void add(std::span<const ScoredPair> pairs, const LabelledRecords& records);
  const std::vector<std::uint64_t>& links() const { return links_; }

 private:
  double threshold_;
  std::vector<std::uint64_t> links_;
};

struct ClusterReviewRow {
  std::uint64_t size = 0;
  std::uint64_t record_pairs = 0;  // pairs of its records in the linkage's pair space
  std::optional<double> density;
  std::optional<double> weakest_link;  // match weight (bits)
  std::optional<std::uint64_t> bridges;
  std::optional<std::uint64_t> persons;  // with a truth: true persons among its records
  std::uint64_t labelled_records = 0;
};

struct ClusterReview {
  // Where density came from: "clusters file", "predictions" (computed) or "" (no clusters).
  std::string density_source;
  bool has_weakest_link = false;
  bool has_bridges = false;
  bool has_truth = false;
  std::uint64_t clusters = 0;
  std::uint64_t reviewable_clusters = 0;  // with >= kReviewMinClusterSize records
  std::uint64_t clusters_with_bridges = 0;
  std::uint64_t over_merged_clusters = 0;  // with a truth: holding more than one person
  // Largest first (ties: least dense first, then file order).
  std::vector<ClusterReviewRow> largest;
  // Least dense first among reviewable clusters (ties: larger first, then file order).
  std::vector<ClusterReviewRow> least_dense;
  // Reviewable clusters by density: bin k = [k/10, (k+1)/10), the last bin [0.9, 1].
  std::array<std::uint64_t, kDensityHistogramBins> density_histogram{};
};

// links: from a ClusterLinkTally, used for density when columns.has_density is false.
// list_length: rows of each list.
ClusterReview cluster_review(const LabelledRecords& records, LinkType link_type,
                             const ClusterColumns& columns, const std::vector<std::uint64_t>& links,
                             bool has_truth, std::size_t list_length);

}  // namespace xjslink::eval
