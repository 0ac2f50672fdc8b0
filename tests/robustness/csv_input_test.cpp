// File: robustness/csv_input_test.cpp
// CSV inputs that are wrong in ways a user cannot see: CR-only line endings, NUL bytes in an
// id. Each is refused naming the file, line and field, never echoing a value.
#include <filesystem>

#include "robustness/robustness_support.hpp"

namespace xjslink::test {
namespace {

class CsvInput : public ::testing::Test {
 protected:
  CliResult link(const std::string& csv_text) {
    return run_case("run -q --settings " + d_.write("s.json", kRobustnessSettings) + " --input " +
                    d_.write("people.csv", csv_text) + " --out " + d_.file("out"));
  }
  bool outputs() const { return has_complete_looking_outputs(d_.path() / "out"); }
  ScratchDir d_;
};

std::string with_line_endings(std::string text, const std::string& ending) {
  std::string out;
  for (char c : text) {
    if (c == '\n')
      out += ending;
    else
      out.push_back(c);
  }
  return out;
}

TEST_F(CsvInput, CrOnlyLineEndingsAreNamed) {
  const CliResult r = link(with_line_endings(kRobustnessCsv, "\r"));
  expect_user_error(r);
  expect_contains(r,
                  "people.csv:1: the header contains a carriage return (CR): the file uses "
                  "CR-only line endings");
  expect_absent(r, "anna");
  EXPECT_FALSE(outputs());
  // CRLF is an ordinary line ending.
  EXPECT_EQ(link(with_line_endings(kRobustnessCsv, "\r\n")).status, 0);
}

TEST_F(CsvInput, NulByteInAUniqueIdIsRefused) {
  std::string text = kRobustnessCsv;
  text.replace(text.find("\n3,"), 3, std::string("\n3\0x,", 5));
  const CliResult r = link(text);
  expect_user_error(r);
  expect_contains(r, "people.csv:4: field 'unique_id': unique id contains a NUL byte");
  EXPECT_FALSE(outputs());
}

TEST_F(CsvInput, NulByteInASourceDatasetIsRefused) {
  // The source dataset from a column: a NUL would split its name when ranks share the names.
  std::string settings = kRobustnessSettings;
  settings.replace(settings.find("\"link_type\": \"dedupe_only\""), 26,
                   "\"link_type\": \"dedupe_only\", \"source_dataset_column\": \"src\"");
  const std::string csv = "unique_id,src,first,surname,dob\n1,a,anna,smith,1980-01-02\n" +
                          std::string("2,b\0c,ana,smith,1980-01-02\n", 27) +
                          "3,a,bob,jones,1975-05-06\n";
  const CliResult r = run_case("run -q --settings " + d_.write("src.json", settings) + " --input " +
                               d_.write("people.csv", csv) + " --out " + d_.file("out"));
  expect_user_error(r);
  expect_contains(r, "people.csv:3: field 'src': source dataset contains a NUL byte");
  EXPECT_FALSE(outputs());
}

}  // namespace
}  // namespace xjslink::test
