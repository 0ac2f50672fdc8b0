// File: progress/progress.hpp
// Progress of a long stage on standard error, from rank 0 only: share done, rate and time left,
// at most once per interval, as text ("[xjslink +12.3s] predict: 41% (...)") or one JSON object
// a line (--progress json). Threads add units with one relaxed atomic add; only the thread that
// wins the compare-exchange on the next report time prints. Lines hold counts, never values.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "xjslink/log.hpp"

namespace xjslink {

enum class ProgressFormat { kText, kJson };

// The format of every reporter made after the call (set from --progress).
void set_progress_format(ProgressFormat format);
ProgressFormat progress_format();
// The interval of every reporter made after the call, in seconds (set from --progress-interval).
void set_progress_interval(double seconds);
double progress_interval();
// "text" or "json"; nullopt for anything else.
std::optional<ProgressFormat> progress_format_from_name(std::string_view name);

struct ProgressOptions {
  bool root = true;  // only rank 0 prints
  // At most one line per interval; default: the global interval (5 s unless set).
  std::optional<double> interval_s;
  // Seconds on a monotonic clock; by default the time since the process started, as in log.hpp.
  std::function<double()> clock;
  // Receives each line without its newline; by default printed to standard error.
  std::function<void(const std::string&)> sink;
  // Default: the global format and log level at construction.
  std::optional<ProgressFormat> format;
  std::optional<LogLevel> level;
};

class ProgressReporter {
 public:
  // stage names the work ("predict"), total is the units expected (0 if unknown), unit is the
  // plural unit name ("pairs", "records", "bytes").
  ProgressReporter(std::string stage, std::uint64_t total, std::string unit, bool root);
  ProgressReporter(std::string stage, std::uint64_t total, std::string unit,
                   ProgressOptions options);
  ProgressReporter(const ProgressReporter&) = delete;
  ProgressReporter& operator=(const ProgressReporter&) = delete;
  // Calls finish().
  ~ProgressReporter();

  // Thread-safe; may print a line. Call per block or batch, not per pair.
  void add(std::uint64_t units);
  // The final line at 100% (or the units done, if the total was unknown), printed only if an
  // earlier line was; idempotent.
  void finish();

  std::uint64_t done() const { return done_.load(std::memory_order_relaxed); }
  std::uint64_t total() const { return total_; }
  bool printed_any() const { return printed_.load(std::memory_order_relaxed); }

 private:
  void report(double now, std::uint64_t done, bool final);

  std::string stage_, unit_;
  std::uint64_t total_ = 0;
  bool enabled_ = false;
  bool json_ = false;
  double interval_s_ = 5.0;
  std::function<double()> clock_;
  std::function<void(const std::string&)> sink_;
  double start_s_ = 0;
  std::atomic<std::uint64_t> done_{0};
  std::atomic<double> next_report_s_{0};
  std::atomic<bool> printed_{false};
  bool finished_ = false;
  std::mutex print_mutex_;
};

namespace detail {
// "950", "41.2K", "2.1M", "3.4G"
std::string short_count(double n);
// "42 s", "4 min 27 s", "2 h 5 min"
std::string duration_text(double seconds);
}  // namespace detail

}  // namespace xjslink
