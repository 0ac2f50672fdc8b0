// File: log.hpp
// Progress messages on standard error, from rank 0 only. Messages name stages, counts and
// timings, never field values of records.
#pragma once

#include <string>

namespace xjslink {

enum class LogLevel { kQuiet = 0, kInfo = 1, kDebug = 2 };

void set_log_level(LogLevel level);
// Seconds since the process started: the +12.3s of each message.
double log_elapsed_seconds();
LogLevel log_level();
// Prints "[xjslink +12.3s] message" when level <= the current level and `root` is true.
void log_message(bool root, LogLevel level, const std::string& message);
inline void log_info(bool root, const std::string& message) {
  log_message(root, LogLevel::kInfo, message);
}
inline void log_debug(bool root, const std::string& message) {
  log_message(root, LogLevel::kDebug, message);
}

}  // namespace xjslink
