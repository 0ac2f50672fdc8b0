// File: robustness/predictions_index_test.cpp
// `cluster --predictions` with record indices that are not records of the inputs (a file
// edited, truncated or made elsewhere): a user error naming the file, record and column on any
// number of ranks. Used to end as an internal error (MPI_Abort, status 70) with two ranks.
#include <hdf5.h>

#include <filesystem>

#include "robustness/robustness_support.hpp"

namespace xjslink::test {
namespace {

// Sets row `row` of predictions/columns/<column> to `value`, in place.
void set_index(const std::string& path, const char* column, hsize_t row, std::int64_t value) {
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  ASSERT_GE(file, 0);
  const hid_t d =
      H5Dopen2(file, (std::string("predictions/columns/") + column).c_str(), H5P_DEFAULT);
  ASSERT_GE(d, 0);
  const hid_t space = H5Dget_space(d);
  const hsize_t one = 1;
  H5Sselect_hyperslab(space, H5S_SELECT_SET, &row, nullptr, &one, nullptr);
  const hid_t mem = H5Screate_simple(1, &one, nullptr);
  EXPECT_GE(H5Dwrite(d, H5T_NATIVE_INT64, mem, space, H5P_DEFAULT, &value), 0);
  H5Sclose(mem);
  H5Sclose(space);
  H5Dclose(d);
  H5Fclose(file);
}

class PredictionsIndex : public ::testing::Test {
 protected:
  void SetUp() override {
    csv_ = d_.write("people.csv", kRobustnessCsv);
    const CliResult r = run_case("run -q --settings " + d_.write("s.json", kRobustnessSettings) +
                                 " --input " + csv_ + " --out " + d_.file("run"));
    ASSERT_EQ(r.status, 0) << r.output;
    predictions_ = d_.file("run/predictions.h5");
  }
  std::string cluster_args(const std::string& out) {
    return "cluster -q --model " + d_.file("run/model.json") + " --predictions " + predictions_ +
           " --input " + csv_ + " --out " + d_.file(out);
  }
  void expect_refused(const CliResult& r, const std::string& column, const std::string& out) {
    expect_user_error(r);
    expect_contains(r, "predictions.h5: field '" + column +
                           "': record 2: not a record index of the inputs, which hold 5 "
                           "records (indices from 0)");
    EXPECT_FALSE(has_complete_looking_outputs(d_.path() / out)) << r.output;
  }
  ScratchDir d_;
  std::string csv_, predictions_;
};

TEST_F(PredictionsIndex, IndexBeyondTheInputsIsAUserErrorOnOneAndTwoRanks) {
  // The run found the two pairs (1,2) and (3,4): rows 1 and 2 of the file.
  const CliResult good = run_case(cluster_args("good"));
  ASSERT_EQ(good.status, 0) << good.output;
  set_index(predictions_, "record_index_r", 1, 1000);
  expect_refused(run_case(cluster_args("one")), "record_index_r", "one");
  if (!mpirun_available()) GTEST_SKIP() << "mpirun not installed: two ranks not tried";
  for (int ranks : {2, 3}) {
    SCOPED_TRACE(ranks);
    const std::string out = "ranks" + std::to_string(ranks);
    expect_refused(run_case_mpi(ranks, cluster_args(out)), "record_index_r", out);
  }
}

TEST_F(PredictionsIndex, NegativeIndexIsAUserError) {
  set_index(predictions_, "record_index_l", 1, -7);
  expect_refused(run_case(cluster_args("neg")), "record_index_l", "neg");
}

}  // namespace
}  // namespace xjslink::test
