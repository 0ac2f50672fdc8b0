// File: eval/metrics.hpp
// Linkage quality against a ground truth, as pure functions of dense ids: pairwise precision,
// recall and F1, the number of true pairs (counted per person arithmetically, never by listing
// pairs), and cluster metrics (pairwise-cluster, B-cubed, over-merged and split persons).
// Records without a truth label (person == kNoPerson) are left out of every figure here.
// Pairs are unordered pairs of distinct records in the linkage's pair space: for link_only only
// pairs from different source datasets, for dedupe_only and link_and_dedupe all pairs.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "xjslink/settings.hpp"

namespace xjslink::eval {

inline constexpr std::uint32_t kNoPerson = 0xFFFFFFFFu;

// The evaluation's view of a run's records; the index is the dense record id.
struct LabelledRecords {
  std::vector<std::uint16_t> source;   // source dataset id
  std::vector<std::uint32_t> cluster;  // cluster id (dense, < num_clusters)
  std::vector<std::uint32_t> person;   // true person id (dense, < num_persons) or kNoPerson
  std::uint32_t num_sources = 0;
  std::uint32_t num_clusters = 0;
  std::uint32_t num_persons = 0;

  std::uint32_t size() const { return static_cast<std::uint32_t>(source.size()); }
  bool labelled(std::uint32_t record) const { return person[record] != kNoPerson; }
};

// Whether a pair of records from these sources belongs to the linkage's pair space.
inline bool pair_in_scope(LinkType link_type, std::uint16_t source_a, std::uint16_t source_b) {
  return link_type != LinkType::kLinkOnly || source_a != source_b;
}

// Unordered pairs among n items: n(n-1)/2.
inline std::uint64_t pairs_among(std::uint64_t n) {
  return n * (n - (n > 0 ? 1 : 0)) / 2;
}

struct PairCounts {
  std::uint64_t predicted = 0;       // pairs declared a match
  std::uint64_t true_positives = 0;  // predicted pairs of one true person
  std::uint64_t true_pairs = 0;      // all pairs of one true person

  std::uint64_t false_positives() const { return predicted - true_positives; }
  std::uint64_t false_negatives() const { return true_pairs - true_positives; }
  // TP / predicted; none when nothing was predicted.
  std::optional<double> precision() const;
  // TP / true pairs; none when there are no true pairs.
  std::optional<double> recall() const;
  // 2 TP / (predicted + true pairs), the harmonic mean of the two; none when both are 0.
  std::optional<double> f1() const;
};

// Number of true pairs among the labelled records: per person, n(n-1)/2, or for link_only
// (n^2 - sum over sources of n_s^2) / 2. O(n log n) in the number of records.
std::uint64_t count_true_pairs(const LabelledRecords& records, LinkType link_type);

struct ClusterMetrics {
  std::uint64_t records = 0;             // labelled records
  std::uint64_t clusters = 0;            // clusters holding at least one labelled record
  std::uint64_t persons = 0;             // distinct true persons
  std::uint64_t singleton_clusters = 0;  // of those clusters, the ones with one labelled record
  // predicted = in-scope pairs that share a cluster; TP = those that share a person too.
  PairCounts pairs;
  // B-cubed (Bagga & Baldwin 1998; Amigó et al. 2009): per record r with cluster C(r) and
  // person P(r), precision |C∩P|/|C| and recall |C∩P|/|P|, averaged over records.
  std::optional<double> b_cubed_precision;
  std::optional<double> b_cubed_recall;
  std::optional<double> b_cubed_f1;
  // Clusters with records of more than one person; the persons and records in them.
  std::uint64_t over_merged_clusters = 0;
  std::uint64_t over_merged_persons = 0;
  std::uint64_t over_merged_records = 0;
  // Persons whose records lie in more than one cluster, and the sum of (clusters - 1).
  std::uint64_t split_persons = 0;
  std::uint64_t split_extra_clusters = 0;
};

ClusterMetrics cluster_metrics(const LabelledRecords& records, LinkType link_type);

// Per record: B-cubed precision |C∩P|/|C| and recall |C∩P|/|P| (0 for unlabelled records), so
// that subgroups can average them over their own records.
struct BCubedPerRecord {
  std::vector<float> precision;
  std::vector<float> recall;
};
BCubedPerRecord b_cubed_per_record(const LabelledRecords& records);

// Wilson score interval for a binomial proportion (Wilson 1927); trials must be > 0.
struct Interval {
  double low = 0;
  double high = 0;
};
Interval wilson_interval(std::uint64_t successes, std::uint64_t trials, double z);
// Two-sided normal quantile for a confidence level in (0, 1): 0.95 -> 1.959964.
double normal_quantile_two_sided(double confidence);

}  // namespace xjslink::eval
