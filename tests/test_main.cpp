// File: test_main.cpp
// GoogleTest main for the serial suite: MPI is initialised once (a one-rank world) because the
// library's stages take a dist::Comm.
#include <gtest/gtest.h>

#include "dist/comm.hpp"

int main(int argc, char** argv) {
  xjslink::dist::Environment mpi(&argc, &argv);
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
