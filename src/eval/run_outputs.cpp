// File: eval/run_outputs.cpp
#include "xjslink/eval/run_outputs.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "xjslink/error.hpp"
#include "xjslink/eval/table_blocks.hpp"
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

void read_run_records(const RunOutputs& run, RecordIndex& index, LabelledRecords& records) {
  TableBlockReader reader(run.clusters_path, kClustersGroup,
                          {"source_dataset", "unique_id", "cluster_id"}, {}, kBlockBytes);
  KeyInterner cluster_ids;
  Table block;
  std::vector<std::uint64_t> lines;
  std::string a, b, c;
  while (reader.next(block, lines)) {
    const Column& source = block.column(0);
    const Column& uid = block.column(1);
    const Column& cluster = block.column(2);
    for (std::size_t row = 0; row < block.num_rows(); ++row) {
      const std::uint16_t s = index.add_source(cell_text(source, row, a));
      if (index.add(s, cell_text(uid, row, b)) == RecordIndex::kAbsent) {
        throw Error(ErrorCode::kInvalidInput, "record listed twice", run.clusters_path, lines[row],
                    "unique_id");
      }
      records.source.push_back(s);
      records.cluster.push_back(cluster_ids.intern(cell_text(cluster, row, c)));
    }
  }
  records.person.assign(records.source.size(), kNoPerson);
  records.num_sources = index.num_sources();
  records.num_clusters = cluster_ids.size();
  records.num_persons = 0;
}

void for_each_prediction_block(const RunOutputs& run, const RecordIndex& index,
                               const std::vector<std::string>& extra_columns,
                               const PredictionBlockFn& fn) {
  std::vector<std::string> columns = {"source_dataset_l", "unique_id_l",  "source_dataset_r",
                                      "unique_id_r",      "match_weight", "match_probability"};
  columns.insert(columns.end(), extra_columns.begin(), extra_columns.end());
  TableBlockReader reader(run.predictions_path, kPredictionsGroup, columns, {}, kBlockBytes);
  Table block;
  std::vector<std::uint64_t> lines;
  std::vector<ScoredPair> pairs;
  std::uint64_t first_row = 0;
  std::string a, b;
  const std::string& file = run.predictions_path;
  while (reader.next(block, lines)) {
    pairs.resize(block.num_rows());
    for (std::size_t row = 0; row < block.num_rows(); ++row) {
      ScoredPair& pair = pairs[row];
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
      if (pair.left == pair.right) {
        throw Error(ErrorCode::kInvalidInput, "a pair of a record with itself", file, lines[row],
                    "unique_id_r");
      }
      pair.match_weight = cell_number(block.column(4), row, file, lines[row]);
      pair.match_probability = cell_number(block.column(5), row, file, lines[row]);
      if (std::isnan(pair.match_weight)) {
        throw Error(ErrorCode::kInvalidInput, "not a number", file, lines[row], "match_weight");
      }
      if (!(pair.match_probability >= 0 && pair.match_probability <= 1)) {
        throw Error(ErrorCode::kInvalidInput, "not a probability in [0, 1]", file, lines[row],
                    "match_probability");
      }
    }
    fn(block, pairs, first_row);
    first_row += block.num_rows();
  }
}

}  // namespace xjslink::eval
