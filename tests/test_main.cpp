// File: test_main.cpp
// GoogleTest main for the serial suite: MPI is initialised once (a one-rank world) because the
// library's stages take a dist::Comm.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "dist/comm.hpp"

int main(int argc, char** argv) {
  // A one-rank world needs no daemon and no network transport; without these Open MPI spends
  // about half a second per test process starting them. They are removed again after MPI_Init
  // so that tests which launch mpirun do not pass them on to real multi-rank jobs.
  const char* kSingleton[][2] = {
      {"OMPI_MCA_ess_singleton_isolated", "1"}, {"OMPI_MCA_btl", "self"}, {"OMPI_MCA_pml", "ob1"}};
  bool set_here[3] = {false, false, false};
  for (int i = 0; i < 3; ++i) {
    if (std::getenv(kSingleton[i][0]) == nullptr) {
      setenv(kSingleton[i][0], kSingleton[i][1], 0);
      set_here[i] = true;
    }
  }
  // ctest starts many test processes at once; each gets its own Open MPI session directory
  // (kept for the processes it launches), so they never race creating or removing one.
  std::string session_dir;
  if (std::getenv("OMPI_MCA_orte_tmpdir_base") == nullptr) {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "xjslink-test-ompi-XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) {
      session_dir = pattern;
      setenv("OMPI_MCA_orte_tmpdir_base", session_dir.c_str(), 1);
    }
  }
  int status = 0;
  {
    xjslink::dist::Environment mpi(&argc, &argv);
    for (int i = 0; i < 3; ++i) {
      if (set_here[i]) unsetenv(kSingleton[i][0]);
    }
    ::testing::InitGoogleTest(&argc, argv);
    status = RUN_ALL_TESTS();
  }
  if (!session_dir.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(session_dir, ec);
  }
  return status;
}
