// File: log.cpp
#include "xjslink/log.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>

namespace xjslink {
namespace {
std::atomic<int> g_level{static_cast<int>(LogLevel::kInfo)};
const auto g_start = std::chrono::steady_clock::now();
}  // namespace

void set_log_level(LogLevel level) {
  g_level = static_cast<int>(level);
}
LogLevel log_level() {
  return static_cast<LogLevel>(g_level.load());
}

double log_elapsed_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - g_start).count();
}

void log_message(bool root, LogLevel level, const std::string& message) {
  if (!root || static_cast<int>(level) > g_level.load()) return;
  const double seconds = log_elapsed_seconds();
  std::fprintf(stderr, "[xjslink +%.1fs] %s\n", seconds, message.c_str());
}

}  // namespace xjslink
