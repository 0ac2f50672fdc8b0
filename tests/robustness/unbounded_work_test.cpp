// File: robustness/unbounded_work_test.cpp
// Small inputs that made unbounded work (a hang, a memory or disk blow-up): each now ends in
// time, with a clear error (exit 1, file/line/field named, no value printed, no output left)
// or, where the input is legitimate, with a bounded run.
#include <gtest/gtest.h>
#include <hdf5.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "robustness/robustness_support.hpp"
#include "xjslink/ingest.hpp"
#include "xjslink/limits/pair_limit.hpp"
#include "xjslink/prepare.hpp"

namespace xjslink::test {
namespace {

CliResult run_in(const ScratchDir& d, const std::string& settings, const std::string& inputs,
                 const std::string& extra = "", const std::string& prefix = within(120)) {
  return run_cli("run -q --settings " + d.write("s.json", settings) + " " + inputs + " --out " +
                     d.file("out") + " " + extra,
                 prefix);
}

// ---- A header of a million columns: the duplicate-name check was quadratic.
TEST(UnboundedWork, MillionColumnHeaderIsCheckedInLinearTime) {
  ScratchDir d;
  std::string header = "unique_id,first,surname,dob";
  for (int i = 0; i < 1'000'000; ++i)
    header += ",c" + std::to_string(i);
  header += ",c123456\n";  // the only duplicate, at the very end
  const std::string csv = d.write("wide.csv", header + "1,anna,smith,1980-01-02\n");
  const CliResult r = run_in(d, small_settings(), "--input " + csv, "", within(60));
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_TRUE(contains(r.output, "wide.csv:1: field 'c123456': duplicate column name in header"))
      << r.output.substr(0, 500);
  EXPECT_FALSE(has_stage_outputs(d.path() / "out"));
}

// ---- Very long strings in a compared column: the kernels see a bounded prefix.
TEST(UnboundedWork, LongComparedStringsAreCappedAndCounted) {
  ScratchDir d;
  std::string csv = "unique_id,first,surname,dob\n";
  for (int i = 0; i < 30; ++i) {
    // 200 KB names in one block (same surname): minutes of Jaro-Winkler before the cap.
    std::string name(200'000, static_cast<char>('a' + i % 26));
    name[i] = 'z';
    csv += std::to_string(i) + "," + name + ",smith,1980-01-0" + std::to_string(1 + i % 9) + "\n";
  }
  const std::string input = "--input " + d.write("long.csv", csv);
  const CliResult r = run_in(d, small_settings(), input, "", within(120));
  ASSERT_EQ(r.status, 0) << r.output;
  const auto run = nlohmann::json::parse(read_file(d.file("out/run.json")));
  EXPECT_EQ(run["counts"]["truncated_values"]["first"], 30);
  EXPECT_FALSE(run["counts"]["truncated_values"].contains("surname"));
  // The same outputs on two ranks.
  const CliResult r2 =
      run_cli("run -q --settings " + d.file("s.json") + " " + input + " --out " + d.file("out2"),
              under_mpirun(2, 120));
  ASSERT_EQ(r2.status, 0) << r2.output;
  for (const std::string f : {"model.json", "predictions.csv", "clusters.csv"}) {
    EXPECT_EQ(read_file(d.file("out/" + f)), read_file(d.file("out2/" + f))) << f;
  }
  EXPECT_EQ(nlohmann::json::parse(read_file(d.file("out2/run.json")))["counts"]["truncated_values"],
            run["counts"]["truncated_values"]);
}

// Values up to the cap are compared whole (so kernel results do not change); a longer one is
// compared by its first kMaxComparedCodePoints code points, with the hash of the whole value
// (exact levels, blocking and term frequencies still see the whole value).
TEST(UnboundedWork, CompareCapKeepsShortValuesAndWholeValueHashes) {
  Settings settings;
  settings.unique_id_column = "unique_id";
  ColumnSpec spec;
  spec.name = "name";
  spec.type = ColumnType::kString;
  spec.standardise = false;  // keep the accents: the cut must fall between code points
  settings.columns.push_back(spec);
  const std::string at_cap(kMaxComparedCodePoints, 'x');
  std::string multibyte;  // 300 two-byte code points: the cut falls on a code point boundary
  for (int i = 0; i < 300; ++i)
    multibyte += "\xC3\xA9";
  const std::string long_a = at_cap + "a", long_b = at_cap + "b";
  Table raw;
  raw.add_column("name", ColumnType::kString);
  for (const std::string& v : {at_cap, long_a, long_b, multibyte})
    raw.column(0).append_string(v);
  PreparedRecords records = make_prepared_records(settings);
  std::vector<std::uint64_t> unparsed(1, 0), truncated(1, 0);
  const std::vector<std::uint64_t> index = {0, 1, 2, 3};
  const std::vector<std::uint16_t> source = {0, 0, 0, 0};
  prepare_records(raw, settings, index, source, records, unparsed, truncated);
  const Column& values = records.columns[0].values;
  EXPECT_EQ(values.string_at(0), at_cap);
  EXPECT_EQ(values.string_at(1), at_cap);
  EXPECT_EQ(values.string_at(2), at_cap);
  EXPECT_EQ(values.string_at(3), multibyte.substr(0, 2 * kMaxComparedCodePoints));
  EXPECT_EQ(truncated[0], 3u);
  const auto& hash = records.columns[0].hash;
  EXPECT_EQ(hash[0], value_hash(at_cap));
  EXPECT_EQ(hash[1], value_hash(long_a));
  EXPECT_NE(hash[1], hash[2]);  // not an exact match although the compared prefixes agree
}

// ---- One huge unique id made every row of predictions.h5 that wide (5 MB → 14.5 GB).
TEST(UnboundedWork, OverlongUniqueIdIsRefusedWithFileLineAndField) {
  ScratchDir d;
  const std::string id(5'000'000, '7');
  const std::string csv =
      d.write("ids.csv", std::string(kPeopleCsv) + id + ",dan,white,1970-01-01\n");
  const CliResult r = run_in(d, small_settings(), "--input " + csv, "", within(60));
  EXPECT_EQ(r.status, 1) << r.output.substr(0, 500);
  EXPECT_TRUE(contains(r.output,
                       "ids.csv:8: field 'unique_id': unique id is 5000000 bytes long, "
                       "more than the limit of " +
                           std::to_string(kMaxUniqueIdBytes)))
      << r.output.substr(0, 500);
  EXPECT_FALSE(contains(r.output, "7777777")) << "the id leaked";
  EXPECT_LT(r.output.size(), 1000u);
  EXPECT_FALSE(has_stage_outputs(d.path() / "out"));
}

// ---- A 10 KB HDF5 file declaring 1 GiB fixed-width strings was OOM-killed.
void write_h5_with_wide_column(const std::string& path, std::size_t wide, hsize_t rows = 2) {
  const hid_t file = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  const hid_t group = H5Gcreate2(file, "records", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  const hid_t columns = H5Gcreate2(group, "columns", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  const hid_t space = H5Screate_simple(1, &rows, nullptr);
  const char* values[4][2] = {
      {"1", "2"}, {"anna", "ana"}, {"smith", "smith"}, {"1980-01-02", "1980-01-02"}};
  const char* names[4] = {"unique_id", "first", "surname", "dob"};
  for (int c = 0; c < 4; ++c) {
    const hid_t type = H5Tcopy(H5T_C_S1);
    const std::size_t width = names[c] == std::string("first") ? wide : 16;
    H5Tset_size(type, width);
    const hid_t ds =
        H5Dcreate2(columns, names[c], type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (width == 16) {  // the wide column is declared but never written: a tiny file
      std::vector<char> buf(16 * rows, '\0');
      for (hsize_t r = 0; r < rows; ++r) {
        const std::string v = c == 0 ? std::to_string(r + 1) : values[c][r % 2];
        std::snprintf(buf.data() + 16 * r, 16, "%s", v.c_str());
      }
      H5Dwrite(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf.data());
    }
    H5Dclose(ds);
    H5Tclose(type);
  }
  H5Sclose(space);
  H5Gclose(columns);
  H5Gclose(group);
  H5Fclose(file);
}

TEST(UnboundedWork, Hdf5DeclaringHugeStringsIsRefusedBeforeAllocating) {
  ScratchDir d;
  const std::string h5 = d.file("records.h5");
  write_h5_with_wide_column(h5, std::size_t{1} << 30);
  ASSERT_LT(std::filesystem::file_size(h5), 100'000u);
  // Under 2 GiB of address space an allocation of the declared size would fail loudly; under
  // AddressSanitizer (no cap possible) its allocation limit does the same.
  const std::string cap =
      kAddressSanitized
          ? std::string(" env \"ASAN_OPTIONS=${ASAN_OPTIONS:-}:max_allocation_size_mb=1000\"")
          : std::string(" prlimit --as=2000000000");
  const CliResult r = run_in(d, small_settings(), "--input " + h5, "", within(60) + cap);
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_TRUE(contains(r.output, "records.h5: field 'first': declares fixed-width strings of " +
                                     std::to_string(std::size_t{1} << 30) + " bytes"))
      << r.output;
  EXPECT_FALSE(has_stage_outputs(d.path() / "out"));
}

TEST(UnboundedWork, Hdf5DeclaringMoreDataThanItsFileIsRefused) {
  ScratchDir d;
  const std::string h5 = d.file("records.h5");
  write_h5_with_wide_column(h5, 1'000'000, 1000);  // under the width limit; 1 GB never written
  const CliResult r = run_in(d, small_settings(), "--input " + h5, "", within(60));
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_TRUE(contains(r.output,
                       "records.h5: field 'first': declares 1000 rows of 1000000 bytes, "
                       "far more data than a file of"))
      << r.output;
  EXPECT_FALSE(has_stage_outputs(d.path() / "out"));
}

// ---- A blocking rule on a constant column makes all n²/2 pairs.
std::string constant_column_csv(int records) {
  std::string csv = "unique_id,first,surname,dob,country\n";
  for (int i = 0; i < records; ++i) {
    csv += std::to_string(i) + ",n" + std::to_string(i % 97) + ",s" + std::to_string(i % 89) +
           ",1980-01-0" + std::to_string(1 + i % 9) + ",uk\n";
  }
  return csv;
}

TEST(UnboundedWork, RuleAboveTheDefaultPairLimitIsRefusedOnAnyNumberOfRanks) {
  ScratchDir d;
  const std::string csv = d.write("people.csv", constant_column_csv(5000));
  const std::string settings = small_settings(R"(["surname", "country"])");
  const std::string expected =
      "s.json: field 'blocking_rules[1]': blocking rule 'country' makes 12,497,500 candidate "
      "pairs, more than the limit of 10,000,000 (the larger of 10,000,000 and 1,000 per "
      "record; raise it with --max-pairs); its largest blocks hold 5,000 records";
  for (int ranks : {1, 2}) {
    const CliResult r = run_in(d, settings, "--input " + csv, "", under_mpirun(ranks, 120));
    EXPECT_EQ(r.status, 1) << ranks << " ranks: " << r.output;
    EXPECT_TRUE(contains(r.output, expected)) << ranks << " ranks: [" << r.output << "]";
    EXPECT_FALSE(has_stage_outputs(d.path() / "out")) << ranks << " ranks";
    EXPECT_FALSE(has_temp_files(d.path()));
  }
}

TEST(UnboundedWork, PairLimitCanBeRaisedOrLowered) {
  ScratchDir d;
  const std::string csv = d.write("people.csv", constant_column_csv(100));  // 4,950 pairs
  const std::string settings = small_settings(R"(["country"])");
  CliResult r = run_in(d, settings, "--input " + csv, "--max-pairs 4000");
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_TRUE(contains(r.output,
                       "blocking rule 'country' makes 4,950 candidate pairs, more than "
                       "the limit of 4,000 (--max-pairs); its largest blocks hold 100 "
                       "records"))
      << r.output;
  EXPECT_FALSE(has_stage_outputs(d.path() / "out"));
  r = run_in(d, settings, "--input " + csv, "--max-pairs 4950");
  EXPECT_EQ(r.status, 0) << r.output;
  r = run_in(d, settings, "--input " + csv, "--max-pairs -5");
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_TRUE(contains(r.output, "field '--max-pairs'")) << r.output;
}

TEST(UnboundedWork, DefaultPairLimitGrowsWithRecords) {
  EXPECT_EQ(pair_limit(10, 0), kDefaultMinPairLimit);
  EXPECT_EQ(pair_limit(10'000'000, 0), 10'000'000ull * kDefaultPairsPerRecord);
  EXPECT_EQ(pair_limit(10'000'000, 5), 5u);
  EXPECT_EQ(pair_limit(UINT64_MAX / 2, 0), UINT64_MAX);
}

// ---- Duplicate blocking rules (after normalisation) are a settings error.
TEST(UnboundedWork, DuplicateBlockingRulesAreRefused) {
  ScratchDir d;
  const std::string csv = d.write("people.csv", kPeopleCsv);
  CliResult r =
      run_in(d, small_settings(R"(["surname & dob", "first", "dob & surname"])"), "--input " + csv);
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_TRUE(contains(r.output, "blocking_rules[2]: repeats blocking_rules[0] (the same keys)"))
      << r.output;
  EXPECT_FALSE(has_stage_outputs(d.path() / "out"));
  // 10,000 copies ran for minutes: now refused at once, with a short message.
  std::string rules = "[";
  for (int i = 0; i < 10'000; ++i)
    rules += std::string(i ? "," : "") + "\"surname\"";
  r = run_in(d, small_settings(rules + "]"), "--input " + csv, "", within(30));
  EXPECT_EQ(r.status, 1) << r.output.substr(0, 500);
  EXPECT_TRUE(contains(r.output, "blocking_rules[1]: repeats blocking_rules[0]"));
  EXPECT_TRUE(contains(r.output, "... and 9979 more")) << r.output.substr(0, 2000);
  EXPECT_LT(r.output.size(), 3000u);
  EXPECT_FALSE(has_stage_outputs(d.path() / "out"));
}

// ---- A FIFO hung forever; a pipe (process substitution) was misreported as empty.
TEST(UnboundedWork, FifoAndPipeInputsAreRefusedClearly) {
  ScratchDir d;
  const std::string fifo = d.file("people.csv");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  CliResult r = run_in(d, small_settings(), "--input " + fifo, "", within(30));
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_TRUE(contains(r.output, "people.csv: field '--input': is not a regular file")) << r.output;
  EXPECT_FALSE(has_stage_outputs(d.path() / "out"));
  // What `--input <(cat file)` gives: a pipe.
  const std::string real = d.write("real.csv", kPeopleCsv);
  r = run_in(d, small_settings(), "--input /dev/stdin", "", "cat " + real + " | " + within(30));
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_TRUE(contains(r.output, "/dev/stdin: field '--input': is not a regular file")) << r.output;
  EXPECT_FALSE(has_stage_outputs(d.path() / "out"));
}

}  // namespace
}  // namespace xjslink::test
