// File: output_tables.cpp
// Builds the output tables and writes them. CSV text is formatted per rank and concatenated in
// rank order; with one rank the same bytes come from the same formatter.
#include "xjslink/output_tables.hpp"

#include <filesystem>

#include "dist/comm.hpp"
#include "dist/fetch_keys.hpp"
#include "dist/h5_table_writer.hpp"
#include "dist/ordered_write.hpp"
#include "dist/output_order.hpp"
#include "xjslink/error.hpp"
#include "xjslink/io/csv_writer.hpp"

namespace xjslink {

int splink_gamma(const ComparisonParameters& comparison, std::size_t level) {
  if (comparison.levels[level].is_null()) return -1;
  return static_cast<int>(comparison.levels.size() - 1 - level);
}

Table predictions_table(const dist::Comm& comm, const Predictions& pairs, const RecordKeys& keys,
                        const Model& model) {
  const std::size_t n = pairs.size();
  const std::vector<dist::FetchedKey> left = dist::fetch_keys(comm, keys, pairs.left);
  const std::vector<dist::FetchedKey> right = dist::fetch_keys(comm, keys, pairs.right);
  Table t;
  // Columns are added one at a time and filled by index: add_column may move earlier ones.
  t.add_column("source_dataset_l", ColumnType::kString);
  t.add_column("unique_id_l", ColumnType::kString);
  t.add_column("source_dataset_r", ColumnType::kString);
  t.add_column("unique_id_r", ColumnType::kString);
  for (std::size_t i = 0; i < n; ++i) {
    t.column(0).append_string(keys.source_names[left[i].source]);
    t.column(1).append_string(left[i].uid);
    t.column(2).append_string(keys.source_names[right[i].source]);
    t.column(3).append_string(right[i].uid);
  }
  auto numbers = [&](const std::string& name, auto value_of) {
    Column& c = t.add_column(name, ColumnType::kNumber);
    c.reserve(n);
    for (std::size_t i = 0; i < n; ++i) c.append_number(value_of(i));
  };
  numbers("match_weight", [&](std::size_t i) { return pairs.match_weight[i]; });
  numbers("match_probability", [&](std::size_t i) { return pairs.match_probability[i]; });
  numbers("match_key", [&](std::size_t i) { return static_cast<double>(pairs.match_key[i]); });
  const std::size_t nc = pairs.num_comparisons;
  for (std::size_t c = 0; c < nc; ++c) {
    const ComparisonParameters& cp = model.comparisons[c];
    numbers("gamma_" + cp.name, [&](std::size_t i) {
      return static_cast<double>(splink_gamma(cp, pairs.gammas[i * nc + c]));
    });
    numbers("bf_" + cp.name, [&](std::size_t i) { return pairs.log2_bf[i * nc + c]; });
  }
  numbers("record_index_l", [&](std::size_t i) { return static_cast<double>(pairs.left[i]); });
  numbers("record_index_r", [&](std::size_t i) { return static_cast<double>(pairs.right[i]); });
  return t;
}

Table clusters_table(const RecordKeys& keys, const Clusters& clusters) {
  Table t;
  t.add_column("source_dataset", ColumnType::kString);
  t.add_column("unique_id", ColumnType::kString);
  t.add_column("cluster_id", ColumnType::kString);
  for (std::size_t row = 0; row < keys.size(); ++row) {
    t.column(0).append_string(keys.source_name(row));
    t.column(1).append_string(keys.uid(row));
    t.column(2).append_string(clusters.cluster_id[row]);
  }
  return t;
}

namespace {

std::string csv_text(const Table& t, bool with_header) {
  std::string out;
  if (with_header) {
    for (std::size_t c = 0; c < t.num_columns(); ++c) {
      if (c > 0) out.push_back(',');
      io::append_csv_field(out, t.column(c).name());
    }
    out.push_back('\n');
  }
  for (std::size_t row = 0; row < t.num_rows(); ++row) {
    for (std::size_t c = 0; c < t.num_columns(); ++c) {
      if (c > 0) out.push_back(',');
      const Column& col = t.column(c);
      if (col.is_null(row)) continue;
      switch (col.type()) {
        case ColumnType::kString:
          io::append_csv_field(out, col.string_at(row));
          break;
        case ColumnType::kNumber:
          out += io::format_double(col.number_at(row));
          break;
        case ColumnType::kDate:
          out += std::to_string(col.date_at(row));
          break;
      }
    }
    out.push_back('\n');
  }
  return out;
}

}  // namespace

void write_output_table(const dist::Comm& comm, const Table& local_rows,
                        std::span<const std::uint64_t> row_key,
                        std::span<const std::uint64_t> row_tie, std::uint64_t total_records,
                        const std::string& dir, const std::string& name, bool csv, bool hdf5) {
  const std::string base = (std::filesystem::path(dir) / name).string();
  const Table rows =
      dist::gather_rows_in_order(comm, local_rows, row_key, row_tie, total_records);
  if (csv) {
    const std::string text = csv_text(rows, comm.is_root());
    dist::write_ordered(comm, base + ".csv", std::span<const char>(text.data(), text.size()));
  }
  if (hdf5) dist::write_hdf5_table_collective(comm, base + ".h5", name, rows);
}

}  // namespace xjslink
