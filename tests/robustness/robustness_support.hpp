// File: robustness/robustness_support.hpp
// What every bad-input case checks: the binary run as a user would (one rank, or two under
// mpirun), within a time limit, its exit status and message, and that no output that looks
// complete (or a leftover temporary file) is left behind.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "e2e/cli_runner.hpp"

namespace xjslink::test {

// A case must end well within this; `timeout` turns a hang into status 124.
inline constexpr int kCaseSeconds = 120;

inline std::string timeout_prefix() {
  return "timeout -k 5 " + std::to_string(kCaseSeconds);
}

// One rank, as `xjslink ...`.
inline CliResult run_case(const std::string& args, const std::string& shell_prefix = "") {
  return run_cli(args, shell_prefix + " " + timeout_prefix());
}

inline bool mpirun_available() {
  return std::system("command -v mpirun > /dev/null 2>&1") == 0;
}

// Under `mpirun -np ranks`. The test process is a singleton MPI job, whose OMPI_/PMIX_
// variables would make mpirun fail, so they are unset first.
inline CliResult run_case_mpi(int ranks, const std::string& args) {
  const std::string prefix =
      "for v in $(env | grep -oE '^(OMPI|PMIX|OPAL)_[A-Za-z0-9_]*'); do unset $v; done; " +
      timeout_prefix() + " mpirun " + (::getuid() == 0 ? "--allow-run-as-root " : "") +
      "--oversubscribe -np " + std::to_string(ranks);
  return run_cli(args, prefix);
}

// Outputs a failed run must not leave in `dir` (run.json may record earlier completed stages).
inline bool has_complete_looking_outputs(const std::filesystem::path& dir) {
  if (!std::filesystem::exists(dir)) return false;
  for (const char* f :
       {"model.json", "predictions.csv", "predictions.h5", "clusters.csv", "clusters.h5"}) {
    if (std::filesystem::exists(dir / f)) return true;
  }
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    if (e.path().extension() == ".tmp") return true;
  }
  return false;
}

// A user error: exit status 1 (not a hang, a crash or an internal error), one clear message.
inline void expect_user_error(const CliResult& r) {
  EXPECT_NE(r.status, 124) << "timed out after " << kCaseSeconds << " s: " << r.output;
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_EQ(r.output.find("internal error"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("unexpected error"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("MPI_ABORT"), std::string::npos) << r.output;
}

inline void expect_contains(const CliResult& r, const std::string& text) {
  EXPECT_NE(r.output.find(text), std::string::npos) << "missing '" << text << "' in: " << r.output;
}

inline void expect_absent(const CliResult& r, const std::string& text) {
  EXPECT_EQ(r.output.find(text), std::string::npos) << "'" << text << "' leaked: " << r.output;
}

// A small dedupe job over people.csv (unique_id, first, surname, dob).
inline const char* kRobustnessSettings = R"j({
  "link_type": "dedupe_only",
  "columns": {"dob": {"type": "date"}},
  "blocking_rules": ["surname", "dob"],
  "comparisons": [
    {"column": "first", "levels": [{"type": "null"}, {"type": "exact"}, {"type": "jaro_winkler", "threshold": 0.9}, {"type": "else"}]},
    {"column": "surname", "levels": [{"type": "null"}, {"type": "exact"}, {"type": "else"}]},
    {"column": "dob", "levels": [{"type": "null"}, {"type": "exact"}, {"type": "else"}]}
  ],
  "training": {"u_max_pairs": 1000, "em_blocking_rules": ["surname"]},
  "threshold_match_probability": 0.5
})j";

inline const char* kRobustnessCsv =
    "unique_id,first,surname,dob\n"
    "1,anna,smith,1980-01-02\n"
    "2,ana,smith,1980-01-02\n"
    "3,bob,jones,1975-05-06\n"
    "4,rob,jones,1975-05-06\n"
    "5,carl,brown,1990-10-10\n";

}  // namespace xjslink::test
