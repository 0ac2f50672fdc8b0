// File: tests/synth/generate_test.cpp
// The files `xjslink generate` writes: byte-identical for the same seed and any thread count,
// different for another seed; the truth table covers every record exactly once; the person
// attributes agree with the records; row order does not group a person's records.
#include "xjslink/synth/generate.hpp"

#include <gtest/gtest.h>
#include <omp.h>

#include <filesystem>
#include <map>
#include <set>

#include "dist/comm.hpp"
#include "synth_test_util.hpp"
#include "xjslink/error.hpp"
#include "xjslink/io/hdf5_table.hpp"
#include "xjslink/synth/population.hpp"

namespace xjslink::synth {
namespace {

namespace fs = std::filesystem;
using testing::read_csv;
using testing::read_file;

std::string temp_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("xjslink_synth_" + name);
  fs::remove_all(dir);
  return dir.string();
}

GenerateSummary run(const std::string& dir, std::uint64_t persons, std::uint64_t seed, int threads,
                    const std::string& config = {}, bool audit = false,
                    const std::string& format = "csv") {
  GenerateOptions options;
  options.format = format;
  options.persons = persons;
  options.seed = seed;
  options.out_dir = dir;
  options.config_path = config;
  options.audit = audit;
  const int saved = omp_get_max_threads();
  omp_set_num_threads(threads);
  const dist::Comm comm = dist::Comm::world();
  GenerateSummary s = generate(options, comm);
  omp_set_num_threads(saved);
  return s;
}

std::vector<std::string> output_files(bool audit) {
  std::vector<std::string> files;
  for (int d = 0; d < kNumDatasets; ++d)
    files.push_back(dataset_file_name(static_cast<DatasetId>(d)));
  files.push_back(kTruthFile);
  files.push_back(kPersonsFile);
  files.push_back(kReportFile);
  if (audit) files.push_back(kAuditFile);
  return files;
}

// A small config with small blocks, so that a few thousand persons make many blocks and the
// thread schedule really varies.
std::string small_block_config(const std::string& dir) {
  fs::create_directories(dir);
  const std::string path = dir + "/small_blocks.json";
  std::ofstream(path) << R"({"output": {"shuffle_block_persons": 500}})";
  return path;
}

TEST(Generate, SameSeedIsByteIdenticalAcrossThreadCounts) {
  const std::string cfg = small_block_config(temp_dir("cfg"));
  const std::string a = temp_dir("t1"), b = temp_dir("t2"), c = temp_dir("t2again");
  run(a, 4000, 17, 1, cfg, true);
  run(b, 4000, 17, 2, cfg, true);
  run(c, 4000, 17, 2, cfg, true);
  for (const auto& f : output_files(true)) {
    const std::string ta = read_file(a + "/" + f);
    ASSERT_FALSE(ta.empty()) << f;
    EXPECT_EQ(ta, read_file(b + "/" + f)) << f << " differs between 1 and 2 threads";
    EXPECT_EQ(ta, read_file(c + "/" + f)) << f << " differs between runs";
  }
  // No part or temporary files are left behind.
  for (const auto& entry : fs::directory_iterator(a)) {
    EXPECT_NE(entry.path().filename().string()[0], '.') << entry.path();
  }
}

TEST(Generate, DifferentSeedsDiffer) {
  const std::string a = temp_dir("s1"), b = temp_dir("s2");
  run(a, 1000, 1, 2);
  run(b, 1000, 2, 2);
  for (int d = 0; d < kNumDatasets; ++d) {
    const auto f = dataset_file_name(static_cast<DatasetId>(d));
    EXPECT_NE(read_file(a + "/" + f), read_file(b + "/" + f)) << f;
  }
}

TEST(Generate, TruthCoversEveryRecordOnceAndAgreesWithPersons) {
  const std::string dir = temp_dir("truth");
  const std::string cfg = small_block_config(temp_dir("cfg2"));
  const GenerateSummary summary = run(dir, 3000, 5, 2, cfg);
  std::map<std::pair<std::string, std::string>, std::string> truth;  // (source, uid) -> person
  const auto truth_rows = read_csv(dir + "/" + kTruthFile);
  ASSERT_EQ(truth_rows[0], (std::vector<std::string>{"source_dataset", "unique_id", "person_id"}));
  for (std::size_t i = 1; i < truth_rows.size(); ++i) {
    ASSERT_EQ(truth_rows[i].size(), 3u);
    const bool inserted =
        truth.emplace(std::make_pair(truth_rows[i][0], truth_rows[i][1]), truth_rows[i][2]).second;
    EXPECT_TRUE(inserted) << "duplicate truth row";
  }
  std::map<std::string, std::vector<std::string>> persons;
  const auto person_rows = read_csv(dir + "/" + kPersonsFile);
  for (std::size_t i = 1; i < person_rows.size(); ++i)
    persons[person_rows[i][0]] = person_rows[i];
  EXPECT_EQ(persons.size(), summary.persons_with_records);

  std::uint64_t records = 0, adjacent_same_person = 0, adjacent_pairs = 0;
  std::map<std::string, std::uint64_t> records_of;
  for (int d = 0; d < kNumDatasets; ++d) {
    const auto id = static_cast<DatasetId>(d);
    const auto rows = read_csv(dir + "/" + dataset_file_name(id));
    std::vector<std::string> header = {"unique_id", "source_dataset"};
    for (const auto& c : person_columns())
      header.push_back(c);
    for (const auto& c : dataset_extra_columns(id))
      header.push_back(c);
    ASSERT_EQ(rows[0], header);
    EXPECT_EQ(rows.size() - 1, summary.records[d]);
    std::string previous;
    for (std::size_t i = 1; i < rows.size(); ++i) {
      const auto& row = rows[i];
      ASSERT_EQ(row.size(), header.size()) << dataset_name(id) << " row " << i;
      EXPECT_EQ(row[1], dataset_name(id));
      const auto it = truth.find({row[1], row[0]});
      ASSERT_NE(it, truth.end()) << "record without a truth row";
      const std::string person_id = it->second;  // a copy: erase frees it
      truth.erase(it);
      ++records_of[person_id];
      const auto p = persons.find(person_id);
      ASSERT_NE(p, persons.end()) << "truth names an unknown person";
      // Sex is never wrong, only missing.
      if (!row[5].empty()) {
        EXPECT_EQ(row[5], p->second[3]);
      }
      if (i > 1) {
        ++adjacent_pairs;
        adjacent_same_person += previous == person_id;
      }
      previous = person_id;
      ++records;
    }
  }
  EXPECT_TRUE(truth.empty()) << truth.size() << " truth rows name no record";
  EXPECT_EQ(records, summary.total_records);
  for (const auto& [id, row] : persons)
    EXPECT_EQ(std::to_string(records_of[id]), row.back()) << id;
  // Shuffled rows: adjacent rows rarely share a person (in person order most would).
  EXPECT_LT(static_cast<double>(adjacent_same_person) / adjacent_pairs, 0.02);
}

TEST(Generate, ReportCountsMatchTheFiles) {
  const std::string dir = temp_dir("report");
  const GenerateSummary summary = run(dir, 1500, 8, 2);
  const auto report = nlohmann::json::parse(read_file(dir + "/" + kReportFile));
  EXPECT_EQ(report["persons"].get<std::uint64_t>(), 1500u);
  EXPECT_EQ(report["total_records"].get<std::uint64_t>(), summary.total_records);
  std::uint64_t persons = 0;
  for (const auto& [k, v] : report["records_per_person"].items())
    persons += v.get<std::uint64_t>();
  EXPECT_EQ(persons, summary.persons_with_records);
  EXPECT_EQ(report["errors"]["family_court"]["dob_missing"]["eligible"].get<std::uint64_t>(),
            summary.records[static_cast<int>(DatasetId::kFamilyCourt)]);
}

TEST(Generate, BadOptionsAndConfigAreUserErrors) {
  const std::string dir = temp_dir("bad");
  const std::string cfg = dir + "_config.json";
  std::ofstream(cfg) << R"({"datasets": {"prison": {"missing": {"dob": 2}}}})";
  try {
    run(dir, 100, 1, 1, cfg);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidSettings);
    EXPECT_EQ(e.field(), "datasets.prison.missing.dob");
    EXPECT_EQ(e.file(), cfg);
  }
  EXPECT_THROW(run(dir, 0, 1, 1), Error);
  EXPECT_THROW(run(dir, 10, 1, 1, dir + "_missing.json"), Error);
}

// --format hdf5 holds exactly the CSV content: same rows in the same order, dates as days.
TEST(Generate, Hdf5HoldsTheSameTablesAsCsv) {
  const std::string csv = temp_dir("csv_for_h5"), h5 = temp_dir("h5");
  run(csv, 1200, 12, 2, {}, true, "csv");
  run(h5, 1200, 12, 2, {}, true, "hdf5");
  for (const auto& f : output_files(true)) {
    if (f == kReportFile) continue;
    const std::string stem = fs::path(f).stem().string();
    EXPECT_FALSE(fs::exists(h5 + "/" + f)) << "the CSV is removed after conversion";
    const auto rows = read_csv(csv + "/" + f);
    const Table table = io::read_hdf5_table(h5 + "/" + stem + ".h5", stem);
    ASSERT_EQ(table.num_rows() + 1, rows.size()) << f;
    ASSERT_EQ(table.num_columns(), rows[0].size()) << f;
    for (std::size_t c = 0; c < table.num_columns(); ++c) {
      const Column& col = table.column(c);
      ASSERT_EQ(col.name(), rows[0][c]) << f;
      for (std::size_t r = 0; r < table.num_rows(); ++r) {
        const std::string& expected = rows[r + 1][c];
        std::string got;
        if (!col.is_null(r)) {
          switch (col.type()) {
            case ColumnType::kString:
              got = std::string(col.string_at(r));
              break;
            case ColumnType::kDate:
              got = format_date(col.date_at(r));
              break;
            case ColumnType::kNumber:
              got = std::to_string(static_cast<std::int64_t>(col.number_at(r)));
              break;
          }
        }
        ASSERT_EQ(got, expected) << f << " row " << r << " column " << col.name();
      }
    }
  }
}

}  // namespace
}  // namespace xjslink::synth
