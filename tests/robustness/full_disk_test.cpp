// File: robustness/full_disk_test.cpp
// A full disk while writing the outputs: a clear message, exit status 1, no temporary files
// left, and no crash (a failed HDF5 close used to segfault in MPI_Finalize). The disk is a
// small tmpfs mounted for the test; without root (or mount) the test is skipped.
#include <sys/mount.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "robustness/robustness_support.hpp"

namespace xjslink::test {
namespace {

class FullDisk : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::getuid() != 0) GTEST_SKIP() << "not root: cannot mount a small tmpfs";
    disk_ = d_.path() / "disk";
    std::filesystem::create_directories(disk_);
    std::ofstream csv(d_.file("people.csv"));
    csv << "unique_id,first,surname,dob\n";
    // About 20,000 records and 2,000 pairs: the predictions need far more than the disk.
    for (int i = 0; i < 20000; ++i) {
      csv << i << ",name" << (i * 7919) % 1000 << ",sur" << (i * 104729) % 501 << ",19"
          << 10 + (i * 31) % 90 << "-01-0" << 1 + (i * 13) % 9 << "\n";
    }
  }
  void TearDown() override {
    if (mounted_) ::umount(disk_.c_str());
  }
  bool mount_disk(const char* size) {
    const std::string options = std::string("size=") + size;
    mounted_ = ::mount("tmpfs", disk_.c_str(), "tmpfs", 0, options.c_str()) == 0;
    return mounted_;
  }
  CliResult link(const std::string& formats) {
    return run_case("run -q --settings " + d_.write("s.json", kRobustnessSettings) + " --input " +
                    d_.file("people.csv") + " --out " + (disk_ / "out").string() + " --formats " +
                    formats);
  }
  void expect_clean_failure(const CliResult& r) {
    expect_user_error(r);
    EXPECT_EQ(r.output.find("Segmentation fault"), std::string::npos) << r.output;
    EXPECT_EQ(r.output.find("0x"), std::string::npos) << "a memory address: " << r.output;
    for (const auto& e : std::filesystem::directory_iterator(disk_ / "out")) {
      const std::string name = e.path().filename().string();
      EXPECT_EQ(name.find(".tmp"), std::string::npos) << name;
      EXPECT_EQ(name.find(".part"), std::string::npos) << name;
      EXPECT_EQ(name.find("predictions"), std::string::npos) << name;
    }
  }
  ScratchDir d_;
  std::filesystem::path disk_;
  bool mounted_ = false;
};

TEST_F(FullDisk, Hdf5OutputOnAFullDiskIsAClearErrorWithoutACrash) {
  if (!mount_disk("40k")) GTEST_SKIP() << "cannot mount a tmpfs here";
  const CliResult r = link("hdf5");
  expect_clean_failure(r);
  expect_contains(r,
                  "predictions.h5: cannot close HDF5 file (HDF5: file write failed: No space "
                  "left on device)");
}

TEST_F(FullDisk, CsvAndHdf5OutputOnAFullDiskIsAClearError) {
  if (!mount_disk("40k")) GTEST_SKIP() << "cannot mount a tmpfs here";
  const CliResult r = link("csv,hdf5");
  expect_clean_failure(r);
  expect_contains(r, "predictions");
}

TEST_F(FullDisk, TwoRanksEndTogetherWithTheMessage) {
  if (!mpirun_available()) GTEST_SKIP() << "mpirun not installed";
  if (!mount_disk("40k")) GTEST_SKIP() << "cannot mount a tmpfs here";
  const CliResult r = run_case_mpi(
      2, "run -q --settings " + d_.write("s.json", kRobustnessSettings) + " --input " +
             d_.file("people.csv") + " --out " + (disk_ / "out").string() + " --formats hdf5");
  // HDF5's collective metadata writes cannot go on once one rank failed in them: every rank
  // is ended (MPI_Abort, status 1) after the message, instead of waiting for ever.
  EXPECT_NE(r.status, 124) << "timed out: " << r.output;
  EXPECT_EQ(r.status, 1) << r.output;
  expect_contains(r, "predictions.h5");
  expect_absent(r, "internal error");
  expect_absent(r, "Segmentation fault");
  for (const auto& e : std::filesystem::directory_iterator(disk_ / "out")) {
    EXPECT_EQ(e.path().filename().string().find("predictions"), std::string::npos)
        << e.path() << r.output;
  }
}

}  // namespace
}  // namespace xjslink::test
