// File: output_tables.cpp
// Output tables from pairs and clusters. Pairs move to the rank of their left record's output
// block (dist/output_order.hpp) and are sorted there; record keys are fetched once per distinct
// record, not per pair; rows are made and written a chunk at a time.
#include "xjslink/output_tables.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <numeric>

#include "byte_buffer.hpp"
#include "dist/comm.hpp"
#include "dist/fetch_keys.hpp"
#include "dist/output_order.hpp"
#include "dist/table_writer.hpp"
#include "xjslink/error.hpp"
#include "xjslink/io/csv_writer.hpp"

namespace xjslink {
namespace {

std::uint64_t longest(const dist::Comm& comm, std::size_t local) {
  return comm.allreduce<std::uint64_t>(local, dist::Op::kMax);
}

std::uint64_t longest_source_name(const RecordKeys& keys) {
  std::size_t n = 1;
  for (const auto& s : keys.source_names)
    n = std::max(n, s.size());
  return n;
}

std::uint64_t longest_uid(const dist::Comm& comm, const RecordKeys& keys) {
  std::size_t n = 1;
  for (std::size_t row = 0; row < keys.size(); ++row)
    n = std::max(n, keys.uid(row).size());
  return longest(comm, n);
}

}  // namespace

int splink_gamma(const ComparisonParameters& comparison, std::size_t level) {
  if (comparison.levels[level].is_null()) return -1;
  return static_cast<int>(comparison.levels.size() - 1 - level);
}

namespace {

// Per comparison, the Splink gamma of each of its levels.
std::vector<std::vector<std::int8_t>> splink_gammas(const Model& model) {
  std::vector<std::vector<std::int8_t>> out;
  for (const auto& c : model.comparisons) {
    std::vector<std::int8_t> g;
    for (std::size_t l = 0; l < c.levels.size(); ++l)
      g.push_back(static_cast<std::int8_t>(splink_gamma(c, l)));
    out.push_back(std::move(g));
  }
  return out;
}

void append_integer(std::string& out, std::int64_t v) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof(buf), v);
  out.append(buf, r.ptr);
}

// The distinct records that this rank's pairs name, ascending: marked in a bitmap over all
// records (N/8 bytes) as the pairs are read a chunk at a time, so the pairs are never copied.
std::vector<std::uint64_t> records_named(const OrderedPairs& pairs, std::uint64_t total_records) {
  std::vector<std::uint64_t> bits((total_records + 63) / 64, 0);
  for (std::uint64_t begin = 0; begin < pairs.rows(); begin += dist::kOutputChunkRows) {
    const std::uint64_t end = std::min(pairs.rows(), begin + dist::kOutputChunkRows);
    const OrderedPairs::View v = pairs.view(begin, end);
    for (std::uint64_t i = begin; i < end; ++i) {
      const std::uint64_t l = v.pairs->left[i - v.offset], r = v.pairs->right[i - v.offset];
      bits[l / 64] |= std::uint64_t{1} << (l % 64);
      bits[r / 64] |= std::uint64_t{1} << (r % 64);
    }
  }
  std::vector<std::uint64_t> records;
  for (std::size_t w = 0; w < bits.size(); ++w) {
    for (std::uint64_t b = bits[w]; b != 0; b &= b - 1)
      records.push_back(w * 64 + static_cast<std::uint64_t>(__builtin_ctzll(b)));
  }
  return records;
}

// The pairs of this rank as output rows, formatted straight from the columnar arrays.
class PredictionRows : public dist::TableSource {
 public:
  PredictionRows(const OrderedPairs& pairs, const RecordKeys& keys, const Model& model,
                 std::vector<std::uint64_t> records, std::vector<dist::FetchedKey> record_keys)
      : pairs_(pairs),
        keys_(keys),
        model_(model),
        records_(std::move(records)),
        record_keys_(std::move(record_keys)),
        gamma_(splink_gammas(model)) {}

  std::uint64_t rows() const override { return pairs_.rows(); }

  void append_csv(std::uint64_t begin, std::uint64_t end, std::string& out) const override {
    const std::size_t nc = pairs_.layout().num_comparisons;
    const OrderedPairs::View v = pairs_.view(begin, end);
    const Predictions& p = *v.pairs;
    auto integer = [&out](std::int64_t value) { append_integer(out, value); };
    for (std::uint64_t row = begin; row < end; ++row) {
      const std::size_t i = row - v.offset;
      const dist::FetchedKey& l = key_of(p.left[i]);
      const dist::FetchedKey& r = key_of(p.right[i]);
      io::append_csv_field(out, keys_.source_names[l.source]);
      out.push_back(',');
      io::append_csv_field(out, l.uid);
      out.push_back(',');
      io::append_csv_field(out, keys_.source_names[r.source]);
      out.push_back(',');
      io::append_csv_field(out, r.uid);
      out.push_back(',');
      dist::append_csv_number(out, p.match_weight[i]);
      out.push_back(',');
      dist::append_csv_number(out, p.match_probability(i));
      out.push_back(',');
      integer(p.match_key[i]);
      for (std::size_t c = 0; c < nc; ++c) {
        out.push_back(',');
        integer(gamma_[c][p.gammas[i * nc + c]]);
        out.push_back(',');
        dist::append_csv_number(out, p.log2_bf(i, c, model_));
      }
      out.push_back(',');
      integer(static_cast<std::int64_t>(p.left[i]));
      out.push_back(',');
      integer(static_cast<std::int64_t>(p.right[i]));
      out.push_back('\n');
    }
  }

  void column_block(std::size_t column, const io::detail::Hdf5ColumnSpec& spec, std::uint64_t begin,
                    std::uint64_t end, dist::ColumnBlock& out) const override {
    const std::uint64_t n = end - begin;
    const std::size_t nc = pairs_.layout().num_comparisons;
    const OrderedPairs::View v = pairs_.view(begin, end);
    const Predictions& p = *v.pairs;
    const std::uint64_t first = begin - v.offset;  // row begin's index in p
    using Kind = dist::ColumnBlock::Kind;
    if (column < 4) {  // source and unique id of the left and right records
      out.kind = Kind::kFixedStrings;
      out.bytes.assign(n * spec.string_width, '\0');
      for (std::uint64_t i = 0; i < n; ++i) {
        const dist::FetchedKey& k = key_of(column < 2 ? p.left[first + i] : p.right[first + i]);
        const std::string_view value = column % 2 == 0
                                           ? std::string_view(keys_.source_names[k.source])
                                           : std::string_view(k.uid);
        copy_bytes(out.bytes.data() + i * spec.string_width, value.data(), value.size());
      }
      return;
    }
    auto doubles = [&](auto value_of) {
      out.kind = Kind::kDouble;
      out.bytes.resize(n * sizeof(double));
      auto* d = reinterpret_cast<double*>(out.bytes.data());
      for (std::uint64_t i = 0; i < n; ++i)
        d[i] = value_of(first + i);
    };
    auto int64s = [&](const std::vector<std::uint64_t>& values) {
      out.kind = Kind::kInt64;
      out.bytes.resize(n * sizeof(std::int64_t));
      copy_bytes(out.bytes.data(), values.data() + first, n * sizeof(std::int64_t));
    };
    const std::size_t per_comparison_start = 7;
    if (column == 4) return doubles([&](std::uint64_t i) { return p.match_weight[i]; });
    if (column == 5) return doubles([&](std::uint64_t i) { return p.match_probability(i); });
    if (column == 6) {
      out.kind = Kind::kInt8;
      out.bytes.resize(n);
      copy_bytes(out.bytes.data(), p.match_key.data() + first, n);
      return;
    }
    if (column < per_comparison_start + 2 * nc) {
      const std::size_t c = (column - per_comparison_start) / 2;
      if ((column - per_comparison_start) % 2 == 0) {
        out.kind = Kind::kInt8;
        out.bytes.resize(n);
        for (std::uint64_t i = 0; i < n; ++i)
          out.bytes[i] = static_cast<char>(gamma_[c][p.gammas[(first + i) * nc + c]]);
      } else {
        doubles([&](std::uint64_t i) { return p.log2_bf(i, c, model_); });
      }
      return;
    }
    int64s(column == per_comparison_start + 2 * nc ? p.left : p.right);
  }

 private:
  // The fetched key of record g (one of records_).
  const dist::FetchedKey& key_of(std::uint64_t g) const {
    return record_keys_[static_cast<std::size_t>(
        std::lower_bound(records_.begin(), records_.end(), g) - records_.begin())];
  }

  const OrderedPairs& pairs_;
  const RecordKeys& keys_;
  const Model& model_;
  std::vector<std::uint64_t> records_;           // the distinct records the pairs name
  std::vector<dist::FetchedKey> record_keys_;    // their keys, in the same order
  std::vector<std::vector<std::int8_t>> gamma_;  // Splink gamma of each level
};

}  // namespace

std::unique_ptr<EdgeSource> write_predictions(const dist::Comm& comm, OrderedPairs&& pairs,
                                              const RecordKeys& keys, const Model& model,
                                              std::uint64_t total_records,
                                              const OutputFiles& files) {
  // Keys of every record these pairs name, fetched once each.
  std::vector<std::uint64_t> records = records_named(pairs, total_records);
  std::vector<dist::FetchedKey> fetched = dist::fetch_keys(comm, keys, records);

  using io::detail::Hdf5ColumnSpec;
  using io::detail::NumberStorage;
  const std::uint64_t source_width = longest_source_name(keys);
  const std::uint64_t uid_width = longest_uid(comm, keys);
  // No column of a prediction is ever null.
  const auto f64 = NumberStorage::kFloat64, i8 = NumberStorage::kInt8, i64 = NumberStorage::kInt64;
  std::vector<Hdf5ColumnSpec> specs = {
      {"source_dataset_l", ColumnType::kString, source_width, f64, false},
      {"unique_id_l", ColumnType::kString, uid_width, f64, false},
      {"source_dataset_r", ColumnType::kString, source_width, f64, false},
      {"unique_id_r", ColumnType::kString, uid_width, f64, false},
      {"match_weight", ColumnType::kNumber, 1, f64, false},
      {"match_probability", ColumnType::kNumber, 1, f64, false},
      {"match_key", ColumnType::kNumber, 1, i8, false}};
  for (const auto& c : model.comparisons) {
    specs.push_back({"gamma_" + c.name, ColumnType::kNumber, 1, i8, false});
    specs.push_back({"bf_" + c.name, ColumnType::kNumber, 1, f64, false});
  }
  specs.push_back({"record_index_l", ColumnType::kNumber, 1, i64, false});
  specs.push_back({"record_index_r", ColumnType::kNumber, 1, i64, false});
  {
    const PredictionRows rows(pairs, keys, model, std::move(records), std::move(fetched));
    dist::write_table(comm, {files.dir, kPredictionsGroup, files.csv, files.hdf5}, specs, rows);
  }
  return edges_of(std::move(pairs));
}

namespace {

// The compact form of this rank's pairs: no record keys, no per-comparison Bayes factors.
class CompactPredictionRows : public dist::TableSource {
 public:
  CompactPredictionRows(const OrderedPairs& pairs, const Model& model)
      : pairs_(pairs), gamma_(splink_gammas(model)) {}

  std::uint64_t rows() const override { return pairs_.rows(); }

  void append_csv(std::uint64_t begin, std::uint64_t end, std::string& out) const override {
    const std::size_t nc = pairs_.layout().num_comparisons;
    const OrderedPairs::View v = pairs_.view(begin, end);
    const Predictions& p = *v.pairs;
    auto integer = [&out](std::int64_t value) { append_integer(out, value); };
    for (std::uint64_t row = begin; row < end; ++row) {
      const std::size_t i = row - v.offset;
      integer(static_cast<std::int64_t>(p.left[i]));
      out.push_back(',');
      integer(static_cast<std::int64_t>(p.right[i]));
      out.push_back(',');
      dist::append_csv_number(out, p.match_weight[i]);
      out.push_back(',');
      integer(p.match_key[i]);
      for (std::size_t c = 0; c < nc; ++c) {
        out.push_back(',');
        integer(gamma_[c][p.gammas[i * nc + c]]);
      }
      out.push_back('\n');
    }
  }

  void column_block(std::size_t column, const io::detail::Hdf5ColumnSpec&, std::uint64_t begin,
                    std::uint64_t end, dist::ColumnBlock& out) const override {
    const std::uint64_t n = end - begin;
    const std::size_t nc = pairs_.layout().num_comparisons;
    const OrderedPairs::View v = pairs_.view(begin, end);
    const Predictions& p = *v.pairs;
    const std::uint64_t first = begin - v.offset;
    using Kind = dist::ColumnBlock::Kind;
    if (column < 2) {
      out.kind = Kind::kInt64;
      out.bytes.resize(n * sizeof(std::int64_t));
      copy_bytes(out.bytes.data(), (column == 0 ? p.left : p.right).data() + first,
                 n * sizeof(std::int64_t));
    } else if (column == 2) {
      out.kind = Kind::kDouble;
      out.bytes.resize(n * sizeof(double));
      copy_bytes(out.bytes.data(), p.match_weight.data() + first, n * sizeof(double));
    } else if (column == 3) {
      out.kind = Kind::kInt8;
      out.bytes.resize(n);
      copy_bytes(out.bytes.data(), p.match_key.data() + first, n);
    } else {
      const std::size_t c = column - 4;
      out.kind = Kind::kInt8;
      out.bytes.resize(n);
      for (std::uint64_t i = 0; i < n; ++i)
        out.bytes[i] = static_cast<char>(gamma_[c][p.gammas[(first + i) * nc + c]]);
    }
  }

 private:
  const OrderedPairs& pairs_;
  std::vector<std::vector<std::int8_t>> gamma_;  // Splink gamma of each level
};

}  // namespace

std::unique_ptr<EdgeSource> write_compact_predictions(const dist::Comm& comm, OrderedPairs&& pairs,
                                                      const Model& model,
                                                      const OutputFiles& files) {
  using io::detail::Hdf5ColumnSpec;
  const auto f64 = io::detail::NumberStorage::kFloat64, i8 = io::detail::NumberStorage::kInt8,
             i64 = io::detail::NumberStorage::kInt64;
  std::vector<Hdf5ColumnSpec> specs = {{"record_index_l", ColumnType::kNumber, 1, i64, false},
                                       {"record_index_r", ColumnType::kNumber, 1, i64, false},
                                       {"match_weight", ColumnType::kNumber, 1, f64, false},
                                       {"match_key", ColumnType::kNumber, 1, i8, false}};
  for (const auto& c : model.comparisons)
    specs.push_back({"gamma_" + c.name, ColumnType::kNumber, 1, i8, false});
  dist::write_table(comm, {files.dir, kPredictionsGroup, files.csv, files.hdf5}, specs,
                    CompactPredictionRows(pairs, model));
  return edges_of(std::move(pairs));
}

void write_clusters(const dist::Comm& comm, const RecordKeys& keys, const Clusters& clusters,
                    std::uint64_t total_records, const OutputFiles& files) {
  Table rows;
  rows.add_column("source_dataset", ColumnType::kString);
  rows.add_column("unique_id", ColumnType::kString);
  rows.add_column("cluster_id", ColumnType::kString);
  rows.add_column("cluster_size", ColumnType::kNumber);
  rows.add_column("cluster_density", ColumnType::kNumber);
  rows.add_column("cluster_weakest_link", ColumnType::kNumber);
  rows.add_column("cluster_bridges", ColumnType::kNumber);
  std::size_t cluster_width = 1;
  for (std::size_t row = 0; row < keys.size(); ++row) {
    rows.column(0).append_string(keys.source_name(row));
    rows.column(1).append_string(keys.uid(row));
    rows.column(2).append_string(clusters.cluster_id[row]);
    cluster_width = std::max(cluster_width, clusters.cluster_id[row].size());
    const ClusterDiagnostics& d = clusters.diagnostics[row];
    rows.column(3).append_number(static_cast<double>(d.size));
    rows.column(4).append_number(d.density);
    if (std::isnan(d.weakest_link)) {
      rows.column(5).append_null();  // a singleton has no link
    } else {
      rows.column(5).append_number(d.weakest_link);
    }
    rows.column(6).append_number(static_cast<double>(d.bridges));
  }
  const Table ordered =
      dist::gather_rows_in_order(comm, rows, keys.global_index, {}, total_records);
  const auto f64 = io::detail::NumberStorage::kFloat64, i64 = io::detail::NumberStorage::kInt64;
  const std::vector<io::detail::Hdf5ColumnSpec> specs = {
      {"source_dataset", ColumnType::kString, longest_source_name(keys), f64, false},
      {"unique_id", ColumnType::kString, longest_uid(comm, keys), f64, false},
      {"cluster_id", ColumnType::kString, longest(comm, cluster_width), f64, false},
      {"cluster_size", ColumnType::kNumber, 1, i64, false},
      {"cluster_density", ColumnType::kNumber, 1, f64, false},
      {"cluster_weakest_link", ColumnType::kNumber, 1, f64, true},
      {"cluster_bridges", ColumnType::kNumber, 1, i64, false}};
  dist::write_table(comm, {files.dir, kClustersGroup, files.csv, files.hdf5}, specs,
                    dist::TableRows(ordered));
}

}  // namespace xjslink
