// File: eval/run_outputs.cpp
#include "xjslink/eval/run_outputs.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "xjslink/error.hpp"
#include "xjslink/eval/table_blocks.hpp"
#include "xjslink/model.hpp"
#include "xjslink/output_tables.hpp"

namespace xjslink::eval {
namespace {

namespace fs = std::filesystem;

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorCode::kIo, "cannot read file", path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// DIR/<name>.h5 if it exists, else DIR/<name>.csv; throws if neither does.
std::string output_file(const std::string& dir, const std::string& name) {
  const fs::path h5 = fs::path(dir) / (name + ".h5");
  if (fs::exists(h5)) return h5.string();
  const fs::path csv = fs::path(dir) / (name + ".csv");
  if (fs::exists(csv)) return csv.string();
  throw Error(ErrorCode::kIo, "run directory has no " + name + ".h5 or " + name + ".csv", dir);
}

constexpr std::uint64_t kBlockBytes = std::uint64_t{64} << 20;

}  // namespace

RunOutputs open_run(const std::string& dir) {
  RunOutputs out;
  out.dir = dir;
  if (!fs::is_directory(dir)) throw Error(ErrorCode::kIo, "not a directory", dir, 0, "--run");
  const std::string model_path = (fs::path(dir) / "model.json").string();
  out.model = Model::load(model_path);
  out.settings = out.model.embedded_settings(model_path);
  out.link_type = out.settings.link_type;
  out.output_threshold = out.settings.output_probability_threshold();
  out.cluster_threshold = out.settings.cluster_threshold;

  const fs::path run_path = fs::path(dir) / "run.json";
  if (fs::exists(run_path)) {
    try {
      out.run = nlohmann::json::parse(read_text(run_path.string()));
      if (out.run.contains("threshold")) {
        const auto& t = out.run.at("threshold");
        const double value = t.at("value").get<double>();
        out.output_threshold =
            t.value("by_weight", false) ? probability_from_log2_odds(value) : value;
      }
      if (out.run.contains("cluster_threshold")) {
        out.cluster_threshold = out.run.at("cluster_threshold").get<double>();
      }
      for (const auto& in : out.run.value("inputs", nlohmann::json::array())) {
        out.inputs.push_back(in.value("absolute_path", in.value("path", std::string())));
      }
    } catch (const nlohmann::json::exception& e) {
      throw Error(ErrorCode::kInvalidInput, std::string("malformed run.json (") + e.what() + ")",
                  run_path.string());
    }
  }
  // run.json lists what each completed stage wrote: only those files are current (a re-run
  // with other formats or one that stopped early must not be read as this run's result).
  const nlohmann::json* stages =
      out.run.is_object() && out.run.contains("stages") ? &out.run["stages"] : nullptr;
  const auto current = [&](const char* stage, const std::string& name) {
    if (stages == nullptr) return output_file(dir, name);
    const bool complete = stages->is_object() && stages->contains(stage) &&
                          (*stages)[stage].is_object() &&
                          (*stages)[stage].value("completed", false);
    if (!complete) {
      throw Error(ErrorCode::kInvalidInput,
                  std::string("run.json records no completed ") + stage +
                      " stage (the run did not finish); run it again",
                  run_path.string());
    }
    const nlohmann::json outputs = (*stages)[stage].value("outputs", nlohmann::json::array());
    for (const std::string ext : {".h5", ".csv"}) {
      if (std::find(outputs.begin(), outputs.end(), nlohmann::json(name + ext)) != outputs.end()) {
        return (fs::path(dir) / (name + ext)).string();
      }
    }
    throw Error(ErrorCode::kInvalidInput,
                std::string("run.json lists no output of the ") + stage + " stage",
                run_path.string());
  };
  out.predictions_path = current("predict", kPredictionsGroup);
  out.clusters_path = current("cluster", kClustersGroup);
  return out;
}

namespace {

// One per-cluster column of the clusters file: its index in the block, and the value check.
struct ClusterColumnReader {
  const char* name;
  bool present = false;
  std::size_t index = 0;
};

// An empty cell, or NaN (how a writer without null support may mark "none"), is no value.
std::optional<double> optional_number(const Column& column, std::size_t row,
                                      const std::string& file, std::uint64_t line) {
  std::string buffer;
  if (cell_text(column, row, buffer).empty()) return std::nullopt;
  const double v = cell_number(column, row, file, line);
  if (std::isnan(v)) return std::nullopt;
  return v;
}

}  // namespace

void read_run_records(const RunOutputs& run, RecordIndex& index, LabelledRecords& records,
                      ClusterColumns* out) {
  std::vector<std::string> names = {"source_dataset", "unique_id", "cluster_id"};
  ClusterColumnReader density{kClusterDensityColumn}, weakest{kClusterWeakestLinkColumn},
      bridges{kClusterBridgesColumn};
  if (out != nullptr) {
    *out = ClusterColumns{};
    const std::vector<std::string> header = table_header(run.clusters_path, kClustersGroup);
    for (ClusterColumnReader* c : {&density, &weakest, &bridges}) {
      if (std::find(header.begin(), header.end(), c->name) == header.end()) continue;
      c->present = true;
      c->index = names.size();
      names.emplace_back(c->name);
    }
    out->has_density = density.present;
    out->has_weakest_link = weakest.present;
    out->has_bridges = bridges.present;
  }
  TableBlockReader reader(run.clusters_path, kClustersGroup, names, {}, kBlockBytes);
  KeyInterner cluster_ids;
  Table block;
  std::vector<std::uint64_t> lines;
  std::string a, b, c;
  const std::string& file = run.clusters_path;
  while (reader.next(block, lines)) {
    const Column& source = block.column(0);
    const Column& uid = block.column(1);
    const Column& cluster = block.column(2);
    for (std::size_t row = 0; row < block.num_rows(); ++row) {
      const std::uint16_t s = index.add_source(cell_text(source, row, a));
      if (index.add(s, cell_text(uid, row, b)) == RecordIndex::kAbsent) {
        throw Error(ErrorCode::kInvalidInput, "record listed twice", file, lines[row], "unique_id");
      }
      records.source.push_back(s);
      const std::uint32_t id = cluster_ids.intern(cell_text(cluster, row, c));
      records.cluster.push_back(id);
      if (out == nullptr) continue;
      const bool first = id == out->density.size();
      // Every record of a cluster carries the cluster's value: the first one sets it.
      const auto take = [&](const ClusterColumnReader& col, auto value, auto& values) {
        if (first) {
          values.push_back(value);
        } else if (values[id] != value) {
          throw Error(ErrorCode::kInvalidInput,
                      "differs from the value of an earlier record of the same cluster", file,
                      lines[row], col.name);
        }
      };
      std::optional<double> d, w;
      std::optional<std::uint64_t> k;
      if (density.present) {
        d = optional_number(block.column(density.index), row, file, lines[row]);
        if (d && !(*d >= 0 && *d <= 1)) {
          throw Error(ErrorCode::kInvalidInput, "not a share in [0, 1]", file, lines[row],
                      density.name);
        }
      }
      if (weakest.present) w = optional_number(block.column(weakest.index), row, file, lines[row]);
      if (bridges.present) {
        const auto v = optional_number(block.column(bridges.index), row, file, lines[row]);
        if (v && !(*v >= 0 && *v == std::floor(*v) && *v < 1e18)) {
          throw Error(ErrorCode::kInvalidInput, "not a count (a whole number >= 0)", file,
                      lines[row], bridges.name);
        }
        if (v) k = static_cast<std::uint64_t>(*v);
      }
      take(density, d, out->density);
      take(weakest, w, out->weakest_link);
      take(bridges, k, out->bridges);
    }
  }
  records.person.assign(records.source.size(), kNoPerson);
  records.num_sources = index.num_sources();
  records.num_clusters = cluster_ids.size();
  records.num_persons = 0;
}

namespace {

// A record index of a compact predictions file as a record id of the clusters file (whose rows
// are the records in index order).
std::uint32_t record_of_index(const Column& column, std::size_t row, const RecordIndex& index,
                              const std::string& file, std::uint64_t line) {
  const double v = cell_number(column, row, file, line);
  if (!(v >= 0 && v < static_cast<double>(index.size())) || v != std::floor(v)) {
    throw Error(ErrorCode::kInvalidInput,
                "not a record index of the run's clusters file, which holds " +
                    std::to_string(index.size()) + " records (indices from 0)",
                file, line, column.name());
  }
  return static_cast<std::uint32_t>(v);
}

}  // namespace

void for_each_prediction_block(const RunOutputs& run, const RecordIndex& index,
                               const std::vector<std::string>& extra_columns,
                               const PredictionBlockFn& fn) {
  const std::string& file = run.predictions_path;
  const std::vector<std::string> header = table_header(file, kPredictionsGroup);
  // The compact form names records by index only; the keys come from the clusters file.
  const bool compact = std::find(header.begin(), header.end(), "unique_id_l") == header.end() &&
                       std::find(header.begin(), header.end(), "record_index_l") != header.end();
  std::vector<std::string> columns =
      compact ? std::vector<std::string>{"record_index_l", "record_index_r", "match_weight"}
              : std::vector<std::string>{"source_dataset_l", "unique_id_l",  "source_dataset_r",
                                         "unique_id_r",      "match_weight", "match_probability"};
  columns.insert(columns.end(), extra_columns.begin(), extra_columns.end());
  TableBlockReader reader(file, kPredictionsGroup, columns, {}, kBlockBytes);
  Table read, block;
  std::vector<std::uint64_t> lines;
  std::vector<ScoredPair> pairs;
  std::uint64_t first_row = 0;
  std::string a, b;
  while (reader.next(compact ? read : block, lines)) {
    const std::size_t rows = (compact ? read : block).num_rows();
    pairs.resize(rows);
    if (compact) {
      // The same block as from the full form: keys, weight, probability, then the extras.
      block = Table();
      for (const char* name :
           {"source_dataset_l", "unique_id_l", "source_dataset_r", "unique_id_r"})
        block.add_column(name, ColumnType::kString);
      block.add_column("match_weight", ColumnType::kNumber);
      block.add_column("match_probability", ColumnType::kNumber);
      for (std::size_t e = 0; e < extra_columns.size(); ++e) {
        block.add_column(extra_columns[e], read.column(3 + e).type());
        for (std::size_t row = 0; row < rows; ++row)
          block.column(6 + e).append_from(read.column(3 + e), row);
      }
    }
    for (std::size_t row = 0; row < rows; ++row) {
      ScoredPair& pair = pairs[row];
      if (compact) {
        pair.left = record_of_index(read.column(0), row, index, file, lines[row]);
        pair.right = record_of_index(read.column(1), row, index, file, lines[row]);
        pair.match_weight = cell_number(read.column(2), row, file, lines[row]);
        pair.match_probability = probability_from_log2_odds(pair.match_weight);
        for (int side = 0; side < 2; ++side) {
          const std::uint32_t r = side == 0 ? pair.left : pair.right;
          block.column(2 * side).append_string(index.source_name(index.source(r)));
          block.column(2 * side + 1).append_string(index.unique_id(r));
        }
        block.column(4).append_number(pair.match_weight);
        block.column(5).append_number(pair.match_probability);
      } else {
        pair.left =
            index.find(cell_text(block.column(0), row, a), cell_text(block.column(1), row, b));
        if (pair.left == RecordIndex::kAbsent) {
          throw Error(ErrorCode::kInvalidInput, "record not in the run's clusters file", file,
                      lines[row], "unique_id_l");
        }
        pair.right =
            index.find(cell_text(block.column(2), row, a), cell_text(block.column(3), row, b));
        if (pair.right == RecordIndex::kAbsent) {
          throw Error(ErrorCode::kInvalidInput, "record not in the run's clusters file", file,
                      lines[row], "unique_id_r");
        }
        pair.match_weight = cell_number(block.column(4), row, file, lines[row]);
        pair.match_probability = cell_number(block.column(5), row, file, lines[row]);
      }
      if (pair.left == pair.right) {
        throw Error(ErrorCode::kInvalidInput, "a pair of a record with itself", file, lines[row],
                    compact ? "record_index_r" : "unique_id_r");
      }
      if (std::isnan(pair.match_weight)) {
        throw Error(ErrorCode::kInvalidInput, "not a number", file, lines[row], "match_weight");
      }
      if (!(pair.match_probability >= 0 && pair.match_probability <= 1)) {
        throw Error(ErrorCode::kInvalidInput, "not a probability in [0, 1]", file, lines[row],
                    "match_probability");
      }
    }
    fn(block, pairs, first_row);
    first_row += rows;
  }
}

}  // namespace xjslink::eval
