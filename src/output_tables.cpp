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

// The edges of pairs (left, right, match_weight), the rest released.
Predictions edges_of(Predictions&& pairs) {
  Predictions edges;
  edges.num_comparisons = pairs.num_comparisons;
  edges.left = std::move(pairs.left);
  edges.right = std::move(pairs.right);
  edges.match_weight = std::move(pairs.match_weight);
  pairs = Predictions{};
  return edges;
}

// Pairs to the rank of their left record's output block, then sorted by (left, right).
Predictions order_for_output(const dist::Comm& comm, Predictions&& pairs, std::uint64_t total) {
  if (comm.size() > 1) {
    const std::size_t nc = pairs.num_comparisons;
    const std::size_t nt = pairs.tf_comparisons.size();
    const std::size_t row_bytes = 3 * 8 + 1 + nc + 8 * nt;
    const dist::OutputBlocks blocks(total, comm.size());
    std::vector<std::vector<std::byte>> send(static_cast<std::size_t>(comm.size()));
    for (std::size_t i = 0; i < pairs.size(); ++i) {
      auto& buf = send[static_cast<std::size_t>(blocks.owner(pairs.left[i]))];
      const std::size_t at = buf.size();
      buf.resize(at + row_bytes);
      std::byte* p = buf.data() + at;
      auto put = [&p](const void* v, std::size_t n) {
        copy_bytes(p, v, n);
        p += n;
      };
      put(&pairs.left[i], 8);
      put(&pairs.right[i], 8);
      put(&pairs.match_weight[i], 8);
      put(&pairs.match_key[i], 1);
      put(pairs.gammas.data() + i * nc, nc);
      put(pairs.tf_log2_bf.data() + i * nt, 8 * nt);
    }
    Predictions out;
    out.num_comparisons = nc;
    out.tf_comparisons = pairs.tf_comparisons;
    pairs = Predictions{};
    const dist::Comm::Received got = comm.alltoallv_bytes(send);
    send.clear();
    const std::size_t n = got.bytes.size() / row_bytes;
    out.left.resize(n);
    out.right.resize(n);
    out.match_weight.resize(n);
    out.match_key.resize(n);
    out.gammas.resize(n * nc);
    out.tf_log2_bf.resize(n * nt);
    const std::byte* p = got.bytes.data();
    auto get = [&p](void* v, std::size_t bytes) {
      copy_bytes(v, p, bytes);
      p += bytes;
    };
    for (std::size_t i = 0; i < n; ++i) {
      get(&out.left[i], 8);
      get(&out.right[i], 8);
      get(&out.match_weight[i], 8);
      get(&out.match_key[i], 1);
      get(out.gammas.data() + i * nc, nc);
      get(out.tf_log2_bf.data() + i * nt, 8 * nt);
    }
    pairs = std::move(out);
  }
  pairs.sort();
  return std::move(pairs);
}

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

// The pairs of this rank as output rows, formatted straight from the columnar arrays.
class PredictionRows : public dist::TableSource {
 public:
  PredictionRows(const Predictions& pairs, const RecordKeys& keys, const Model& model,
                 const std::vector<std::uint64_t>& records,
                 std::vector<dist::FetchedKey> record_keys)
      : pairs_(pairs), keys_(keys), model_(model), record_keys_(std::move(record_keys)) {
    // Each pair's records, found once (pairs are sorted by left, so that search is a walk).
    left_key_.resize(pairs.size());
    right_key_.resize(pairs.size());
    auto index_of = [&records](std::uint64_t g) {
      return static_cast<std::uint32_t>(std::lower_bound(records.begin(), records.end(), g) -
                                        records.begin());
    };
    for (std::size_t i = 0; i < pairs.size(); ++i) {
      left_key_[i] =
          i > 0 && pairs.left[i] == pairs.left[i - 1] ? left_key_[i - 1] : index_of(pairs.left[i]);
      right_key_[i] = index_of(pairs.right[i]);
    }
    gamma_ = splink_gammas(model);
  }

  std::uint64_t rows() const override { return pairs_.size(); }

  void append_csv(std::uint64_t begin, std::uint64_t end, std::string& out) const override {
    const std::size_t nc = pairs_.num_comparisons;
    auto integer = [&out](std::int64_t v) { append_integer(out, v); };
    for (std::uint64_t i = begin; i < end; ++i) {
      const dist::FetchedKey& l = record_keys_[left_key_[i]];
      const dist::FetchedKey& r = record_keys_[right_key_[i]];
      io::append_csv_field(out, keys_.source_names[l.source]);
      out.push_back(',');
      io::append_csv_field(out, l.uid);
      out.push_back(',');
      io::append_csv_field(out, keys_.source_names[r.source]);
      out.push_back(',');
      io::append_csv_field(out, r.uid);
      out.push_back(',');
      dist::append_csv_number(out, pairs_.match_weight[i]);
      out.push_back(',');
      dist::append_csv_number(out, pairs_.match_probability(i));
      out.push_back(',');
      integer(pairs_.match_key[i]);
      for (std::size_t c = 0; c < nc; ++c) {
        out.push_back(',');
        integer(gamma_[c][pairs_.gammas[i * nc + c]]);
        out.push_back(',');
        dist::append_csv_number(out, pairs_.log2_bf(i, c, model_));
      }
      out.push_back(',');
      integer(static_cast<std::int64_t>(pairs_.left[i]));
      out.push_back(',');
      integer(static_cast<std::int64_t>(pairs_.right[i]));
      out.push_back('\n');
    }
  }

  void column_block(std::size_t column, const io::detail::Hdf5ColumnSpec& spec, std::uint64_t begin,
                    std::uint64_t end, dist::ColumnBlock& out) const override {
    const std::uint64_t n = end - begin;
    const std::size_t nc = pairs_.num_comparisons;
    using Kind = dist::ColumnBlock::Kind;
    if (column < 4) {  // source and unique id of the left and right records
      out.kind = Kind::kFixedStrings;
      out.bytes.assign(n * spec.string_width, '\0');
      for (std::uint64_t i = 0; i < n; ++i) {
        const dist::FetchedKey& k =
            record_keys_[column < 2 ? left_key_[begin + i] : right_key_[begin + i]];
        const std::string_view v = column % 2 == 0 ? std::string_view(keys_.source_names[k.source])
                                                   : std::string_view(k.uid);
        copy_bytes(out.bytes.data() + i * spec.string_width, v.data(), v.size());
      }
      return;
    }
    auto doubles = [&](auto value_of) {
      out.kind = Kind::kDouble;
      out.bytes.resize(n * sizeof(double));
      auto* d = reinterpret_cast<double*>(out.bytes.data());
      for (std::uint64_t i = 0; i < n; ++i)
        d[i] = value_of(begin + i);
    };
    auto int64s = [&](const std::vector<std::uint64_t>& v) {
      out.kind = Kind::kInt64;
      out.bytes.resize(n * sizeof(std::int64_t));
      copy_bytes(out.bytes.data(), v.data() + begin, n * sizeof(std::int64_t));
    };
    const std::size_t per_comparison_start = 7;
    if (column == 4) return doubles([&](std::uint64_t i) { return pairs_.match_weight[i]; });
    if (column == 5) return doubles([&](std::uint64_t i) { return pairs_.match_probability(i); });
    if (column == 6) {
      out.kind = Kind::kInt8;
      out.bytes.resize(n);
      copy_bytes(out.bytes.data(), pairs_.match_key.data() + begin, n);
      return;
    }
    if (column < per_comparison_start + 2 * nc) {
      const std::size_t c = (column - per_comparison_start) / 2;
      if ((column - per_comparison_start) % 2 == 0) {
        out.kind = Kind::kInt8;
        out.bytes.resize(n);
        for (std::uint64_t i = 0; i < n; ++i) {
          out.bytes[i] = static_cast<char>(gamma_[c][pairs_.gammas[(begin + i) * nc + c]]);
        }
      } else {
        doubles([&](std::uint64_t i) { return pairs_.log2_bf(i, c, model_); });
      }
      return;
    }
    int64s(column == per_comparison_start + 2 * nc ? pairs_.left : pairs_.right);
  }

 private:
  const Predictions& pairs_;
  const RecordKeys& keys_;
  const Model& model_;
  std::vector<dist::FetchedKey> record_keys_;        // of the distinct records, sorted by index
  std::vector<std::uint32_t> left_key_, right_key_;  // per pair: its records in record_keys_
  std::vector<std::vector<std::int8_t>> gamma_;      // Splink gamma of each level
};

}  // namespace

Predictions write_predictions(const dist::Comm& comm, Predictions&& input, const RecordKeys& keys,
                              const Model& model, std::uint64_t total_records,
                              const OutputFiles& files) {
  Predictions pairs = order_for_output(comm, std::move(input), total_records);
  // Keys of every record these pairs name, fetched once each.
  std::vector<std::uint64_t> records(pairs.left.begin(), pairs.left.end());
  records.insert(records.end(), pairs.right.begin(), pairs.right.end());
  std::sort(records.begin(), records.end());
  records.erase(std::unique(records.begin(), records.end()), records.end());
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
    const PredictionRows rows(pairs, keys, model, records, std::move(fetched));
    dist::write_table(comm, {files.dir, kPredictionsGroup, files.csv, files.hdf5}, specs, rows);
  }
  return edges_of(std::move(pairs));
}

namespace {

// The compact form of this rank's pairs: no record keys, no per-comparison Bayes factors.
class CompactPredictionRows : public dist::TableSource {
 public:
  CompactPredictionRows(const Predictions& pairs, const Model& model)
      : pairs_(pairs), gamma_(splink_gammas(model)) {}

  std::uint64_t rows() const override { return pairs_.size(); }

  void append_csv(std::uint64_t begin, std::uint64_t end, std::string& out) const override {
    const std::size_t nc = pairs_.num_comparisons;
    auto integer = [&out](std::int64_t v) { append_integer(out, v); };
    for (std::uint64_t i = begin; i < end; ++i) {
      integer(static_cast<std::int64_t>(pairs_.left[i]));
      out.push_back(',');
      integer(static_cast<std::int64_t>(pairs_.right[i]));
      out.push_back(',');
      dist::append_csv_number(out, pairs_.match_weight[i]);
      out.push_back(',');
      integer(pairs_.match_key[i]);
      for (std::size_t c = 0; c < nc; ++c) {
        out.push_back(',');
        integer(gamma_[c][pairs_.gammas[i * nc + c]]);
      }
      out.push_back('\n');
    }
  }

  void column_block(std::size_t column, const io::detail::Hdf5ColumnSpec&, std::uint64_t begin,
                    std::uint64_t end, dist::ColumnBlock& out) const override {
    const std::uint64_t n = end - begin;
    const std::size_t nc = pairs_.num_comparisons;
    using Kind = dist::ColumnBlock::Kind;
    if (column < 2) {
      out.kind = Kind::kInt64;
      out.bytes.resize(n * sizeof(std::int64_t));
      copy_bytes(out.bytes.data(), (column == 0 ? pairs_.left : pairs_.right).data() + begin,
                 n * sizeof(std::int64_t));
    } else if (column == 2) {
      out.kind = Kind::kDouble;
      out.bytes.resize(n * sizeof(double));
      copy_bytes(out.bytes.data(), pairs_.match_weight.data() + begin, n * sizeof(double));
    } else if (column == 3) {
      out.kind = Kind::kInt8;
      out.bytes.resize(n);
      copy_bytes(out.bytes.data(), pairs_.match_key.data() + begin, n);
    } else {
      const std::size_t c = column - 4;
      out.kind = Kind::kInt8;
      out.bytes.resize(n);
      for (std::uint64_t i = 0; i < n; ++i)
        out.bytes[i] = static_cast<char>(gamma_[c][pairs_.gammas[(begin + i) * nc + c]]);
    }
  }

 private:
  const Predictions& pairs_;
  std::vector<std::vector<std::int8_t>> gamma_;  // Splink gamma of each level
};

}  // namespace

Predictions write_compact_predictions(const dist::Comm& comm, Predictions&& input,
                                      const Model& model, std::uint64_t total_records,
                                      const OutputFiles& files) {
  Predictions pairs = order_for_output(comm, std::move(input), total_records);
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
