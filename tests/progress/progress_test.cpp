// File: progress/progress_test.cpp
// ProgressReporter with a fake clock and a capturing sink: rate limiting, the text and JSON
// lines, silence when quiet or not root, and exact sums from concurrent OpenMP threads.
#include "xjslink/progress/progress.hpp"

#include <gtest/gtest.h>

#include <omp.h>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace xjslink {
namespace {

struct Capture {
  double now = 100.0;
  std::vector<std::string> lines;
  ProgressOptions options(ProgressFormat format = ProgressFormat::kText, bool root = true,
                          LogLevel level = LogLevel::kInfo) {
    ProgressOptions o;
    o.root = root;
    o.interval_s = 5.0;
    o.clock = [this] { return now; };
    o.sink = [this](const std::string& line) { lines.push_back(line); };
    o.format = format;
    o.level = level;
    return o;
  }
};

TEST(Progress, LinesAreRateLimited) {
  Capture c;
  ProgressReporter p("predict", 1000, "pairs", c.options());
  p.add(10);  // t = 0 s: too early
  c.now += 4.9;
  p.add(10);
  EXPECT_TRUE(c.lines.empty());
  c.now += 0.2;  // 5.1 s
  p.add(10);
  EXPECT_EQ(c.lines.size(), 1u);
  c.now += 1.0;  // 6.1 s: within the next interval
  p.add(10);
  p.add(10);
  EXPECT_EQ(c.lines.size(), 1u);
  c.now += 4.1;  // 10.2 s
  p.add(10);
  EXPECT_EQ(c.lines.size(), 2u);
  EXPECT_EQ(p.done(), 60u);
}

TEST(Progress, TextShowsShareRateAndTimeLeft) {
  Capture c;
  {
    ProgressReporter p("predict", 954548273, "pairs", c.options());
    c.now += 188.1;  // 395M pairs in 188.1 s: 2.1M pairs/s, 559.548273M left: 266.4 s
    p.add(395000000);
    ASSERT_EQ(c.lines.size(), 1u);
    EXPECT_EQ(c.lines[0],
              "[xjslink +288.1s] predict: 41% (395,000,000 of 954,548,273 pairs), 2.1M pairs/s, "
              "about 4 min 26 s left");
    c.now += 200.0;
    p.add(559548273);
  }  // the destructor prints the final line
  ASSERT_EQ(c.lines.size(), 3u);
  EXPECT_EQ(c.lines[2],
            "[xjslink +488.1s] predict: 100% (954,548,273 of 954,548,273 pairs), 2.5M pairs/s, "
            "done in 6 min 28 s");
}

TEST(Progress, NoFinalLineForShortStages) {
  Capture c;
  {
    ProgressReporter p("ingest", 100, "bytes", c.options());
    c.now += 1.0;
    p.add(100);
    p.finish();
  }
  EXPECT_TRUE(c.lines.empty());
}

TEST(Progress, JsonLinesParseWithTheRightNumbers) {
  Capture c;
  ProgressReporter p("predict", 1000, "pairs", c.options(ProgressFormat::kJson));
  c.now += 10.0;
  p.add(250);
  c.now += 10.0;
  p.add(250);
  p.finish();
  ASSERT_EQ(c.lines.size(), 3u);
  const auto j = nlohmann::json::parse(c.lines[0]);
  EXPECT_EQ(j["stage"], "predict");
  EXPECT_EQ(j["unit"], "pairs");
  EXPECT_EQ(j["done"], 250);
  EXPECT_EQ(j["total"], 1000);
  EXPECT_DOUBLE_EQ(j["fraction"].get<double>(), 0.25);
  EXPECT_DOUBLE_EQ(j["rate_per_s"].get<double>(), 25.0);
  EXPECT_DOUBLE_EQ(j["eta_s"].get<double>(), 30.0);
  EXPECT_DOUBLE_EQ(j["elapsed_s"].get<double>(), 10.0);
  EXPECT_FALSE(j["final"].get<bool>());
  const auto last = nlohmann::json::parse(c.lines[2]);
  EXPECT_EQ(last["done"], 1000);
  EXPECT_DOUBLE_EQ(last["fraction"].get<double>(), 1.0);
  EXPECT_DOUBLE_EQ(last["eta_s"].get<double>(), 0.0);
  EXPECT_DOUBLE_EQ(last["elapsed_s"].get<double>(), 20.0);
  EXPECT_TRUE(last["final"].get<bool>());
}

TEST(Progress, UnknownTotalShowsCountAndRate) {
  Capture c;
  ProgressReporter p("cluster", 0, "links", c.options());
  c.now += 5.0;
  p.add(5000);
  ASSERT_EQ(c.lines.size(), 1u);
  EXPECT_EQ(c.lines[0], "[xjslink +105.0s] cluster: 5,000 links, 1.0K links/s");
}

TEST(Progress, SilentWhenQuietOrNotRoot) {
  for (const bool root : {true, false}) {
    for (const LogLevel level : {LogLevel::kQuiet, LogLevel::kInfo}) {
      if (root && level != LogLevel::kQuiet) continue;
      Capture c;
      {
        ProgressReporter p("predict", 100, "pairs", c.options(ProgressFormat::kText, root, level));
        for (int i = 0; i < 10; ++i) {
          c.now += 10.0;
          p.add(10);
        }
        EXPECT_EQ(p.done(), 100u);
      }
      EXPECT_TRUE(c.lines.empty()) << "root " << root;
    }
  }
}

TEST(Progress, ConcurrentAddsSumExactly) {
  Capture c;
  std::atomic<double> now{0.0};
  ProgressOptions o = c.options(ProgressFormat::kJson);
  o.clock = [&now] { return now.load(); };
  std::vector<std::string> lines;
  std::mutex m;
  o.sink = [&](const std::string& line) {
    std::lock_guard<std::mutex> lock(m);
    lines.push_back(line);
  };
  constexpr int kAdds = 200000;
  {
    ProgressReporter p("predict", 3ull * kAdds, "pairs", o);
#pragma omp parallel for num_threads(4) schedule(dynamic, 64)
    for (int i = 0; i < kAdds; ++i) {
      p.add(3);
      if (i % 1000 == 0) now.store(static_cast<double>(i) / 1000.0);  // 0 to 199 s
    }
    EXPECT_EQ(p.done(), 3ull * kAdds);
  }
  // About one line per 5 s of the fake clock, never more; then the final one.
  ASSERT_GE(lines.size(), 2u);
  EXPECT_LE(lines.size(), 200u / 5 + 2);
  std::uint64_t previous = 0;
  for (const auto& line : lines) {
    const auto j = nlohmann::json::parse(line);
    EXPECT_LE(j["done"].get<std::uint64_t>(), 3ull * kAdds);
    previous = std::max(previous, j["done"].get<std::uint64_t>());
  }
  EXPECT_EQ(nlohmann::json::parse(lines.back())["done"], 3 * kAdds);
}

TEST(Progress, FormatNames) {
  EXPECT_EQ(progress_format_from_name("text"), ProgressFormat::kText);
  EXPECT_EQ(progress_format_from_name("json"), ProgressFormat::kJson);
  EXPECT_FALSE(progress_format_from_name("bogus").has_value());
  EXPECT_EQ(detail::duration_text(42.4), "42 s");
  EXPECT_EQ(detail::duration_text(7505), "2 h 5 min");
  // Counts are grouped by report::format_count (tested in ReportSvg).
}

}  // namespace
}  // namespace xjslink
