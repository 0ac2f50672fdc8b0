// File: report/report_test.cpp
// The HTML report of the hand-made run (eval/run_fixture.hpp): self-contained, every expected
// chart present, small counts suppressed (and shown when the threshold allows), no record value
// or key unless --show-values, text escaped, and the same bytes on every render.
#include "xjslink/report/report.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>

#include "eval/run_fixture.hpp"
#include "io/io_test_util.hpp"

namespace xjslink::report {
namespace {

ReportOptions fixture_options(const testing::FixtureRun& f, bool truth) {
  ReportOptions o;
  o.evaluation.run_dir = f.dir;
  if (truth) {
    o.evaluation.truth_path = f.truth;
    o.evaluation.by = {"sex", "source_dataset"};
  }
  return o;
}

std::string render(const ReportOptions& o) {
  return render_report(collect_report_data(o), o);
}

// The cells of the table with this id.
std::string table_with_id(const std::string& html, const std::string& id) {
  const std::size_t at = html.find("<table class=\"data\" id=\"" + id + "\"");
  if (at == std::string::npos) return {};
  return html.substr(at, html.find("</table>", at) - at);
}

TEST(ReportHtml, IsSelfContainedWithEveryChart) {
  testing::TempDir tmp;
  const testing::FixtureRun f = testing::write_fixture_run(tmp.file("run"));
  ReportOptions o = fixture_options(f, true);
  o.min_cell = 1;  // the fixture's groups are tiny: draw them all
  const std::string html = render(o);
  // Nothing to fetch: no external scripts, styles, images or fonts.
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find("src="), std::string::npos);
  EXPECT_EQ(html.find("@import"), std::string::npos);
  EXPECT_FALSE(std::regex_search(html, std::regex("url\\((?!#)")));
  const std::string w3 = "http://www.w3.org/2000/svg";
  std::string rest = html;
  for (std::size_t at; (at = rest.find(w3)) != std::string::npos;)
    rest.erase(at, w3.size());
  EXPECT_EQ(rest.find("http"), std::string::npos) << "only the SVG namespace names a URL";
  for (const char* id : {"chart-match-weights", "chart-weight-histogram", "chart-waterfall-1",
                         "chart-cluster-sizes", "chart-linkage-rates", "chart-threshold-curve",
                         "chart-precision-recall", "chart-subgroup-1-recall",
                         "chart-subgroup-1-precision", "chart-timings", "chart-reliability"}) {
    EXPECT_NE(html.find(std::string("id=\"") + id + "\""), std::string::npos) << id;
  }
  for (const char* id :
       {"model-levels", "table-rates", "table-source-pairs", "table-quality",
        "table-cluster-errors", "table-estimates", "table-subgroup-1", "table-run-counts",
        "table-reliability", "table-review-largest", "table-review-counts"}) {
    EXPECT_FALSE(table_with_id(html, id).empty()) << id;
  }
  EXPECT_NE(html.find("<title id=\"chart-match-weights-title\">"), std::string::npos);
  EXPECT_NE(html.find("match weight = log2(m / u), bits"), std::string::npos);
}

TEST(ReportHtml, SuppressesSmallCounts) {
  testing::TempDir tmp;
  const testing::FixtureRun f = testing::write_fixture_run(tmp.file("run"));
  ReportOptions o = fixture_options(f, true);
  const std::string safe = table_with_id(render(o), "table-quality");
  ASSERT_FALSE(safe.empty());
  // 6 predicted pairs, 4 true positives, 2 false, 1 missed: all below 10.
  EXPECT_NE(safe.find("&lt;10"), std::string::npos);
  for (const char* raw : {">6<", ">4<", ">2<", ">1<"}) {
    EXPECT_EQ(safe.find(raw), std::string::npos) << raw;
  }
  o.min_cell = 0;  // no suppression at all
  const std::string open = table_with_id(render(o), "table-quality");
  EXPECT_NE(open.find(">6<"), std::string::npos);
  EXPECT_NE(open.find(">4<"), std::string::npos);
  EXPECT_EQ(open.find("&lt;"), std::string::npos);
}

TEST(ReportHtml, NoRecordValuesUnlessAskedFor) {
  testing::TempDir tmp;
  const testing::FixtureRun f = testing::write_fixture_run(tmp.file("run"));
  ReportOptions o = fixture_options(f, true);
  o.min_cell = 1;
  o.waterfall_pairs = 6;  // every written pair
  const std::string safe = render(o);
  for (const char* value : {"zelphine", "bartolomeu", "dunstan", "1931-07-19", "a-__-a1", "b5<"}) {
    EXPECT_EQ(safe.find(value), std::string::npos) << value;
  }
  o.show_values = true;
  const std::string shown = render(o);
  EXPECT_NE(shown.find("zelphine"), std::string::npos);
  EXPECT_NE(shown.find("1931-07-19"), std::string::npos);
  EXPECT_NE(shown.find("a a1"), std::string::npos);  // the record key in the values table
}

TEST(ReportHtml, EscapesModelTextAndIsDeterministic) {
  testing::TempDir tmp;
  const testing::FixtureRun f = testing::write_fixture_run(tmp.file("run"));
  const ReportOptions o = fixture_options(f, true);
  const std::string html = render(o);
  EXPECT_EQ(html.find("<b>same</b>"), std::string::npos);
  EXPECT_NE(html.find("&lt;b&gt;same&lt;/b&gt; &amp; exact"), std::string::npos);
  EXPECT_EQ(render(o), html);
}

TEST(ReportHtml, WithoutTruthShowsLabelledEstimatesOnly) {
  testing::TempDir tmp;
  const testing::FixtureRun f = testing::write_fixture_run(tmp.file("run"));
  ReportOptions o = fixture_options(f, false);
  o.evaluation.by = {"source_dataset"};
  const std::string html = render(o);
  EXPECT_NE(html.find("model's own <b>estimates</b>"), std::string::npos);
  EXPECT_NE(html.find("id=\"chart-threshold-curve\""), std::string::npos);
  EXPECT_EQ(html.find("id=\"chart-precision-recall\""), std::string::npos);
  EXPECT_EQ(html.find("id=\"table-quality\""), std::string::npos);
  EXPECT_NE(html.find("expected precision (estimate)"), std::string::npos);
}

TEST(ReportHtml, RendersRunsWithoutPairsOrRecords) {
  testing::TempDir tmp;
  const testing::FixtureRun f = testing::write_fixture_run(tmp.file("run"));
  const auto keep_header = [](const std::string& path) {
    std::ifstream in(path);
    std::string header;
    std::getline(in, header);
    in.close();
    testing::write_text(path, header + "\n");
  };
  keep_header(f.dir + "/predictions.csv");
  for (const bool no_records : {false, true}) {
    if (no_records) keep_header(f.dir + "/clusters.csv");
    const std::string html = render(fixture_options(f, true));
    EXPECT_NE(html.find("No scored pairs to sample"), std::string::npos);
    EXPECT_NE(html.find("id=\"chart-weight-histogram\""), std::string::npos);
    // No NaN or infinite coordinates or labels anywhere.
    EXPECT_FALSE(std::regex_search(html, std::regex("\"-?(nan|inf)\"|>-?(nan|inf)<")));
    EXPECT_EQ(html.find("∞"), std::string::npos);
  }
}

// The <svg> element with this id, up to its end.
std::string svg_with_id(const std::string& html, const std::string& id) {
  const std::size_t at = html.find("id=\"" + id + "\"");
  if (at == std::string::npos) return {};
  return html.substr(at, html.find("</svg>", at) - at);
}

TEST(ReportHtml, ReliabilityDiagramWithTruthAndBinsWithout) {
  testing::TempDir tmp;
  const testing::FixtureRun f = testing::write_fixture_run(tmp.file("run"));
  ReportOptions o = fixture_options(f, true);
  o.min_cell = 1;
  const std::string html = render(o);
  const std::string chart = svg_with_id(html, "chart-reliability");
  ASSERT_FALSE(chart.empty());
  EXPECT_NE(chart.find("class=\"diagonal\""), std::string::npos);
  // Three bins hold pairs: three points; the bin of observed precision 100% at the edge.
  std::size_t dots = 0;
  for (std::size_t at = 0; (at = chart.find("<circle", at)) != std::string::npos; ++at)
    ++dots;
  EXPECT_EQ(dots, 3u + 2u);  // the points, and two legend swatches (plain and clamped)
  EXPECT_NE(chart.find("dot clamped"), std::string::npos);
  EXPECT_NE(chart.find(">99%<"), std::string::npos);  // probability ticks on log-odds axes
  const std::string table = table_with_id(html, "table-reliability");
  EXPECT_NE(table.find("90–99%"), std::string::npos);
  EXPECT_NE(table.find("99–99.9%"), std::string::npos);
  EXPECT_EQ(table.find("10–20%"), std::string::npos) << "bins below the output threshold";
  EXPECT_NE(table.find("0.500000"), std::string::npos);  // observed precision of 2 pairs
  EXPECT_NE(html.find("Expected calibration error"), std::string::npos);

  // The default minimum cell: bins of two pairs are neither drawn nor rated.
  const std::string safe = render(fixture_options(f, true));
  EXPECT_NE(safe.find("3 bin(s) with fewer pairs are not drawn"), std::string::npos);
  EXPECT_EQ(svg_with_id(safe, "chart-reliability").find("dot clamped"), std::string::npos);
  EXPECT_EQ(table_with_id(safe, "table-reliability").find("0.500000"), std::string::npos);

  // Without truth: the model's own view of the bins, no diagram.
  const std::string none = render(fixture_options(f, false));
  EXPECT_EQ(none.find("id=\"chart-reliability\""), std::string::npos);
  EXPECT_FALSE(table_with_id(none, "table-reliability").empty());
  EXPECT_NE(none.find("observed precision of the bins cannot be shown"), std::string::npos);
}

TEST(ReportHtml, ShowsTheRunsWarnings) {
  testing::TempDir tmp;
  const testing::FixtureRun f = testing::write_fixture_run(tmp.file("run"));
  EXPECT_EQ(render(fixture_options(f, true)).find("Warning from run.json"), std::string::npos);
  std::ifstream in(f.dir + "/run.json");
  nlohmann::json run = nlohmann::json::parse(in);
  in.close();
  run["warnings"]["train"] = {"deterministic rules found no pairs; lambda set to its floor"};
  testing::write_text(f.dir + "/run.json", run.dump());
  EXPECT_NE(render(fixture_options(f, true))
                .find("<b>Warning from run.json</b>: train: deterministic rules found no pairs; "
                      "lambda set to its floor"),
            std::string::npos);
}

TEST(ReportHtml, ClusterReviewListsAreCountsOnlyAndSuppressed) {
  testing::TempDir tmp;
  const testing::FixtureRun f = testing::write_fixture_run(tmp.file("run"));
  testing::write_review_clusters(f.dir, true);
  ReportOptions o = fixture_options(f, true);
  o.min_cell = 0;
  const std::string open = render(o);
  const std::string largest = table_with_id(open, "table-review-largest");
  ASSERT_FALSE(largest.empty());
  // Y first: 4 records, density 25%, weakest link 3.30 bits, 3 bridges, 3 true persons.
  EXPECT_NE(largest.find("<td class=\"n\">4</td><td class=\"n\">25.0%</td><td "
                         "class=\"n\">3.30</td><td class=\"n\">3</td><td class=\"n\">3</td>"),
            std::string::npos)
      << largest;
  EXPECT_FALSE(table_with_id(open, "table-review-least-dense").empty());
  EXPECT_NE(open.find("id=\"chart-cluster-density\""), std::string::npos);
  EXPECT_EQ(open.find("cid-"), std::string::npos) << "no cluster id";

  const std::string safe = render(fixture_options(f, true));  // min_cell 10
  const std::string safe_largest = table_with_id(safe, "table-review-largest");
  // Rank 1's records: suppressed.
  EXPECT_NE(safe_largest.find("<td class=\"n\">1</td><td class=\"n\">&lt;10</td>"),
            std::string::npos);
  EXPECT_EQ(safe_largest.find("<td class=\"n\">1</td><td class=\"n\">4</td>"), std::string::npos);
  EXPECT_EQ(safe_largest.find("25.0%"), std::string::npos) << "4 record pairs: no rate";
  EXPECT_EQ(safe.find("cid-"), std::string::npos);

  // A clusters file without the columns: density computed, the rest unknown.
  testing::write_review_clusters(f.dir, false);
  const std::string old = render(o);
  EXPECT_NE(old.find("The clusters file has no per-cluster columns"), std::string::npos);
  EXPECT_FALSE(table_with_id(old, "table-review-least-dense").empty());
}

TEST(ReportWaterfall, SampleIsDeterministicAndSpansTheStrata) {
  testing::TempDir tmp;
  const testing::FixtureRun f = testing::write_fixture_run(tmp.file("run"));
  ReportOptions o = fixture_options(f, true);
  o.waterfall_pairs = 3;
  const ReportData a = collect_report_data(o);
  const ReportData b = collect_report_data(o);
  ASSERT_EQ(a.waterfalls.size(), 3u);
  std::set<std::string> strata;
  for (std::size_t i = 0; i < a.waterfalls.size(); ++i) {
    EXPECT_EQ(a.waterfalls[i].row, b.waterfalls[i].row);
    strata.insert(a.waterfalls[i].stratum);
    // The waterfall adds up: prior + sum of Bayes factors = match weight (to CSV rounding).
    double w = a.model.prior_log2_odds();
    for (const double bf : a.waterfalls[i].log2_bf)
      w += bf;
    EXPECT_NEAR(w, a.waterfalls[i].match_weight, 1e-5);
  }
  EXPECT_EQ(strata.size(), 3u);  // a false match, a pair near the threshold, one well above
  EXPECT_EQ(a.waterfalls[0].stratum, "false match");
  EXPECT_FALSE(*a.waterfalls[0].true_match);
  o.seed = 7;
  o.waterfall_pairs = 1;
  EXPECT_EQ(collect_report_data(o).waterfalls.size(), 1u);
}

}  // namespace
}  // namespace xjslink::report
