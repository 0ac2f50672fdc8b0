// File: run_record.hpp (private)
// run.json: what a run did (settings hash, inputs, counts, timings, memory, ranks × threads)
// and, per stage, the fingerprint of what it was computed from and the files it wrote. A stage
// whose fingerprint matches and whose files exist is complete and is skipped on a rerun.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace xjslink {

namespace dist {
class Comm;
}

class RunRecord {
 public:
  // Collective: rank 0 reads DIR/run.json if it exists (an unreadable one is ignored: the run
  // then starts afresh) and every rank gets the same content.
  static RunRecord load(const dist::Comm& comm, const std::string& dir);

  nlohmann::json& doc() { return doc_; }
  const nlohmann::json& doc() const { return doc_; }

  // True if `stage` completed with this fingerprint and all its outputs exist in the directory.
  bool stage_complete(const std::string& stage, const std::string& fingerprint) const;
  void mark_stage(const std::string& stage, const std::string& fingerprint, double seconds,
                  const std::vector<std::string>& outputs);
  // Forget a stage (and so everything after it must be redone).
  void clear_stage(const std::string& stage);
  // Collective, before `stage` is recomputed: forgets it and every later stage (train →
  // predict → cluster), removes their output files and the counts they recorded, and saves
  // run.json. So a run killed while recomputing leaves no earlier output beside newer ones
  // (a new model.json with old predictions), and run.json marks nothing complete that did not
  // run from the current fingerprints.
  void invalidate_from(const dist::Comm& comm, const std::string& stage);

  // Collective: rank 0 writes run.json atomically, with the peak memory over all ranks so far.
  void save(const dist::Comm& comm);

  const std::string& dir() const { return dir_; }

 private:
  std::string dir_;
  nlohmann::json doc_;
};

// Hex digest of some text (xxh3-64), for fingerprints and the settings hash.
std::string fingerprint_of(const std::string& text);

// This process's peak resident set size in bytes.
std::uint64_t peak_rss_bytes();

}  // namespace xjslink
