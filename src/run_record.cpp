// File: run_record.cpp
#include "run_record.hpp"

#include <sys/resource.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include <omp.h>
#include <xxhash.h>

#include "dist/agree.hpp"
#include "dist/comm.hpp"
#include "xjslink/error.hpp"
#include "xjslink/io/atomic_file.hpp"

namespace xjslink {

std::string fingerprint_of(const std::string& text) {
  char buf[17];
  std::snprintf(buf, sizeof(buf), "%016llx",
                static_cast<unsigned long long>(XXH3_64bits(text.data(), text.size())));
  return buf;
}

std::uint64_t peak_rss_bytes() {
  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<std::uint64_t>(usage.ru_maxrss) * 1024;  // Linux reports KiB
}

RunRecord RunRecord::load(const dist::Comm& comm, const std::string& dir) {
  RunRecord record;
  record.dir_ = dir;
  std::string text;
  if (comm.is_root()) {
    std::ifstream in(std::filesystem::path(dir) / "run.json");
    if (in) {
      std::ostringstream s;
      s << in.rdbuf();
      text = s.str();
    }
  }
  comm.bcast(text, 0);
  if (!text.empty()) {
    record.doc_ = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (record.doc_.is_discarded() || !record.doc_.is_object()) record.doc_ = nlohmann::json();
  }
  if (!record.doc_.is_object()) record.doc_ = nlohmann::json::object();
  return record;
}

bool RunRecord::stage_complete(const std::string& stage, const std::string& fingerprint) const {
  if (!doc_.contains("stages") || !doc_["stages"].contains(stage)) return false;
  const auto& s = doc_["stages"][stage];
  if (s.value("fingerprint", "") != fingerprint || !s.value("completed", false)) return false;
  for (const auto& out : s.value("outputs", nlohmann::json::array())) {
    if (!std::filesystem::exists(std::filesystem::path(dir_) / out.get<std::string>())) {
      return false;
    }
  }
  return true;
}

void RunRecord::mark_stage(const std::string& stage, const std::string& fingerprint, double seconds,
                           const std::vector<std::string>& outputs) {
  doc_["stages"][stage] = {{"completed", true},
                           {"fingerprint", fingerprint},
                           {"seconds", seconds},
                           {"outputs", outputs}};
}

void RunRecord::clear_stage(const std::string& stage) {
  if (doc_.contains("stages")) doc_["stages"].erase(stage);
}

namespace {

struct StageOutputs {
  const char* stage;
  std::vector<const char*> files;    // every format, whatever this run writes
  std::vector<const char*> counts;   // keys of doc["counts"] the stage sets
  std::vector<const char*> timings;  // keys of doc["timings_seconds"]
  std::vector<const char*> facts;    // top-level keys
};

const std::vector<StageOutputs>& stage_outputs() {
  static const std::vector<StageOutputs> stages = {
      {"train", {"model.json"}, {}, {"train"}, {}},
      {"predict",
       {"predictions.csv", "predictions.h5"},
       {"blocked_pairs_per_rule", "scored_pairs", "predictions"},
       {"predict", "write_predictions"},
       {"pair_work_per_rank", "threshold", "predictions_columns"}},
      {"cluster",
       {"clusters.csv", "clusters.h5"},
       {"cluster_edges", "clusters", "largest_cluster"},
       {"cluster", "write_clusters"},
       {"cluster_threshold"}},
  };
  return stages;
}

}  // namespace

void RunRecord::invalidate_from(const dist::Comm& comm, const std::string& stage) {
  const auto& stages = stage_outputs();
  std::size_t first = 0;
  while (first < stages.size() && stages[first].stage != stage)
    ++first;
  std::vector<std::string> files;
  for (std::size_t i = first; i < stages.size(); ++i) {
    const StageOutputs& s = stages[i];
    for (const char* f : s.files)
      files.emplace_back(f);
    if (doc_.contains("stages") && doc_["stages"].contains(s.stage)) {
      for (const auto& out : doc_["stages"][s.stage].value("outputs", nlohmann::json::array())) {
        if (out.is_string()) files.push_back(out.get<std::string>());
      }
      doc_["stages"].erase(s.stage);
    }
    for (const char* k : s.counts) {
      if (doc_.contains("counts")) doc_["counts"].erase(k);
    }
    for (const char* k : s.timings) {
      if (doc_.contains("timings_seconds")) doc_["timings_seconds"].erase(k);
    }
    for (const char* k : s.facts)
      doc_.erase(k);
  }
  std::optional<Error> failure;
  if (comm.is_root()) {
    for (const auto& f : files) {
      const std::filesystem::path p = std::filesystem::path(dir_) / f;
      std::error_code ec;
      std::filesystem::remove(p, ec);
      if (ec) {
        failure = Error(ErrorCode::kIo,
                        "cannot remove an output of an earlier run: " + ec.message(), p.string());
        break;
      }
    }
  }
  dist::raise_if_any(comm, failure);
  save(comm);
}

void RunRecord::save(const dist::Comm& comm) {
  const std::uint64_t peak = comm.allreduce(peak_rss_bytes(), dist::Op::kMax);
  const std::uint64_t total = comm.allreduce(peak_rss_bytes(), dist::Op::kSum);
  doc_["peak_rss_bytes_per_rank_max"] =
      std::max<std::uint64_t>(peak, doc_.value("peak_rss_bytes_per_rank_max", std::uint64_t{0}));
  doc_["peak_rss_bytes_all_ranks"] =
      std::max<std::uint64_t>(total, doc_.value("peak_rss_bytes_all_ranks", std::uint64_t{0}));
  doc_["ranks"] = comm.size();
  doc_["threads_per_rank"] = omp_get_max_threads();
  if (comm.is_root()) {
    io::write_file_atomically((std::filesystem::path(dir_) / "run.json").string(),
                              doc_.dump(2) + "\n");
  }
  comm.barrier();
}

}  // namespace xjslink
