// File: report/chromium_test.cpp
// The report in a real browser: Debian's headless Chromium renders the page of the hand-made
// run (written by the `xjslink report` command) to a PNG and dumps its DOM after load. The page
// must load without script errors and hold the expected charts. Skipped without chromium.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "eval/run_fixture.hpp"
#include "io/io_test_util.hpp"

namespace xjslink::report {
namespace {

namespace fs = std::filesystem;

int shell(const std::string& command) {
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string chromium_command(const std::string& profile) {
  // A fresh profile and no background traffic: the page must render from the file alone.
  return "timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic "
         "--no-first-run --disable-background-networking --disable-component-update "
         "--disable-sync --user-data-dir=" +
         profile + " ";
}

TEST(ReportChromium, RendersWithoutScriptErrorsAndWithItsCharts) {
  if (shell("command -v chromium > /dev/null 2>&1") != 0) {
    GTEST_SKIP() << "needs Debian's chromium (apt-get install chromium) for the browser test";
  }
  testing::TempDir tmp;
  const testing::FixtureRun f = testing::write_fixture_run(tmp.file("run"));
  testing::write_review_clusters(f.dir, true);  // clusters with the per-cluster columns
  const std::string html = tmp.file("report.html");
  ASSERT_EQ(
      shell(std::string(XJSLINK_BINARY) + " report --quiet --run " + f.dir + " --truth " + f.truth +
            " --persons " + f.persons + " --by region --out " + html + " --min-cell 1"),
      0);
  const std::string url = "file://" + fs::absolute(html).string();

  const std::string png = tmp.file("report.png");
  ASSERT_EQ(shell(chromium_command(tmp.file("profile1")) + "--screenshot=" + png +
                  " --window-size=1280,4000 " + url + " > " + tmp.file("shot.log") + " 2>&1"),
            0)
      << slurp(tmp.file("shot.log"));
  ASSERT_TRUE(fs::exists(png));
  EXPECT_GT(fs::file_size(png), 50000u) << "a blank page compresses to a few kB";
  EXPECT_EQ(slurp(png).substr(1, 3), "PNG");

  const std::string dom = tmp.file("dom.html"), log = tmp.file("dom.log");
  ASSERT_EQ(shell(chromium_command(tmp.file("profile2")) + "--enable-logging=stderr --v=0 " +
                  "--dump-dom " + url + " > " + dom + " 2> " + log),
            0)
      << slurp(log);
  const std::string page = slurp(dom);
  EXPECT_NE(page.find("data-xjslink-ok=\"1\""), std::string::npos) << "the load handler ran";
  // The attribute, not the script's own text that names it.
  EXPECT_EQ(page.find("data-xjslink-errors=\""), std::string::npos)
      << "a script error was recorded";
  EXPECT_EQ(slurp(log).find("Uncaught"), std::string::npos) << "console error in the log";
  for (const char* id :
       {"chart-match-weights", "chart-weight-histogram", "chart-waterfall-1", "chart-cluster-sizes",
        "chart-linkage-rates", "chart-threshold-curve", "chart-precision-recall",
        "chart-subgroup-1-recall", "chart-timings", "chart-reliability", "chart-cluster-density"}) {
    EXPECT_NE(page.find(std::string("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"") + id),
              std::string::npos)
        << id;
  }
  EXPECT_NE(page.find("data-xjslink-charts=\""), std::string::npos);
  EXPECT_NE(page.find("id=\"table-subgroup-1\""), std::string::npos);
  EXPECT_NE(page.find("id=\"table-reliability\""), std::string::npos);
  EXPECT_NE(page.find("id=\"table-review-largest\""), std::string::npos);
  EXPECT_NE(page.find("By region"), std::string::npos);
}

}  // namespace
}  // namespace xjslink::report
