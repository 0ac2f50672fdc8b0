// File: robustness/out_of_memory_test.cpp
// Running out of memory is a user error naming the stage, with what to try (exit status 1),
// not an internal error (status 70). The address space is capped with `ulimit -v` so that the
// allocation fails quickly instead of taking the machine's memory.
#include <filesystem>
#include <fstream>

#include "robustness/robustness_support.hpp"

namespace xjslink::test {
namespace {

// 1 GB of address space: enough to start (MPI, OpenMP), far too little for the cases below.
const char* kCap = "ulimit -v 1000000;";

void expect_no_stage_outputs(const std::filesystem::path& out, const CliResult& r) {
  for (const char* f : {"predictions.csv", "predictions.h5", "clusters.csv", "clusters.h5"}) {
    EXPECT_FALSE(std::filesystem::exists(out / f)) << f << ": " << r.output;
  }
  if (!std::filesystem::exists(out)) return;
  for (const auto& e : std::filesystem::directory_iterator(out)) {
    const std::string name = e.path().filename().string();
    EXPECT_EQ(name.find(".tmp"), std::string::npos) << name;
    EXPECT_EQ(name.find(".part"), std::string::npos) << name;
  }
}

TEST(OutOfMemory, EndlessInputNamesTheInput) {
  if (kAddressSanitized) GTEST_SKIP() << kNoCapUnderAsan;
  ScratchDir d;
  // /dev/zero as a CSV never ends: its one "line" outgrows any memory.
  const CliResult r = run_case("run -q --settings " + d.write("s.json", kRobustnessSettings) +
                                   " --input /dev/zero --out " + d.file("out"),
                               kCap);
  expect_user_error(r);
  expect_contains(r, "/dev/zero");
  EXPECT_FALSE(has_complete_looking_outputs(d.path() / "out")) << r.output;
}

TEST(OutOfMemory, BlockExplosionNamesTheStageAndTheRemedies) {
  if (kAddressSanitized) GTEST_SKIP() << kNoCapUnderAsan;
  ScratchDir d;
  // Every record in one block: 8,000 records make 32 million pairs, all kept (threshold 0); the
  // pair limit is raised so that the memory cap, not the limit, stops the run.
  std::string settings = kRobustnessSettings;
  settings.replace(settings.find("[\"surname\", \"dob\"]"), 18, "[\"surname\"]");
  settings.replace(settings.find("\"threshold_match_probability\": 0.5"), 34,
                   "\"threshold_match_probability\": 0.0");
  std::ofstream csv(d.file("people.csv"));
  csv << "unique_id,first,surname,dob\n";
  for (int i = 0; i < 8000; ++i) {
    csv << i << ",name" << i % 997 << ",same,19" << 10 + i % 89 << "-01-0" << 1 + i % 9 << "\n";
  }
  csv.close();
  const CliResult r =
      run_case("run -q --settings " + d.write("s.json", settings) + " --input " +
                   d.file("people.csv") + " --max-pairs 100000000000 --out " + d.file("out"),
               kCap);
  expect_user_error(r);
  expect_contains(r, "out of memory while scoring pairs");
  expect_contains(r, "--memory-budget");
  expect_contains(r, "--max-pairs");
  expect_absent(r, "name996");
  expect_no_stage_outputs(d.path() / "out", r);
}

}  // namespace
}  // namespace xjslink::test
