// File: robustness/robustness_support.hpp
// Shared pieces of the robustness cases: small settings and records, the check that a failed
// run left no output that looks complete (or a leftover temporary file), and the command
// prefixes that bound a case's time and run it under mpirun.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "e2e/cli_runner.hpp"

namespace xjslink::test {

// Dedupe on first/surname/dob, blocking by surname and by dob.
inline std::string small_settings(const std::string& blocking_rules = R"(["surname", "dob"])",
                                  double threshold = 0.5) {
  return R"j({
  "link_type": "dedupe_only",
  "columns": {"dob": {"type": "date"}},
  "blocking_rules": )j" +
         blocking_rules + R"j(,
  "comparisons": [
    {"column": "first", "levels": [{"type": "null"}, {"type": "exact"}, {"type": "jaro_winkler", "threshold": 0.9}, {"type": "else"}]},
    {"column": "surname", "levels": [{"type": "null"}, {"type": "exact"}, {"type": "else"}]},
    {"column": "dob", "levels": [{"type": "null"}, {"type": "exact"}, {"type": "else"}]}
  ],
  "training": {"u_max_pairs": 1000, "em_blocking_rules": ["surname"]},
  "threshold_match_probability": )j" +
         std::to_string(threshold) + "\n}";
}

inline const char* kPeopleCsv =
    "unique_id,first,surname,dob\n"
    "1,anna,smith,1980-01-02\n"
    "2,ana,smith,1980-01-02\n"
    "3,bob,jones,1975-05-06\n"
    "4,rob,jones,1975-05-06\n"
    "5,carl,brown,1990-10-10\n"
    "6,carla,brown,1990-10-10\n";

// Outputs that look like a finished run's (run.json may record completed earlier stages).
inline bool has_stage_outputs(const std::filesystem::path& out, bool include_model = true) {
  for (const char* f :
       {"model.json", "predictions.csv", "predictions.h5", "clusters.csv", "clusters.h5"}) {
    if (!include_model && std::string(f) == "model.json") continue;
    if (std::filesystem::exists(out / f)) return true;
  }
  return false;
}

inline bool has_temp_files(const std::filesystem::path& dir) {
  if (!std::filesystem::exists(dir)) return false;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    if (e.path().extension() == ".tmp") return true;
  }
  return false;
}

// Every case ends within this many seconds or fails (exit status 124 from timeout).
inline std::string within(int seconds) {
  return "timeout " + std::to_string(seconds);
}

// The test process is a singleton MPI job: its OMPI_/PMIX_ variables would make mpirun fail.
inline const char* kForgetSingleton =
    "for v in $(env | grep -oE '^(OMPI|PMIX|OPAL)_[A-Za-z0-9_]*'); do unset $v; done; ";

// env: extra VAR=value assignments for the job (e.g. a fault to inject).
inline std::string under_mpirun(int ranks, int seconds, const std::string& env = "") {
  return std::string(kForgetSingleton) + env +
         " OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMP_NUM_THREADS=1 " +
         within(seconds) + " " + XJSLINK_MPIEXEC + " --oversubscribe -np " + std::to_string(ranks);
}

inline bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// A case must end well within this; `timeout` turns a hang into status 124.
inline constexpr int kCaseSeconds = 120;

// AddressSanitizer reserves terabytes of shadow address space when a process starts, so a binary
// built with it cannot start under an address-space cap (ulimit -v, prlimit --as).
inline constexpr bool kAddressSanitized =
#if defined(__SANITIZE_ADDRESS__)
    true;
#else
    false;
#endif
inline constexpr const char* kNoCapUnderAsan =
    "built with AddressSanitizer, which cannot start under an address-space cap; this case runs "
    "in the ordinary build";

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

// Under `mpirun -np ranks`, within kCaseSeconds.
inline CliResult run_case_mpi(int ranks, const std::string& args) {
  const std::string prefix = std::string(kForgetSingleton) + timeout_prefix() + " mpirun " +
                             (::getuid() == 0 ? "--allow-run-as-root " : "") +
                             "--oversubscribe -np " + std::to_string(ranks);
  return run_cli(args, prefix);
}

// Outputs a failed run must not leave in `dir` (run.json may record earlier completed stages).
inline bool has_complete_looking_outputs(const std::filesystem::path& dir) {
  return std::filesystem::exists(dir) && (has_stage_outputs(dir) || has_temp_files(dir));
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
