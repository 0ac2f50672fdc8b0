// File: dist/mpi_test_main.cpp
// GoogleTest main for tests that run on several ranks (the gtest-mpi-listener idea): every rank
// runs every test; rank 0 prints the normal report, other ranks print only their failures,
// prefixed with the rank; the exit status is non-zero if any rank failed.
#include <gtest/gtest.h>

#include <cstdio>

#include "dist/comm.hpp"

namespace {

class RankFailurePrinter : public ::testing::EmptyTestEventListener {
 public:
  explicit RankFailurePrinter(int rank) : rank_(rank) {}
  void OnTestPartResult(const ::testing::TestPartResult& r) override {
    if (!r.failed()) return;
    std::fprintf(stderr, "[rank %d] %s:%d: %s\n", rank_, r.file_name() ? r.file_name() : "?",
                 r.line_number(), r.summary());
  }

 private:
  int rank_;
};

}  // namespace

int main(int argc, char** argv) {
  xjslink::dist::Environment mpi(&argc, &argv);
  ::testing::InitGoogleTest(&argc, argv);
  int failed = 0;
  {
    const xjslink::dist::Comm world = xjslink::dist::Comm::world();
    if (!world.is_root()) {
      auto& listeners = ::testing::UnitTest::GetInstance()->listeners();
      delete listeners.Release(listeners.default_result_printer());
      listeners.Append(new RankFailurePrinter(world.rank()));
    }
    failed = RUN_ALL_TESTS();
    failed = world.allreduce<std::int32_t>(failed != 0 ? 1 : 0, xjslink::dist::Op::kMax);
  }
  return failed;
}
