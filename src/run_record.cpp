// File: run_record.cpp
#include "run_record.hpp"

#include <sys/resource.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <omp.h>
#include <xxhash.h>

#include "dist/comm.hpp"
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
