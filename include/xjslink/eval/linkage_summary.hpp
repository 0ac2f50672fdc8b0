// File: eval/linkage_summary.hpp
// What a linkage did, without any truth: the cluster-size distribution and linkage rates by
// source dataset and by pair of source datasets (from the clusters: one row per record).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "xjslink/eval/metrics.hpp"

namespace xjslink::eval {

struct LinkageSummary {
  std::vector<std::string> source_names;
  std::vector<std::uint64_t> records_per_source;
  // Records in a cluster with at least one other record.
  std::vector<std::uint64_t> linked_per_source;
  // Records whose cluster holds a record of another source dataset.
  std::vector<std::uint64_t> linked_across_per_source;
  // [s * n + t]: records of s whose cluster holds a record of t (for t == s: another record
  // of s).
  std::vector<std::uint64_t> linked_to;
  // [s * n + t], s <= t: predicted pairs (at the evaluation threshold) between s and t.
  std::vector<std::uint64_t> pairs_by_source_pair;
  std::uint64_t clusters = 0;
  std::uint64_t singleton_clusters = 0;
  std::uint64_t largest_cluster = 0;
  std::vector<std::pair<std::uint64_t, std::uint64_t>> cluster_sizes;  // (size, clusters), by size
};

// All records count here, labelled or not; pairs_by_source_pair is left empty (the caller
// fills it from the pair tally).
LinkageSummary linkage_summary(const LabelledRecords& records,
                               const std::vector<std::string>& source_names);

}  // namespace xjslink::eval
