// File: robustness/json_input_test.cpp
// Settings and model files that are hostile or simply wrong: too deep, numbers out of range,
// keys given twice, a directory, a data file. Each is a clear error with a position or JSON
// path, exit status 1, no outputs, and never the text that was read.
#include <filesystem>
#include <fstream>

#include "robustness/robustness_support.hpp"
#include "xjslink/error.hpp"
#include "xjslink/io/json_document.hpp"
#include "xjslink/settings.hpp"

namespace xjslink::test {
namespace {

class JsonInput : public ::testing::Test {
 protected:
  CliResult run_with_settings(const std::string& settings_path) {
    return run_case("run -q --settings " + settings_path + " --input " +
                    d_.write("people.csv", kRobustnessCsv) + " --out " + d_.file("out"));
  }
  CliResult predict_with_model(const std::string& model_path) {
    return run_case("predict -q --model " + model_path + " --input " +
                    d_.write("people.csv", kRobustnessCsv) + " --out " + d_.file("out"));
  }
  bool outputs() const { return has_complete_looking_outputs(d_.path() / "out"); }
  ScratchDir d_;
};

std::string nested_arrays(std::size_t depth) {
  return std::string(depth, '[') + std::string(depth, ']');
}

TEST_F(JsonInput, SettingsNestedDeeplyAreRefusedNotAStackOverflow) {
  // 100k levels used to overflow the stack in the serialiser.
  const std::string deep =
      "{\"link_type\": \"dedupe_only\", \"description\": " + nested_arrays(100000) + "}";
  const CliResult r = run_with_settings(d_.write("deep.json", deep));
  expect_user_error(r);
  expect_contains(r, "deep.json: field 'description");
  expect_contains(r, "nested deeper than 64 levels");
  EXPECT_FALSE(outputs());
  // Sixty-three levels of nesting inside the settings object are fine for the parser (the
  // settings checks then refuse the unknown key).
  const CliResult ok = run_with_settings(
      d_.write("ok.json", "{\"link_type\": \"dedupe_only\", \"x\": " + nested_arrays(63) + "}"));
  expect_user_error(ok);
  expect_contains(ok, "x: unknown key");
  expect_absent(ok, "nested deeper");
}

TEST_F(JsonInput, ModelNestedDeeplyIsRefused) {
  const std::string deep = "{\"format\": \"xjslink-model\", \"x\": " + nested_arrays(100000) + "}";
  const CliResult r = predict_with_model(d_.write("model.json", deep));
  expect_user_error(r);
  expect_contains(r, "model.json: field 'x");
  expect_contains(r, "nested deeper than 64 levels");
  EXPECT_FALSE(outputs());
}

TEST_F(JsonInput, NumberBeyondDoubleRangeNamesItsPosition) {
  std::string text = kRobustnessSettings;
  text.replace(text.find("0.5"), 3, "1e400");
  const CliResult r = run_with_settings(d_.write("s.json", text));
  expect_user_error(r);
  expect_contains(r, "s.json: not valid JSON: a number is too large for a double at byte " +
                         std::to_string(text.find("1e400") + 5));
  expect_absent(r, "1e400");
  EXPECT_FALSE(outputs());
}

TEST_F(JsonInput, WholeNumbersBeyondTheirFieldAreRefused) {
  // Valid doubles, but converting 1e30 to a 64-bit seed is undefined behaviour.
  std::string text = kRobustnessSettings;
  text.replace(text.find("\"u_max_pairs\": 1000"), 19, "\"u_max_pairs\": 1000, \"seed\": 1e30");
  const CliResult r = run_with_settings(d_.write("s.json", text));
  expect_user_error(r);
  expect_contains(r, "training.seed: must be a non-negative integer below 2^64");
  EXPECT_FALSE(outputs());
}

TEST_F(JsonInput, DuplicateKeyNamesItsJsonPath) {
  std::string text = kRobustnessSettings;
  // The same key twice in one object, two levels down.
  text.replace(text.find("\"u_max_pairs\": 1000"), 19, "\"u_max_pairs\": 1000, \"u_max_pairs\": 5");
  const CliResult r = run_with_settings(d_.write("s.json", text));
  expect_user_error(r);
  expect_contains(r, "s.json: field 'training.u_max_pairs': not valid JSON: a key appears twice");
  EXPECT_FALSE(outputs());
  // Inside a list: the index is part of the path.
  std::string in_list = kRobustnessSettings;
  in_list.replace(in_list.find("{\"column\": \"surname\""), 20,
                  "{\"column\": \"surname\", \"column\": \"x\"");
  const CliResult r2 = run_with_settings(d_.write("s2.json", in_list));
  expect_user_error(r2);
  expect_contains(r2,
                  "s2.json: field 'comparisons[1].column': not valid JSON: a key appears twice");
}

TEST_F(JsonInput, DirectoryAsSettingsOrModelIsNamedAsADirectory) {
  std::filesystem::create_directories(d_.path() / "settings_dir");
  const CliResult r = run_with_settings(d_.file("settings_dir"));
  expect_user_error(r);
  expect_contains(r, "settings_dir: is a directory, not a settings file");
  expect_absent(r, "JSON");
  const CliResult m = predict_with_model(d_.file("settings_dir"));
  expect_user_error(m);
  expect_contains(m, "settings_dir: is a directory, not a model file");
  EXPECT_FALSE(outputs());
}

TEST_F(JsonInput, DataFileAsSettingsOrModelIsNotEchoed) {
  // A CSV of records, and a JSON-lines-like file whose bad token is a name.
  const std::string csv = d_.write("records.csv", "unique_id,surname\n1,Zebedee-Quartermaine\n");
  const std::string lines = d_.write("records.json", "{\"surname\": \"Zebedee\"} Quartermaine\n");
  for (const std::string& file : {csv, lines}) {
    SCOPED_TRACE(file);
    const CliResult s = run_with_settings(file);
    expect_user_error(s);
    expect_contains(s, "not valid JSON");
    expect_contains(s, "line 1, column");
    expect_absent(s, "Zebedee");
    expect_absent(s, "Quartermaine");
    expect_absent(s, "last read");
    const CliResult m = predict_with_model(file);
    expect_user_error(m);
    expect_contains(m, "model is not valid JSON");
    expect_absent(m, "Zebedee");
    expect_absent(m, "Quartermaine");
    EXPECT_FALSE(outputs());
  }
}

TEST_F(JsonInput, HugeFileAsSettingsStopsEarly) {
  // /dev/zero never ends: reading stops past the size limit instead of exhausting memory.
  const CliResult r = run_with_settings("/dev/zero");
  expect_user_error(r);
  expect_contains(r, "/dev/zero: settings file is larger than 64 MiB");
}

TEST_F(JsonInput, GeneratorConfigIsReadTheSameWay) {
  const std::string deep = d_.write("deep.json", "{\"x\": " + nested_arrays(100000) + "}");
  const CliResult r =
      run_case("generate --persons 5 --config " + deep + " --out " + d_.file("gen"));
  expect_user_error(r);
  expect_contains(r, "deep.json: field 'x");
  expect_contains(r, "nested deeper than 64 levels");
  const std::string dup = d_.write("dup.json", "{\"journeys\": {}, \"journeys\": {}}");
  const CliResult r2 =
      run_case("generate --persons 5 --config " + dup + " --out " + d_.file("gen"));
  expect_user_error(r2);
  expect_contains(r2, "dup.json: field 'journeys': not valid JSON: a key appears twice");
  // The output directory may have been created, but nothing is written into it.
  EXPECT_TRUE(!std::filesystem::exists(d_.path() / "gen") ||
              std::filesystem::is_empty(d_.path() / "gen"));
}

// The parser itself, against nlohmann's on documents it accepts: the same value.
TEST(JsonDocument, AgreesWithNlohmannOnValidDocuments) {
  for (const char* text :
       {"{}", "[]", "{\"a\": [1, 2.5, -3, true, null, \"x\"], \"b\": {\"c\": {}}}",
        "[[[[{\"k\": [{}, {\"k\": 1}]}]]]]", "18446744073709551615", "\"\\u00e9\""}) {
    SCOPED_TRACE(text);
    EXPECT_EQ(parse_json_document(text, "t.json", ErrorCode::kInvalidSettings, "bad", false),
              nlohmann::json::parse(text));
  }
  EXPECT_EQ(parse_json_document("// c\n{\"a\": 1 /* d */}", "t.json", ErrorCode::kInvalidSettings,
                                "bad", true),
            nlohmann::json::parse("{\"a\": 1}"));
}

TEST(JsonDocument, DepthLimitIsExact) {
  EXPECT_NO_THROW(parse_json_document(nested_arrays(kMaxJsonDepth), "t.json",
                                      ErrorCode::kInvalidSettings, "bad", false));
  try {
    parse_json_document(nested_arrays(kMaxJsonDepth + 1), "t.json", ErrorCode::kInvalidSettings,
                        "bad", false);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidSettings);
    EXPECT_EQ(
        e.field(), "[0]" + std::string() + [] {
          std::string p;
          for (std::size_t i = 1; i < kMaxJsonDepth; ++i)
            p += "[0]";
          return p;
        }());
  }
}

TEST(JsonDocument, SameKeyInDifferentObjectsIsFine) {
  EXPECT_NO_THROW(
      parse_json_document("{\"a\": {\"x\": 1}, \"b\": {\"x\": 2}, \"c\": [{\"x\": 1}, {\"x\": 2}]}",
                          "t.json", ErrorCode::kInvalidSettings, "bad", false));
}

}  // namespace
}  // namespace xjslink::test
