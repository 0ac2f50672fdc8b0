// File: output_tables.hpp
// The output files of a run as tables: predictions (one row per kept pair) and clusters (one
// row per record), written as CSV and/or as an HDF5 group (io/hdf5_table.hpp layout) by every
// rank for its own rows, in global order, atomically.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "xjslink/cluster.hpp"
#include "xjslink/model.hpp"
#include "xjslink/record_keys.hpp"
#include "xjslink/score.hpp"
#include "xjslink/table.hpp"

namespace xjslink {

namespace dist {
class Comm;
}

inline constexpr const char* kPredictionsGroup = "predictions";
inline constexpr const char* kClustersGroup = "clusters";

// Columns: source_dataset_l, unique_id_l, source_dataset_r, unique_id_r, match_weight,
// match_probability, match_key, then gamma_<name> and bf_<name> per comparison, then
// record_index_l, record_index_r (global record indices, used to resume a run). gamma follows
// Splink: -1 for a null level, 0 for else, higher for closer agreement.
// Collective: the keys of right-hand records held by other ranks are fetched.
Table predictions_table(const dist::Comm& comm, const Predictions& pairs, const RecordKeys& keys,
                        const Model& model);

// Columns: source_dataset, unique_id, cluster_id.
Table clusters_table(const RecordKeys& keys, const Clusters& clusters);

// Collective: writes DIR/<name>.csv and/or DIR/<name>.h5 (group `name`) with every rank's rows
// in global order: by row_key (a global record index), then by row_tie.
void write_output_table(const dist::Comm& comm, const Table& local_rows,
                        std::span<const std::uint64_t> row_key,
                        std::span<const std::uint64_t> row_tie, std::uint64_t total_records,
                        const std::string& dir, const std::string& name, bool csv, bool hdf5);

// Splink's gamma value of a level: -1 for null, else levels count down to 0 for the last.
int splink_gamma(const ComparisonParameters& comparison, std::size_t level);

}  // namespace xjslink
