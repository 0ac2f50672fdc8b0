// File: fault_injection.cpp
#include "fault_injection.hpp"

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

#include "dist/comm.hpp"

namespace xjslink {

void fault_point_after(const dist::Comm& comm, const char* stage) {
  const char* fault = std::getenv("XJSLINK_FAULT");
  if (fault == nullptr || std::string(fault) != std::string("kill-after:") + stage) return;
  comm.barrier();
  std::raise(SIGKILL);
}

void fault_point_before(const dist::Comm& comm, const char* stage) {
  const char* fault = std::getenv("XJSLINK_FAULT");
  if (fault == nullptr) return;
  if (std::string(fault) == std::string("stall:") + stage) {
    std::this_thread::sleep_for(std::chrono::seconds(30));
    return;
  }
  const std::string want = "crash-rank:" + std::to_string(comm.rank()) + ":" + stage;
  if (std::string(fault) != want) return;
  std::fprintf(stderr, "xjslink: fault injection: rank %d exits before %s\n", comm.rank(), stage);
  std::_Exit(3);
}

}  // namespace xjslink
