// File: test_main.cpp
// GoogleTest main for the serial suite: MPI is initialised once (a one-rank world) because the
// library's stages take a dist::Comm.
#include <gtest/gtest.h>

#include <cstdlib>

#include "dist/comm.hpp"

int main(int argc, char** argv) {
  // A one-rank world needs no daemon and no network transport; without these Open MPI spends
  // about half a second per test process starting them. They are removed again after MPI_Init
  // so that tests which launch mpirun do not pass them on to real multi-rank jobs.
  const char* kSingleton[][2] = {{"OMPI_MCA_ess_singleton_isolated", "1"},
                                 {"OMPI_MCA_btl", "self"},
                                 {"OMPI_MCA_pml", "ob1"}};
  bool set_here[3] = {false, false, false};
  for (int i = 0; i < 3; ++i) {
    if (std::getenv(kSingleton[i][0]) == nullptr) {
      setenv(kSingleton[i][0], kSingleton[i][1], 0);
      set_here[i] = true;
    }
  }
  xjslink::dist::Environment mpi(&argc, &argv);
  for (int i = 0; i < 3; ++i) {
    if (set_here[i]) unsetenv(kSingleton[i][0]);
  }
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
