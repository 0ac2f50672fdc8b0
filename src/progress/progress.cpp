// File: progress/progress.cpp
// Rate-limited progress lines. The clock is read on every add(); a steady_clock read costs
// tens of nanoseconds, nothing next to the thousands of pairs or records an add() stands for.
#include "xjslink/progress/progress.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "xjslink/report/svg.hpp"

namespace xjslink {
namespace {
std::atomic<int> g_format{static_cast<int>(ProgressFormat::kText)};
std::atomic<double> g_interval_s{5.0};
}  // namespace

void set_progress_interval(double seconds) {
  g_interval_s = seconds;
}
double progress_interval() {
  return g_interval_s.load();
}

void set_progress_format(ProgressFormat format) {
  g_format = static_cast<int>(format);
}
ProgressFormat progress_format() {
  return static_cast<ProgressFormat>(g_format.load());
}
std::optional<ProgressFormat> progress_format_from_name(std::string_view name) {
  if (name == "text") return ProgressFormat::kText;
  if (name == "json") return ProgressFormat::kJson;
  return std::nullopt;
}

namespace {
ProgressOptions root_only(bool root) {
  ProgressOptions options;
  options.root = root;
  return options;
}
}  // namespace

namespace detail {
std::string short_count(double n) {
  char buf[32];
  if (n < 1e3) {
    std::snprintf(buf, sizeof buf, "%.0f", n);
  } else if (n < 1e6) {
    std::snprintf(buf, sizeof buf, "%.1fK", n / 1e3);
  } else if (n < 1e9) {
    std::snprintf(buf, sizeof buf, "%.1fM", n / 1e6);
  } else {
    std::snprintf(buf, sizeof buf, "%.1fG", n / 1e9);
  }
  return buf;
}

std::string duration_text(double seconds) {
  const auto s = static_cast<std::uint64_t>(std::llround(std::max(0.0, seconds)));
  if (s < 60) return std::to_string(s) + " s";
  if (s < 3600) return std::to_string(s / 60) + " min " + std::to_string(s % 60) + " s";
  return std::to_string(s / 3600) + " h " + std::to_string(s % 3600 / 60) + " min";
}
}  // namespace detail

ProgressReporter::ProgressReporter(std::string stage, std::uint64_t total, std::string unit,
                                   bool root)
    : ProgressReporter(std::move(stage), total, std::move(unit), root_only(root)) {}

ProgressReporter::ProgressReporter(std::string stage, std::uint64_t total, std::string unit,
                                   ProgressOptions options)
    : stage_(std::move(stage)),
      unit_(std::move(unit)),
      total_(total),
      interval_s_(options.interval_s.value_or(progress_interval())),
      clock_(options.clock ? std::move(options.clock)
                           : std::function<double()>(log_elapsed_seconds)),
      sink_(std::move(options.sink)) {
  const LogLevel level = options.level.value_or(log_level());
  enabled_ = options.root && level != LogLevel::kQuiet;
  json_ = options.format.value_or(progress_format()) == ProgressFormat::kJson;
  if (!sink_) {
    sink_ = [](const std::string& line) { std::fprintf(stderr, "%s\n", line.c_str()); };
  }
  if (enabled_) {
    start_s_ = clock_();
    next_report_s_.store(start_s_ + interval_s_, std::memory_order_relaxed);
  }
}

ProgressReporter::~ProgressReporter() {
  finish();
}

void ProgressReporter::add(std::uint64_t units) {
  const std::uint64_t done = done_.fetch_add(units, std::memory_order_relaxed) + units;
  if (!enabled_) return;
  const double now = clock_();
  double next = next_report_s_.load(std::memory_order_relaxed);
  if (now < next) return;
  // One winner per interval: the others see the moved deadline and return.
  if (!next_report_s_.compare_exchange_strong(next, now + interval_s_, std::memory_order_relaxed)) {
    return;
  }
  report(now, done, /*final=*/false);
}

void ProgressReporter::finish() {
  if (finished_) return;
  finished_ = true;
  if (!enabled_ || !printed_any()) return;
  const std::uint64_t done = this->done();
  report(clock_(), total_ > 0 ? std::max(done, total_) : done, /*final=*/true);
}

void ProgressReporter::report(double now, std::uint64_t done, bool final) {
  // Lines in the order printed show growing counts: a thread that read its count before
  // another thread's line prints the count as it is now.
  std::lock_guard<std::mutex> lock(print_mutex_);
  done = std::max(done, done_.load(std::memory_order_relaxed));
  const double elapsed = std::max(0.0, now - start_s_);
  const double rate = elapsed > 0 ? static_cast<double>(done) / elapsed : 0.0;
  const bool known_total = total_ > 0;
  // A plan's total may be a little off; the share never passes 100%.
  const double fraction =
      known_total ? std::min(1.0, static_cast<double>(done) / static_cast<double>(total_)) : 0.0;
  std::optional<double> eta;
  if (final) {
    eta = 0.0;
  } else if (known_total && rate > 0) {
    eta = static_cast<double>(total_ - std::min(done, total_)) / rate;
  }
  std::string line;
  if (json_) {
    nlohmann::json j = {{"stage", stage_},
                        {"unit", unit_},
                        {"done", done},
                        {"total", known_total ? nlohmann::json(total_) : nullptr},
                        {"fraction", known_total ? nlohmann::json(fraction) : nullptr},
                        {"rate_per_s", rate},
                        {"eta_s", eta ? nlohmann::json(*eta) : nullptr},
                        {"elapsed_s", elapsed},
                        {"final", final}};
    line = j.dump();
  } else {
    char prefix[48];
    std::snprintf(prefix, sizeof prefix, "[xjslink +%.1fs] ", now);
    line = prefix + stage_ + ": ";
    if (known_total) {
      line += std::to_string(static_cast<int>(std::floor(fraction * 100.0))) + "% (" +
              report::format_count(done) + " of " + report::format_count(total_) + " " + unit_ +
              ")";
    } else {
      line += report::format_count(done) + " " + unit_;
    }
    line += ", " + detail::short_count(rate) + " " + unit_ + "/s";
    if (final) {
      line += ", done in " + detail::duration_text(elapsed);
    } else if (eta) {
      line += ", about " + detail::duration_text(*eta) + " left";
    }
  }
  printed_.store(true, std::memory_order_relaxed);
  sink_(line);
}

}  // namespace xjslink
