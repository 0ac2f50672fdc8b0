// File: robustness/hdf5_keys_test.cpp
// HDF5 inputs whose unique id is a number dataset, as pandas and h5py write them by default:
// integers are keys by their exact decimal text, whole floats likewise, and any other value
// (or a date column) is refused naming the file, record and field. Used to crash in
// Column::string_at on a number column.
#include <hdf5.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <vector>

#include "robustness/robustness_support.hpp"

namespace xjslink::test {
namespace {

const char* kFirst[5] = {"anna", "ana", "bob", "rob", "carl"};
const char* kSurname[5] = {"smith", "smith", "jones", "jones", "brown"};
const char* kDob[5] = {"1980-01-02", "1980-01-02", "1975-05-06", "1975-05-06", "1990-10-10"};

void write_strings(hid_t file, const char* name, const char* const* values, hid_t lcpl,
                   hid_t space) {
  const hid_t type = H5Tcopy(H5T_C_S1);
  H5Tset_size(type, 16);
  H5Tset_strpad(type, H5T_STR_NULLPAD);
  std::vector<char> buffer(5 * 16, '\0');
  for (int i = 0; i < 5; ++i)
    std::snprintf(buffer.data() + i * 16, 16, "%s", values[i]);
  const hid_t d = H5Dcreate2(file, name, type, space, lcpl, H5P_DEFAULT, H5P_DEFAULT);
  H5Dwrite(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.data());
  H5Dclose(d);
  H5Tclose(type);
}

// records/columns/{unique_id, first, surname, dob}, with unique_id of `file_type` written from
// `ids` (memory type `mem_type`), as another tool would write it (no xjslink attributes unless
// `declared_type` is given).
void write_people(const std::string& path, hid_t file_type, hid_t mem_type, const void* ids,
                  const char* declared_type = nullptr) {
  const hid_t file = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  const hid_t lcpl = H5Pcreate(H5P_LINK_CREATE);
  H5Pset_create_intermediate_group(lcpl, 1);
  const hsize_t n = 5;
  const hid_t space = H5Screate_simple(1, &n, nullptr);
  const hid_t id = H5Dcreate2(file, "records/columns/unique_id", file_type, space, lcpl,
                              H5P_DEFAULT, H5P_DEFAULT);
  H5Dwrite(id, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, ids);
  if (declared_type != nullptr) {
    const hid_t type = H5Tcopy(H5T_C_S1);
    H5Tset_size(type, std::strlen(declared_type));
    const hid_t scalar = H5Screate(H5S_SCALAR);
    const hid_t attr = H5Acreate2(id, "xjslink_type", type, scalar, H5P_DEFAULT, H5P_DEFAULT);
    H5Awrite(attr, type, declared_type);
    H5Aclose(attr);
    H5Sclose(scalar);
    H5Tclose(type);
  }
  H5Dclose(id);
  write_strings(file, "records/columns/first", kFirst, lcpl, space);
  write_strings(file, "records/columns/surname", kSurname, lcpl, space);
  write_strings(file, "records/columns/dob", kDob, lcpl, space);
  H5Sclose(space);
  H5Pclose(lcpl);
  H5Fclose(file);
}

class Hdf5Keys : public ::testing::Test {
 protected:
  // Links `input` into out/ (named people.*, so the source dataset is "people").
  CliResult link(const std::string& input, const std::string& out, int ranks = 1) {
    const std::string args = "run -q --settings " + d_.write("s.json", kRobustnessSettings) +
                             " --input " + input + " --out " + d_.file(out);
    return ranks == 1 ? run_case(args) : run_case_mpi(ranks, args);
  }
  // clusters.csv of the same records read from a CSV with ids 1..5.
  std::string csv_clusters() {
    std::filesystem::create_directories(d_.path() / "csv");
    const CliResult r = link(d_.write("csv/people.csv", kRobustnessCsv), "csv_out");
    EXPECT_EQ(r.status, 0) << r.output;
    return read_file(d_.file("csv_out/clusters.csv"));
  }
  std::string h5(const std::string& dir) {
    std::filesystem::create_directories(d_.path() / dir);
    return d_.file(dir + "/people.h5");
  }
  ScratchDir d_;
};

TEST_F(Hdf5Keys, IntegerIdsAreKeysByTheirDecimalText) {
  const std::int64_t ids[5] = {1, 2, 3, 4, 5};
  const std::string path = h5("int");
  write_people(path, H5T_STD_I64LE, H5T_NATIVE_INT64, ids);
  const CliResult r = link(path, "int_out");
  ASSERT_EQ(r.status, 0) << r.output;
  // The same clusters, byte for byte, as from the CSV with ids "1".."5".
  EXPECT_EQ(read_file(d_.file("int_out/clusters.csv")), csv_clusters());
  if (!mpirun_available()) GTEST_SKIP() << "mpirun not installed: two ranks not tried";
  const CliResult two = link(path, "int_out2", 2);
  ASSERT_EQ(two.status, 0) << two.output;
  EXPECT_EQ(read_file(d_.file("int_out2/clusters.csv")),
            read_file(d_.file("int_out/clusters.csv")));
}

TEST_F(Hdf5Keys, LargeUnsignedAndNegativeIdsAreExact) {
  // Beyond 2^53 a double would round these; they must come out digit for digit.
  const std::uint64_t big[5] = {18446744073709551615ull, 18446744073709551614ull,
                                9007199254740993ull, 9007199254740995ull, 7};
  const std::string path = h5("big");
  write_people(path, H5T_STD_U64LE, H5T_NATIVE_UINT64, big);
  const CliResult r = link(path, "big_out");
  ASSERT_EQ(r.status, 0) << r.output;
  const std::string clusters = read_file(d_.file("big_out/clusters.csv"));
  for (const char* id :
       {"18446744073709551615", "18446744073709551614", "9007199254740993", "9007199254740995"}) {
    EXPECT_NE(clusters.find(std::string(",") + id + ","), std::string::npos) << id << clusters;
  }
  const std::int32_t negative[5] = {-1, -2, 3, 4, 5};
  const std::string neg = h5("neg");
  write_people(neg, H5T_STD_I32BE, H5T_NATIVE_INT32, negative);
  const CliResult rn = link(neg, "neg_out");
  ASSERT_EQ(rn.status, 0) << rn.output;
  EXPECT_NE(read_file(d_.file("neg_out/clusters.csv")).find(",-2,"), std::string::npos);
}

TEST_F(Hdf5Keys, WholeFloatIdsAreKeysLikeIntegers) {
  const double ids[5] = {1.0, 2.0, 3.0, 4.0, 5.0};
  const std::string path = h5("float");
  write_people(path, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, ids);
  const CliResult r = link(path, "float_out");
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(read_file(d_.file("float_out/clusters.csv")), csv_clusters());
}

TEST_F(Hdf5Keys, FractionalOrNaNFloatIdsAreRefusedNamingTheRecord) {
  const double fractional[5] = {1.0, 2.5, 3.0, 4.0, 5.0};
  const std::string path = h5("frac");
  write_people(path, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, fractional);
  const CliResult r = link(path, "frac_out");
  expect_user_error(r);
  expect_contains(r,
                  "people.h5: field 'unique_id': the value in record 2 cannot identify a record");
  expect_absent(r, "2.5");
  EXPECT_FALSE(has_complete_looking_outputs(d_.path() / "frac_out"));
  // A NaN is a missing id.
  const double missing[5] = {1.0, 2.0, std::nan(""), 4.0, 5.0};
  const std::string path2 = h5("nan");
  write_people(path2, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, missing);
  const CliResult r2 = link(path2, "nan_out");
  expect_user_error(r2);
  expect_contains(r2, "people.h5:3: field 'unique_id': unique id is empty");
  // 2^53 + 2 as a double is not known to be the id that was meant.
  const double huge[5] = {1.0, 2.0, 9007199254740994.0, 4.0, 5.0};
  const std::string path3 = h5("huge");
  write_people(path3, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, huge);
  const CliResult r3 = link(path3, "huge_out");
  expect_user_error(r3);
  expect_contains(r3, "the value in record 3 cannot identify a record");
}

TEST_F(Hdf5Keys, DateColumnIsRefusedAsAKey) {
  const std::int32_t days[5] = {1, 2, 3, 4, 5};
  const std::string path = h5("date");
  write_people(path, H5T_STD_I32LE, H5T_NATIVE_INT32, days, "date");
  const CliResult r = link(path, "date_out");
  expect_user_error(r);
  expect_contains(r, "people.h5: field 'unique_id': a date column cannot identify records");
  EXPECT_FALSE(has_complete_looking_outputs(d_.path() / "date_out"));
}

}  // namespace
}  // namespace xjslink::test
