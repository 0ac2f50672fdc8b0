// File: output_tables.hpp
// The output files of a run: predictions (one row per kept pair) and clusters (one row per
// record), as CSV and/or as HDF5 tables (io/hdf5_table.hpp layout), in global order (records by
// global index, pairs by (left, right)) whatever the number of ranks. Written in chunks by
// every rank for its share of the rows, atomically.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "xjslink/cluster/cluster.hpp"
#include "xjslink/model.hpp"
#include "xjslink/pairs/edge_source.hpp"
#include "xjslink/pairs/ordered_pairs.hpp"
#include "xjslink/record_keys.hpp"
#include "xjslink/score.hpp"

namespace xjslink {

namespace dist {
class Comm;
}

inline constexpr const char* kPredictionsGroup = "predictions";
inline constexpr const char* kClustersGroup = "clusters";

struct OutputFiles {
  std::string dir;
  bool csv = true;
  bool hdf5 = true;
};

// Collective. Columns: source_dataset_l, unique_id_l, source_dataset_r, unique_id_r,
// match_weight, match_probability, match_key, then gamma_<name> and bf_<name> per comparison,
// then record_index_l, record_index_r (global record indices, used to resume a run). gamma
// follows Splink: -1 for a null level, 0 for else, higher for closer agreement. Consumes pairs
// and returns their edges (left, right, match_weight only) in output order, for clustering.
std::unique_ptr<EdgeSource> write_predictions(const dist::Comm& comm, OrderedPairs&& pairs,
                                              const RecordKeys& keys, const Model& model,
                                              std::uint64_t total_records,
                                              const OutputFiles& files);
// Collective. The compact form: record_index_l, record_index_r (int64), match_weight (float64),
// match_key (int8), gamma_<name> (int8) per comparison; 25 + comparisons bytes a pair in HDF5.
// The records are the rows of clusters.{csv,h5} (record index = row, from 0). Consumes pairs
// and returns their edges, as write_predictions.
std::unique_ptr<EdgeSource> write_compact_predictions(const dist::Comm& comm, OrderedPairs&& pairs,
                                                      const Model& model, const OutputFiles& files);

// Collective. Columns: source_dataset, unique_id, cluster_id, then the cluster's diagnostics
// (cluster/cluster_diagnostics.hpp), repeated on each of its records: cluster_size (int),
// cluster_density, cluster_weakest_link (null for a singleton), cluster_bridges (int).
void write_clusters(const dist::Comm& comm, const RecordKeys& keys, const Clusters& clusters,
                    std::uint64_t total_records, const OutputFiles& files);

// Splink's gamma value of a level: -1 for null, else levels count down to 0 for the last.
int splink_gamma(const ComparisonParameters& comparison, std::size_t level);

}  // namespace xjslink
