// File: robustness/stale_outputs_test.cpp
// Outputs that looked complete but were stale or wrong: re-runs into an existing --out that
// stop early or change formats, two runs at once, orphaned ranks after the launcher is killed,
// `cluster` given another run's predictions, inputs without records, one file given twice.
#include <gtest/gtest.h>
#include <sys/file.h>
#include <unistd.h>

#include <fcntl.h>

#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "robustness/robustness_support.hpp"

namespace xjslink::test {
namespace fs = std::filesystem;
namespace {

// People with a truth column (person) for `evaluate --truth-column person`.
const char* kPeopleWithTruth =
    "unique_id,first,surname,dob,person\n"
    "1,anna,smith,1980-01-02,p1\n"
    "2,ana,smith,1980-01-02,p1\n"
    "3,bob,jones,1975-05-06,p2\n"
    "4,rob,jones,1975-05-06,p2\n"
    "5,carl,brown,1990-10-10,p3\n"
    "6,carla,brown,1990-10-10,p3\n"
    "7,dora,brown,1990-10-11,p4\n";

CliResult run_into(const std::string& out, const std::string& settings_path,
                   const std::string& inputs, const std::string& extra = "",
                   const std::string& prefix = within(120)) {
  return run_cli(
      "run -q --settings " + settings_path + " " + inputs + " --out " + out + " " + extra, prefix);
}

nlohmann::json run_json(const std::string& out) {
  return nlohmann::json::parse(read_file(out + "/run.json"));
}

// ---- A re-run with new settings killed during predict left the new model beside the old
// predictions and clusters, with run.json claiming every stage; evaluate accepted it.
TEST(StaleOutputs, RerunStoppedDuringPredictLeavesNoEarlierPredictionsOrClusters) {
  ScratchDir d;
  const std::string csv = d.write("people.csv", kPeopleWithTruth);
  const std::string out = d.file("out");
  const std::string a = d.write("a.json", small_settings(R"(["surname", "dob"])", 0.5));
  const std::string b = d.write("b.json", small_settings(R"(["surname"])", 0.9));
  ASSERT_EQ(run_into(out, a, "--input " + csv).status, 0);
  ASSERT_TRUE(fs::exists(out + "/predictions.h5") && fs::exists(out + "/clusters.csv"));

  for (int ranks : {1, 2}) {
    const CliResult killed =
        run_into(out, b, "--input " + csv, "",
                 under_mpirun(ranks, 120, "XJSLINK_FAULT=crash-rank:0:predict"));
    EXPECT_NE(killed.status, 0) << killed.output;
    EXPECT_TRUE(fs::exists(out + "/model.json"));  // the new model, complete
    EXPECT_TRUE(contains(read_file(out + "/model.json"), "0.9"));
    EXPECT_FALSE(has_stage_outputs(out, /*include_model=*/false)) << ranks << " ranks";
    EXPECT_FALSE(has_temp_files(out));
    const nlohmann::json run = run_json(out);
    EXPECT_TRUE(run["stages"].contains("train"));
    EXPECT_FALSE(run["stages"].contains("predict"));
    EXPECT_FALSE(run["stages"].contains("cluster"));
    EXPECT_FALSE(run["counts"].contains("predictions"));  // no count of the earlier run
    EXPECT_FALSE(run.contains("cluster_threshold"));
    const CliResult eval = run_cli("evaluate --run " + out + " --truth-column person");
    EXPECT_EQ(eval.status, 1) << eval.output;
    EXPECT_TRUE(contains(eval.output, "run.json: run.json records no completed predict stage"))
        << eval.output;
  }
  // The rerun completes from the new model.
  const CliResult again = run_into(out, b, "--input " + csv);
  EXPECT_EQ(again.status, 0) << again.output;
  EXPECT_EQ(run_json(out)["stages"].size(), 3u);
  EXPECT_EQ(run_cli("evaluate --run " + out + " --truth-column person").status, 0);
}

// ---- A re-run with --formats csv left the earlier .h5 files, which evaluate then preferred.
TEST(StaleOutputs, RerunWithOtherFormatsRemovesTheEarlierFormatAndEvaluateReadsTheCurrent) {
  ScratchDir d;
  const std::string csv = d.write("people.csv", kPeopleWithTruth);
  const std::string out = d.file("out");
  // The first run keeps every blocked pair (threshold 0): its predictions differ.
  ASSERT_EQ(
      run_into(out, d.write("loose.json", small_settings(R"(["surname"])", 0.0)), "--input " + csv)
          .status,
      0);
  fs::copy_file(out + "/predictions.h5", d.file("stale_predictions.h5"));
  const std::string strict = d.write("strict.json", small_settings(R"(["surname"])", 0.9));
  const CliResult r = run_into(out, strict, "--input " + csv, "--formats csv");
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_FALSE(fs::exists(out + "/predictions.h5"));
  EXPECT_FALSE(fs::exists(out + "/clusters.h5"));
  EXPECT_TRUE(fs::exists(out + "/predictions.csv"));
  EXPECT_EQ(run_json(out)["stages"]["predict"]["outputs"], nlohmann::json({"predictions.csv"}));
  const CliResult current = run_cli("evaluate --run " + out + " --truth-column person --json -");
  ASSERT_EQ(current.status, 0) << current.output;
  // Even a stale .h5 put back beside the outputs is not read: run.json says what is current.
  fs::copy_file(d.file("stale_predictions.h5"), out + "/predictions.h5");
  const CliResult with_stale = run_cli("evaluate --run " + out + " --truth-column person --json -");
  ASSERT_EQ(with_stale.status, 0) << with_stale.output;
  EXPECT_EQ(current.output, with_stale.output);
}

// ---- Two runs into the same --out at once: the second is refused, naming the holder.
TEST(StaleOutputs, SecondRunIntoABusyDirectoryIsRefusedWithTheHoldersHostAndPid) {
  ScratchDir d;
  const std::string csv = d.write("people.csv", kPeopleCsv);
  const std::string out = d.file("out");
  const std::string s = d.write("s.json", small_settings());
  // The first run stalls as predict starts; the shell prints its pid and becomes xjslink.
  const std::string first =
      "cd " + d.path().string() + " && (echo $BASHPID > first.pid; exec env " +
      "XJSLINK_FAULT=stall:predict " + XJSLINK_BINARY + " run -q " + "--settings " + s +
      " --input " + csv + " --out " + out + " > first.log 2>&1) & ";
  ASSERT_EQ(std::system(("bash -c '" + first + "'").c_str()), 0);
  for (int i = 0; i < 600 && !fs::exists(out + "/model.json"); ++i)
    usleep(50'000);
  ASSERT_TRUE(fs::exists(out + "/model.json"));
  const std::string pid =
      read_file(d.file("first.pid")).substr(0, read_file(d.file("first.pid")).find('\n'));
  char host[256] = {};
  gethostname(host, sizeof(host) - 1);
  const CliResult second = run_into(out, s, "--input " + csv);
  EXPECT_EQ(second.status, 1) << second.output;
  EXPECT_TRUE(contains(second.output,
                       "field '--out': the output directory is in use by another "
                       "xjslink run (host " +
                           std::string(host) + " pid " + pid + ")"))
      << second.output;
  EXPECT_FALSE(has_stage_outputs(out, /*include_model=*/false));
  // Once the holder is gone (even by kill -9) its lock is free and is taken over.
  ASSERT_EQ(::kill(std::stoi(pid), SIGKILL), 0);
  for (int i = 0; i < 100 && ::kill(std::stoi(pid), 0) == 0; ++i)
    usleep(50'000);
  const CliResult third = run_into(out, s, "--input " + csv);
  EXPECT_EQ(third.status, 0) << third.output;
  EXPECT_TRUE(fs::exists(out + "/clusters.csv"));
}

// A shell function: is the process running? An exited orphan stays a zombie until its new
// parent reaps it, and kill -0 succeeds on a zombie.
const char* kRunning =
    "running() { [ -e /proc/$1 ] && [ \"$(awk '{print $3}' /proc/$1/stat)\" != Z ]; }\n";

// ---- kill -9 of mpirun: the orphaned ranks ran on and finished writing into --out.
TEST(StaleOutputs, RanksStopWithoutWritingWhenMpirunIsKilled) {
  ScratchDir d;
  const std::string csv = d.write("people.csv", kPeopleCsv);
  const std::string out = d.file("out");
  const std::string s = d.write("s.json", small_settings());
  const std::string script =
      d.write("kill_mpirun.sh", std::string(kForgetSingleton) + kRunning + R"(
set -u
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMP_NUM_THREADS=1
XJSLINK_FAULT=stall:predict ")" + std::string(XJSLINK_MPIEXEC) +
                                    R"(" --oversubscribe -np 2 "$1" run -q \
  --settings "$2" --input "$3" --out "$4" > "$4.log" 2>&1 &
mpirun_pid=$!
for i in $(seq 1 600); do [ -f "$4/model.json" ] && break; sleep 0.05; done
[ -f "$4/model.json" ] || { echo "train did not finish"; kill -9 $mpirun_pid; exit 2; }
ranks=$(pgrep -P $mpirun_pid)
[ -n "$ranks" ] || { echo "no ranks found"; exit 2; }
kill -9 $mpirun_pid
sleep 3
alive=0
for r in $ranks; do
  if running $r; then alive=1; kill -9 $r; fi
done
[ $alive = 0 ] || { echo "orphaned ranks still running"; exit 1; }
echo "ranks gone"
)");
  const CliResult r = run_cli("", within(120) + " bash " + script + " " + XJSLINK_BINARY + " " + s +
                                      " " + csv + " " + out + " #");
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "ranks gone")) << r.output;
  // Long after the stall would have ended, nothing was written.
  sleep(1);
  EXPECT_FALSE(has_stage_outputs(out, /*include_model=*/false));
  EXPECT_FALSE(has_temp_files(out));
  EXPECT_FALSE(run_json(out)["stages"].contains("predict"));
}

// The same without Open MPI's own clean-up (which also ended the ranks above on this machine):
// a rank that looks launcher-started (srun sets SLURM_STEP_ID) whose launcher dies by kill -9
// must stop by itself, without writing.
TEST(StaleOutputs, RankStopsWithoutWritingWhenItsLauncherDies) {
  ScratchDir d;
  const std::string csv = d.write("people.csv", kPeopleCsv);
  const std::string out = d.file("out");
  const std::string s = d.write("s.json", small_settings());
  const std::string script =
      d.write("kill_launcher.sh", std::string(kForgetSingleton) + kRunning + R"(
set -u
bash -c 'SLURM_STEP_ID=0 XJSLINK_FAULT=stall:predict "$0" run -q --settings "$1" --input "$2" \
  --out "$3" > "$3.log" 2>&1 & echo $! > "$3.pid"; wait' "$1" "$2" "$3" "$4" &
launcher=$!
for i in $(seq 1 600); do [ -f "$4/model.json" ] && break; sleep 0.05; done
[ -f "$4/model.json" ] || { echo "train did not finish"; kill -9 $launcher; exit 2; }
rank=$(cat "$4.pid")
kill -9 $launcher
sleep 2
if running $rank; then echo "orphaned rank still running"; kill -9 $rank; exit 1; fi
cat "$4.log"
)");
  const CliResult r = run_cli("", within(120) + " bash " + script + " " + XJSLINK_BINARY + " " + s +
                                      " " + csv + " " + out + " #");
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "the MPI launcher has gone; this rank stops without writing"))
      << r.output;
  EXPECT_FALSE(has_stage_outputs(out, /*include_model=*/false));
  EXPECT_FALSE(has_temp_files(out));
  EXPECT_FALSE(run_json(out)["stages"].contains("predict"));
}

// ---- `cluster` with predictions of other inputs wrote wrong clusters (or aborted on 2 ranks).
TEST(StaleOutputs, ClusterRefusesPredictionsOfOtherInputsOrAnotherModel) {
  ScratchDir d;
  const std::string a = d.write("people.csv", kPeopleCsv);
  const std::string s = d.write("s.json", small_settings());
  const std::string first = d.file("first");
  ASSERT_EQ(run_into(first, s, "--input " + a).status, 0);
  const std::string other_dir = d.file("other");
  fs::create_directories(other_dir);
  // Other inputs: same file name and columns, other records.
  const std::string b = other_dir + "/people.csv";
  std::ofstream(b) << "unique_id,first,surname,dob\n10,zed,young,1960-01-01\n11,zoe,young,"
                      "1960-01-01\n";
  for (int ranks : {1, 2}) {
    const std::string out = d.file("clusters_np" + std::to_string(ranks));
    const CliResult r = run_cli("cluster -q --model " + first + "/model.json --predictions " +
                                    first + "/predictions.h5 --input " + b + " --out " + out,
                                under_mpirun(ranks, 120));
    EXPECT_EQ(r.status, 1) << r.output;
    EXPECT_TRUE(contains(r.output,
                         "predictions.h5: field '--predictions': these predictions are "
                         "of other inputs"))
        << r.output;
    EXPECT_FALSE(has_stage_outputs(out));
  }
  // Another model (other settings) with the right inputs.
  const std::string second = d.file("second");
  ASSERT_EQ(
      run_into(second, d.write("t.json", small_settings(R"(["surname"])", 0.9)), "--input " + a)
          .status,
      0);
  CliResult r = run_cli("cluster -q --model " + second + "/model.json --predictions " + first +
                            "/predictions.h5 --input " + a + " --out " + d.file("c2"),
                        within(60));
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_TRUE(contains(r.output, "scored with another model than --model")) << r.output;
  // Predictions with no run.json beside them cannot be checked.
  fs::create_directories(d.file("loose"));
  fs::copy_file(first + "/predictions.h5", d.file("loose/predictions.h5"));
  r = run_cli("cluster -q --model " + first + "/model.json --predictions " +
                  d.file("loose/predictions.h5") + " --input " + a + " --out " + d.file("c3"),
              within(60));
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_TRUE(contains(r.output, "no run.json with a predict stage beside it")) << r.output;
  // The matching model, predictions and inputs cluster, on 1 and 2 ranks, to the run's clusters.
  for (int ranks : {1, 2}) {
    const std::string out = d.file("ok_np" + std::to_string(ranks));
    r = run_cli("cluster -q --model " + first + "/model.json --predictions " + first +
                    "/predictions.h5 --input " + a + " --out " + out,
                under_mpirun(ranks, 120));
    EXPECT_EQ(r.status, 0) << r.output;
    EXPECT_EQ(read_file(out + "/clusters.csv"), read_file(first + "/clusters.csv"));
  }
}

// ---- A header-only input exited 0 with "lambda": null in model.json.
TEST(StaleOutputs, InputsWithoutRecordsAreRefused) {
  ScratchDir d;
  const std::string s = d.write("s.json", small_settings());
  const std::string empty = d.write("empty.csv", "unique_id,first,surname,dob\n");
  CliResult r = run_into(d.file("out"), s, "--input " + empty);
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_TRUE(contains(r.output, "empty.csv: no records to link: the input holds 0 record(s)"))
      << r.output;
  EXPECT_FALSE(has_stage_outputs(d.path() / "out"));
  const std::string empty2 = d.write("empty2.csv", "unique_id,first,surname,dob\n\n");
  r = run_into(d.file("out"), s, "--input " + empty + " --input " + empty2, "",
               under_mpirun(2, 120));
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_TRUE(contains(r.output, "no records to link: the inputs hold 0 record(s)")) << r.output;
  EXPECT_FALSE(has_stage_outputs(d.path() / "out"));
  const std::string one = d.write("one.csv", "unique_id,first,surname,dob\n1,a,b,1980-01-01\n");
  r = run_cli("train -q --settings " + s + " --input " + one + " --out " + d.file("out"),
              within(60));
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_TRUE(contains(r.output, "holds 1 record(s)")) << r.output;
  EXPECT_FALSE(has_stage_outputs(d.path() / "out"));
}

// ---- The same file under two names (a symlink) doubled every record.
TEST(StaleOutputs, TheSameFileGivenTwiceIsRefused) {
  ScratchDir d;
  const std::string a = d.write("people.csv", kPeopleCsv);
  const std::string link = d.file("more_people.csv");
  fs::create_symlink(a, link);
  const std::string s = d.write("s.json", small_settings());
  CliResult r = run_into(d.file("out"), s, "--input " + a + " --input " + link);
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_TRUE(contains(r.output, "more_people.csv: field '--input': is the same file as input 1 ("))
      << r.output;
  EXPECT_FALSE(has_stage_outputs(d.path() / "out"));
  const std::string hard = d.file("hard_people.csv");
  fs::create_hard_link(a, hard);
  r = run_into(d.file("out"), s, "--input " + hard + " --input " + a, "", under_mpirun(2, 120));
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_TRUE(contains(r.output, "is the same file as input 1")) << r.output;
  EXPECT_FALSE(has_stage_outputs(d.path() / "out"));
}

}  // namespace
}  // namespace xjslink::test
