// File: cluster/clustering_spec.cpp
// Names of the clustering methods as the settings spell them.
#include "xjslink/cluster/clustering_spec.hpp"

namespace xjslink {

const char* clustering_method_name(ClusteringMethod method) {
  switch (method) {
    case ClusteringMethod::kConnectedComponents:
      return "connected_components";
    case ClusteringMethod::kSupportedMerges:
      return "supported_merges";
  }
  return "supported_merges";
}

std::optional<ClusteringMethod> parse_clustering_method(std::string_view name) {
  if (name == "connected_components") return ClusteringMethod::kConnectedComponents;
  if (name == "supported_merges") return ClusteringMethod::kSupportedMerges;
  return std::nullopt;
}

}  // namespace xjslink
