// File: cluster/clustering_spec.hpp
// The clustering method of the settings ("clustering": {"method": ..., ...}) and its
// parameters, with their documented defaults (docs/clustering.md).
#pragma once

#include <optional>
#include <string_view>

namespace xjslink {

enum class ClusteringMethod {
  // Every chain of links at or above the cluster threshold joins its records (Splink's default).
  kConnectedComponents,
  // Links are taken strongest first; two groups merge only when the scored links between them
  // number at least min_link_support per record of the smaller group
  // (cluster/supported_merges.hpp).
  kSupportedMerges,
};

struct ClusteringSpec {
  ClusteringMethod method = ClusteringMethod::kSupportedMerges;
  double min_link_support = 0.5;
};

const char* clustering_method_name(ClusteringMethod method);
std::optional<ClusteringMethod> parse_clustering_method(std::string_view name);

}  // namespace xjslink
