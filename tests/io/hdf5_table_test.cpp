// File: io/hdf5_table_test.cpp
// HDF5 tables: round trips of every column type with nulls, hyperslab reads against slices of
// the full read, the on-disk layout Python readers rely on, files from other tools, errors.
#include "xjslink/io/hdf5_table.hpp"

#include <gtest/gtest.h>
#include <hdf5.h>

#include <cmath>
#include <filesystem>
#include <functional>
#include <random>

#include "io/io_test_util.hpp"
#include "xjslink/error.hpp"
#include "xjslink/io/csv_reader.hpp"

namespace xjslink::io {
namespace {

using xjslink::testing::column_values;
using xjslink::testing::TempDir;

// A cell as text for whole-table comparison: "null", or the value tagged with its type.
std::string cell(const Column& c, std::size_t row) {
  if (c.is_null(row)) return "null";
  switch (c.type()) {
    case ColumnType::kString:
      return "s:" + std::string(c.string_at(row));
    case ColumnType::kDate:
      return "d:" + std::to_string(c.date_at(row));
    case ColumnType::kNumber: {
      char buf[64];
      std::snprintf(buf, sizeof(buf), "n:%.17g", c.number_at(row));
      return buf;
    }
  }
  return "?";
}

void expect_equal_rows(const Table& actual, const Table& expected, std::size_t expected_begin,
                       std::size_t rows) {
  ASSERT_EQ(actual.num_columns(), expected.num_columns());
  ASSERT_EQ(actual.num_rows(), rows);
  for (std::size_t c = 0; c < expected.num_columns(); ++c) {
    const Column& a = actual.column(c);
    const Column& e = expected.column(c);
    ASSERT_EQ(a.name(), e.name());
    ASSERT_EQ(a.type(), e.type());
    for (std::size_t r = 0; r < rows; ++r) {
      ASSERT_EQ(cell(a, r), cell(e, expected_begin + r)) << a.name() << " row " << r;
    }
  }
}

Table sample_table() {
  Table t;
  // add_column may move earlier columns, so take references after adding them all.
  t.add_column("name", ColumnType::kString);
  t.add_column("dob", ColumnType::kDate);
  t.add_column("income", ColumnType::kNumber);
  Column& name = t.column(0);
  Column& dob = t.column(1);
  Column& income = t.column(2);
  name.append_string("Zo\xC3\xAB \xE4\xB8\xAD\xE6\x96\x87 \xF0\x9F\x98\x80");
  dob.append_date(-25567);
  income.append_number(-1.5);
  name.append_string("");  // empty, not null
  dob.append_null();
  income.append_number(0.0);
  name.append_null();
  dob.append_date(0);
  income.append_null();
  name.append_string("a much longer value, with commas and \"quotes\"");
  dob.append_date(11017);
  income.append_number(1e300);
  return t;
}

TEST(Hdf5Table, RoundTripsEveryTypeWithNulls) {
  TempDir dir;
  const Table t = sample_table();
  const std::string path = dir.file("t.h5");
  write_hdf5_table(path, "records", t);
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
  EXPECT_EQ(hdf5_table_rows(path, "records"), 4u);
  EXPECT_EQ(hdf5_table_columns(path, "records"),
            (std::vector<std::string>{"name", "dob", "income"}));
  const Table back = read_hdf5_table(path, "records");
  expect_equal_rows(back, t, 0, 4);
  EXPECT_FALSE(back.column(0).is_null(1));
  EXPECT_EQ(back.column(0).string_at(1), "");
  EXPECT_TRUE(back.column(0).is_null(2));
}

TEST(Hdf5Table, ReadsSelectedColumnsInGivenOrderAndNestedGroups) {
  TempDir dir;
  const std::string path = dir.file("t.h5");
  write_hdf5_table(path, "stage/records", sample_table());
  const Table back = read_hdf5_table(path, "stage/records", {"income", "name"});
  ASSERT_EQ(back.num_columns(), 2u);
  EXPECT_EQ(back.column(0).name(), "income");
  EXPECT_EQ(back.column(1).name(), "name");
  EXPECT_EQ(back.num_rows(), 4u);
}

TEST(Hdf5Table, WritesTheDocumentedLayout) {
  TempDir dir;
  const std::string path = dir.file("t.h5");
  write_hdf5_table(path, "records", sample_table());
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  ASSERT_GE(file, 0);
  const hid_t name = H5Dopen2(file, "records/columns/name", H5P_DEFAULT);
  const hid_t type = H5Dget_type(name);
  EXPECT_EQ(H5Tget_class(type), H5T_STRING);
  EXPECT_EQ(H5Tis_variable_str(type), 0);
  EXPECT_EQ(H5Tget_cset(type), H5T_CSET_UTF8);
  EXPECT_EQ(H5Tget_strpad(type), H5T_STR_NULLPAD);
  EXPECT_EQ(H5Tget_size(type),
            std::string("a much longer value, with commas and \"quotes\"").size());
  H5Tclose(type);
  H5Dclose(name);
  const hid_t dob = H5Dopen2(file, "records/columns/dob", H5P_DEFAULT);
  const hid_t dob_type = H5Dget_type(dob);
  EXPECT_EQ(H5Tget_class(dob_type), H5T_INTEGER);
  EXPECT_EQ(H5Tget_size(dob_type), 4u);
  EXPECT_GT(H5Aexists(dob, "units"), 0);
  H5Tclose(dob_type);
  H5Dclose(dob);
  const hid_t income = H5Dopen2(file, "records/columns/income", H5P_DEFAULT);
  double values[4];
  H5Dread(income, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values);
  EXPECT_TRUE(std::isnan(values[2]));  // null numbers are NaN in the file
  H5Dclose(income);
  const hid_t valid = H5Dopen2(file, "records/valid/name", H5P_DEFAULT);
  std::uint8_t flags[4];
  H5Dread(valid, H5T_NATIVE_UINT8, H5S_ALL, H5S_ALL, H5P_DEFAULT, flags);
  EXPECT_EQ(std::vector<int>(flags, flags + 4), (std::vector<int>{1, 1, 0, 1}));
  H5Dclose(valid);
  H5Fclose(file);
}

Table random_table(std::mt19937_64& rng, std::size_t rows) {
  Table t;
  t.add_column("s", ColumnType::kString);
  t.add_column("d", ColumnType::kDate);
  t.add_column("n", ColumnType::kNumber);
  Column& s = t.column(0);
  Column& d = t.column(1);
  Column& n = t.column(2);
  static const std::vector<std::string> kPieces = {"a", "bc", " ", "\xC3\xA9", "\xE2\x82\xAC", "z"};
  for (std::size_t r = 0; r < rows; ++r) {
    if (rng() % 7 == 0) {
      s.append_null();
    } else {
      std::string v;
      const int len = static_cast<int>(rng() % 9);
      for (int k = 0; k < len; ++k)
        v += kPieces[rng() % kPieces.size()];
      s.append_string(v);
    }
    if (rng() % 5 == 0)
      d.append_null();
    else
      d.append_date(static_cast<std::int32_t>(rng() % 80000) - 40000);
    if (rng() % 6 == 0)
      n.append_null();
    else
      n.append_number(static_cast<double>(static_cast<std::int64_t>(rng() % 2000001) - 1000000) /
                      7.0);
  }
  return t;
}

TEST(Hdf5Table, HyperslabReadsEqualSlicesOfTheFullRead) {
  TempDir dir;
  std::mt19937_64 rng(99);
  const Table t = random_table(rng, 1000);
  const std::string path = dir.file("t.h5");
  Hdf5WriteOptions options;
  options.chunk_rows = 37;  // many chunks, so ranges cross chunk boundaries
  write_hdf5_table(path, "g", t, options);
  const Table full = read_hdf5_table(path, "g");
  expect_equal_rows(full, t, 0, 1000);
  for (int i = 0; i < 60; ++i) {
    std::uint64_t a = rng() % 1001;
    std::uint64_t b = rng() % 1001;
    if (a > b) std::swap(a, b);
    expect_equal_rows(read_hdf5_table(path, "g", {}, a, b), t, a, b - a);
  }
  // Rank-style shares: 7 consecutive ranges cover the table exactly.
  for (int p = 0; p < 7; ++p) {
    const std::uint64_t a = 1000 * p / 7;
    const std::uint64_t b = 1000 * (p + 1) / 7;
    expect_equal_rows(read_hdf5_table(path, "g", {"s", "d", "n"}, a, b), t, a, b - a);
  }
}

TEST(Hdf5Table, ReadsTablesLargerThanOneReadBlock) {
  TempDir dir;
  std::mt19937_64 rng(5);
  const Table t = random_table(rng, 70001);
  const std::string path = dir.file("big.h5");
  write_hdf5_table(path, "g", t, {});
  expect_equal_rows(read_hdf5_table(path, "g"), t, 0, 70001);
  expect_equal_rows(read_hdf5_table(path, "g", {}, 65530, 70001), t, 65530, 70001 - 65530);
}

TEST(Hdf5Table, WritesEmptyTables) {
  TempDir dir;
  Table t;
  t.add_column("a", ColumnType::kString);
  t.add_column("b", ColumnType::kDate);
  const std::string path = dir.file("e.h5");
  write_hdf5_table(path, "g", t);
  EXPECT_EQ(hdf5_table_rows(path, "g"), 0u);
  const Table back = read_hdf5_table(path, "g");
  EXPECT_EQ(back.num_columns(), 2u);
  EXPECT_EQ(back.num_rows(), 0u);
}

TEST(Hdf5Table, CsvAndHdf5InputsGiveTheSameStringColumns) {
  TempDir dir;
  const std::filesystem::path febrl =
      std::filesystem::path(XJSLINK_SHARED_DATA_DIR) / "febrl" / "dataset4b.csv";
  const std::string csv =
      std::filesystem::exists(febrl)
          ? febrl.string()
          : dir.write("f.csv", "id,name\n1,J\xC3\xA9r\xC3\xB4me\n2,\n3,\"a,b\"\n");
  const CsvTable from_csv = read_csv(csv, {});
  const std::string path = dir.file("f.h5");
  write_hdf5_table(path, "records", from_csv.table);
  const Table from_h5 = read_hdf5_table(path, "records");
  ASSERT_EQ(from_h5.num_columns(), from_csv.table.num_columns());
  for (std::size_t c = 0; c < from_h5.num_columns(); ++c) {
    EXPECT_EQ(column_values(from_h5.column(c)), column_values(from_csv.table.column(c)));
  }
}

TEST(Hdf5Table, ReadsVariableLengthStringsAndNaNsFromOtherTools) {
  TempDir dir;
  const std::string path = dir.file("py.h5");
  {
    // The shape h5py gives `f["t/columns/name"] = ["ann", "Jérôme"]` and a float column.
    const hid_t file = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    const hid_t lcpl = H5Pcreate(H5P_LINK_CREATE);
    H5Pset_create_intermediate_group(lcpl, 1);
    const hsize_t n = 3;
    const hid_t space = H5Screate_simple(1, &n, nullptr);
    const hid_t vstr = H5Tcopy(H5T_C_S1);
    H5Tset_size(vstr, H5T_VARIABLE);
    H5Tset_cset(vstr, H5T_CSET_UTF8);
    const hid_t names =
        H5Dcreate2(file, "t/columns/name", vstr, space, lcpl, H5P_DEFAULT, H5P_DEFAULT);
    const char* values[3] = {"ann", "J\xC3\xA9r\xC3\xB4me", nullptr};
    H5Dwrite(names, vstr, H5S_ALL, H5S_ALL, H5P_DEFAULT, values);
    const hid_t score =
        H5Dcreate2(file, "t/columns/score", H5T_IEEE_F64LE, space, lcpl, H5P_DEFAULT, H5P_DEFAULT);
    const double scores[3] = {1.0, std::nan(""), 3.0};
    H5Dwrite(score, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, scores);
    const hid_t age =
        H5Dcreate2(file, "t/columns/age", H5T_STD_I64LE, space, lcpl, H5P_DEFAULT, H5P_DEFAULT);
    const std::int64_t ages[3] = {30, 40, 50};
    H5Dwrite(age, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, ages);
    for (hid_t id : {names, score, age})
      H5Dclose(id);
    H5Tclose(vstr);
    H5Sclose(space);
    H5Pclose(lcpl);
    H5Fclose(file);
  }
  EXPECT_EQ(hdf5_table_rows(path, "t"), 3u);
  const Table t = read_hdf5_table(path, "t", {"name", "score", "age"});
  EXPECT_EQ(column_values(t.column(0)),
            (std::vector<std::optional<std::string>>{"ann", "J\xC3\xA9r\xC3\xB4me", std::nullopt}));
  EXPECT_EQ(t.column(1).type(), ColumnType::kNumber);
  EXPECT_TRUE(t.column(1).is_null(1));
  EXPECT_EQ(t.column(1).number_at(2), 3.0);
  EXPECT_EQ(t.column(2).type(), ColumnType::kNumber);
  EXPECT_EQ(t.column(2).number_at(1), 40.0);
  EXPECT_EQ(read_hdf5_table(path, "t", {"name"}, 1, 2).column(0).string_at(0),
            "J\xC3\xA9r\xC3\xB4me");
}

Error hdf5_error(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "expected an Error";
  return Error(ErrorCode::kInternal, "none");
}

TEST(Hdf5Table, ErrorsNameTheFileGroupAndColumn) {
  TempDir dir;
  const std::string path = dir.file("t.h5");
  write_hdf5_table(path, "records", sample_table());

  const Error missing_file = hdf5_error([&] { read_hdf5_table(dir.file("none.h5"), "records"); });
  EXPECT_EQ(missing_file.code(), ErrorCode::kIo);
  EXPECT_EQ(missing_file.file(), dir.file("none.h5"));

  const Error missing_group = hdf5_error([&] { read_hdf5_table(path, "people"); });
  EXPECT_EQ(missing_group.code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(missing_group.field(), "people");
  EXPECT_EQ(missing_group.file(), path);

  const Error missing_column = hdf5_error([&] {
    read_hdf5_table(path, "records", {"name", "sex"});
  });
  EXPECT_EQ(missing_column.field(), "sex");
  EXPECT_NE(missing_column.message().find("not found"), std::string::npos);

  const Error range = hdf5_error([&] { read_hdf5_table(path, "records", {}, 2, 5); });
  EXPECT_EQ(range.code(), ErrorCode::kInvalidInput);

  // A date column whose dataset holds strings: wrong type.
  {
    const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    const hid_t name = H5Dopen2(file, "records/columns/name", H5P_DEFAULT);
    const hid_t attr = H5Aopen(name, "xjslink_type", H5P_DEFAULT);
    const hid_t type = H5Aget_type(attr);
    char date[7] = "date\0\0";
    H5Awrite(attr, type, date);
    H5Tclose(type);
    H5Aclose(attr);
    H5Dclose(name);
    H5Fclose(file);
  }
  const Error wrong = hdf5_error([&] { read_hdf5_table(path, "records", {"name"}); });
  EXPECT_EQ(wrong.field(), "name");
  EXPECT_NE(wrong.message().find("wrong HDF5 type"), std::string::npos);
}

TEST(Hdf5Table, RefusesNulBytesAndLeavesNoFile) {
  TempDir dir;
  Table t;
  t.add_column("name", ColumnType::kString).append_string(std::string("a\0b", 3));
  const std::string path = dir.file("bad.h5");
  const Error e = hdf5_error([&] { write_hdf5_table(path, "g", t); });
  EXPECT_EQ(e.field(), "name");
  EXPECT_FALSE(std::filesystem::exists(path));
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
}

}  // namespace
}  // namespace xjslink::io
