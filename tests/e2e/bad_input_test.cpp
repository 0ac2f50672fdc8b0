// File: e2e/bad_input_test.cpp
// Bad input through the CLI: each case gets a clear one-line error naming file, line and field,
// a non-zero exit, no record values in the message, and no output file that looks complete.
#include <gtest/gtest.h>

#include <filesystem>

#include "e2e/cli_runner.hpp"

namespace xjslink::test {
namespace {

const char* kSettings = R"j({
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

const char* kGoodCsv =
    "unique_id,first,surname,dob\n"
    "1,anna,smith,1980-01-02\n"
    "2,ana,smith,1980-01-02\n"
    "3,bob,jones,1975-05-06\n"
    "4,rob,jones,1975-05-06\n"
    "5,carl,brown,1990-10-10\n";

// Files a failed run must not leave behind (run.json may record completed earlier stages).
bool has_outputs(const ScratchDir& d) {
  for (const char* f :
       {"model.json", "predictions.csv", "predictions.h5", "clusters.csv", "clusters.h5"}) {
    if (std::filesystem::exists(d.path() / "out" / f)) return true;
  }
  for (const auto& e : std::filesystem::recursive_directory_iterator(d.path())) {
    if (e.path().extension() == ".tmp") return true;
  }
  return false;
}

CliResult run(const ScratchDir& d, const std::string& csv, const std::string& extra = "") {
  const std::string settings = d.write("s.json", kSettings);
  return run_cli("run -q --settings " + settings + " --input " + csv + " --out " + d.file("out") +
                 " " + extra);
}

TEST(BadInput, GoodInputRunsCleanly) {
  ScratchDir d;
  const CliResult r = run(d, d.write("people.csv", kGoodCsv));
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_TRUE(std::filesystem::exists(d.path() / "out" / "clusters.csv"));
}

TEST(BadInput, WrongFieldCountNamesFileAndLine) {
  ScratchDir d;
  const std::string csv =
      d.write("people.csv", std::string(kGoodCsv) + "6,dan,white,1970-01-01,xx\n");
  const CliResult r = run(d, csv);
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.output.find("people.csv:7: expected 4 fields, found 5"), std::string::npos)
      << r.output;
  EXPECT_EQ(r.output.find("white"), std::string::npos) << "a value leaked: " << r.output;
  EXPECT_FALSE(has_outputs(d));
}

TEST(BadInput, MissingColumnIsNamed) {
  ScratchDir d;
  const std::string csv = d.write("people.csv", "unique_id,first,dob\n1,anna,1980-01-02\n");
  const CliResult r = run(d, csv);
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.output.find("people.csv:1: field 'surname'"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("`surname`"), std::string::npos) << r.output;
  EXPECT_FALSE(has_outputs(d));
}

TEST(BadInput, InvalidUtf8NamesLineFieldAndOffsetAndLatin1Transcodes) {
  ScratchDir d;
  // "Jos\xe9" is Latin-1 for José: invalid as UTF-8.
  const std::string text = std::string(kGoodCsv) + "6,jos\xe9,smith,1980-01-02\n";
  const std::string csv = d.write("people.csv", text);
  const CliResult r = run(d, csv);
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.output.find("people.csv:7"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("field 'first'"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("byte offset " + std::to_string(text.find('\xe9'))), std::string::npos)
      << r.output;
  EXPECT_FALSE(has_outputs(d));
  const CliResult latin1 = run(d, csv, "--encoding latin1");
  EXPECT_EQ(latin1.status, 0) << latin1.output;
}

TEST(BadInput, EmptyFileIsAnError) {
  ScratchDir d;
  const CliResult r = run(d, d.write("empty.csv", ""));
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.output.find("empty.csv"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("empty"), std::string::npos) << r.output;
  EXPECT_FALSE(has_outputs(d));
}

TEST(BadInput, DuplicateUniqueIdsNameTheRecord) {
  ScratchDir d;
  const std::string csv = d.write("people.csv", std::string(kGoodCsv) + "3,zed,zulu,1960-06-06\n");
  const CliResult r = run(d, csv);
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.output.find("people.csv:4: field 'unique_id': unique id is not unique"),
            std::string::npos)
      << r.output;
  EXPECT_FALSE(has_outputs(d));
}

TEST(BadInput, UnparseableDateIsNullAndCounted) {
  ScratchDir d;
  const std::string csv =
      d.write("people.csv", std::string(kGoodCsv) + "6,dan,white,31/02/1970\n7,eve,black,soon\n");
  const CliResult r = run(d, csv);
  EXPECT_EQ(r.status, 0) << r.output;
  const std::string run_json = read_file(d.file("out/run.json"));
  EXPECT_NE(run_json.find("\"dob\": 2"), std::string::npos) << run_json;
}

TEST(BadInput, SettingsThatAreNotJson) {
  ScratchDir d;
  const std::string settings = d.write("s.json", "link_type = dedupe_only");
  const CliResult r = run_cli("run --settings " + settings + " --input " +
                              d.write("p.csv", kGoodCsv) + " --out " + d.file("out"));
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.output.find("s.json: not valid JSON"), std::string::npos) << r.output;
  EXPECT_FALSE(has_outputs(d));
}

TEST(BadInput, InvalidSettingsListEveryProblem) {
  ScratchDir d;
  const std::string settings =
      d.write("s.json", R"j({"link_type": "dedupe", "blocking_rules": ["surname"],
        "comparisons": [{"column": "surname", "levels": [{"type": "fuzzy"}, {"type": "else"}]}]})j");
  const CliResult r = run_cli("run --settings " + settings + " --input " +
                              d.write("p.csv", kGoodCsv) + " --out " + d.file("out"));
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.output.find("2 problems"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("link_type: unknown link type"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("comparisons[0].levels[0].type"), std::string::npos) << r.output;
}

TEST(BadInput, UnknownOptionAndHelp) {
  const CliResult bad = run_cli("run --frobnicate");
  EXPECT_NE(bad.status, 0);
  EXPECT_NE(bad.output.find("frobnicate"), std::string::npos) << bad.output;
  for (const char* cmd : {"run", "train", "predict", "cluster"}) {
    const CliResult help = run_cli(std::string(cmd) + " --help");
    EXPECT_EQ(help.status, 0) << cmd;
    EXPECT_NE(help.output.find("usage: xjslink " + std::string(cmd)), std::string::npos)
        << help.output;
  }
}

}  // namespace
}  // namespace xjslink::test
