// File: report/report_page.cpp
// The report page: sections in a fixed order, every text escaped, every count through the
// Disclosure rules, every chart an inline SVG from charts.hpp. The inline script only marks the
// page as loaded and records script errors (for the browser test); the page works without it.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>

#include "xjslink/eval/evaluation_format.hpp"
#include "xjslink/eval/pair_tally.hpp"
#include "xjslink/eval/reliability.hpp"
#include "xjslink/report/charts.hpp"
#include "xjslink/report/disclosure.hpp"
#include "xjslink/report/report.hpp"
#include "xjslink/report/svg.hpp"

namespace xjslink::report {
namespace {

using nlohmann::json;

std::string h(const std::string& s) {
  return escape_xml(s);
}

std::string signed_points(std::optional<double> gap) {
  if (!gap || !std::isfinite(*gap)) return "–";
  const std::string s = format_fixed(*gap * 100, 1);
  return s.rfind("−", 0) == 0 ? s : "+" + s;
}

std::string probability_text(double p) {
  if (p > 0.99995 && p < 1) return "> 0.9999";
  return format_fixed(p, 4);
}

// A bin edge as a percentage with the digits it needs: 90, 99.9, 99.9999.
std::string percent_edge(double p) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.8g", p * 100);
  return buf;
}

// Six decimals, for the calibration bins near 1.
std::string fine_probability_text(double p) {
  if (p > 0.9999995 && p < 1) return "> 0.999999";
  return format_fixed(p, 6);
}

// A difference of probabilities in percentage points, signed, 3 decimals.
std::string signed_fine_points(double gap) {
  const std::string s = format_fixed(gap * 100, 3);
  return gap >= 0 ? "+" + s : s;
}

struct Table {
  std::vector<std::string> head;
  std::vector<bool> numeric;
  std::vector<std::vector<std::string>> rows;  // cells already escaped HTML
  std::vector<std::string> row_class;
  std::string id;
};

std::string table_html(const Table& t) {
  std::string out = "<table class=\"data\"";
  if (!t.id.empty()) out += " id=\"" + h(t.id) + "\"";
  out += "><thead><tr>";
  for (std::size_t c = 0; c < t.head.size(); ++c) {
    const bool n = c < t.numeric.size() && t.numeric[c];
    out += std::string("<th") + (n ? " class=\"n\"" : "") + ">" + h(t.head[c]) + "</th>";
  }
  out += "</tr></thead><tbody>";
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    const std::string cls = r < t.row_class.size() ? t.row_class[r] : std::string();
    out += cls.empty() ? "<tr>" : "<tr class=\"" + h(cls) + "\">";
    for (std::size_t c = 0; c < t.rows[r].size(); ++c) {
      const bool n = c < t.numeric.size() && t.numeric[c];
      out += std::string("<td") + (n ? " class=\"n\"" : "") + ">" + t.rows[r][c] + "</td>";
    }
    out += "</tr>";
  }
  out += "</tbody></table>";
  return out;
}

std::string figure(const std::string& svg, const std::string& caption) {
  return "<figure>" + svg + "<figcaption>" + caption + "</figcaption></figure>";
}

std::string card(const std::string& value, const std::string& key, bool estimate = false) {
  return std::string("<div class=\"card") + (estimate ? " estimate" : "") + "\"><div class=\"v\">" +
         h(value) + "</div><div class=\"k\">" + h(key) + "</div></div>";
}

const char* kStyle = R"CSS(
:root{--fg:#1f2328;--muted:#57606a;--border:#d0d7de;--soft:#f6f8fa;--blue:#3569a8;--orange:#e8590c;--red:#c92a2a}
*{box-sizing:border-box}
body{margin:0;font:14px/1.5 "Segoe UI",Roboto,"Helvetica Neue",Arial,"DejaVu Sans","Liberation Sans",sans-serif;color:var(--fg);background:#fff}
main{max-width:1000px;margin:0 auto;padding:24px 28px 60px}
header.page{border-bottom:3px solid var(--blue);padding-bottom:12px;margin-bottom:16px}
h1{font-size:26px;margin:0 0 4px}
h2{font-size:20px;margin:38px 0 8px;padding-bottom:4px;border-bottom:1px solid var(--border)}
h3{font-size:15px;margin:22px 0 6px}
p{margin:6px 0 10px;max-width:900px}
.meta{color:var(--muted);margin:2px 0}
nav{margin:10px 0 0;font-size:13px}
nav a{margin-right:14px;color:var(--blue);text-decoration:none}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:10px;margin:16px 0}
.card{border:1px solid var(--border);border-radius:6px;padding:10px 12px;background:var(--soft)}
.card .v{font-size:22px;font-weight:600;font-variant-numeric:tabular-nums}
.card .k{color:var(--muted);font-size:12px}
.card.estimate{border-style:dashed;background:#fffdf4}
table.data{border-collapse:collapse;width:100%;margin:8px 0 14px;font-size:13px}
table.data th,table.data td{border-bottom:1px solid var(--border);padding:4px 8px;text-align:left;vertical-align:top}
table.data th{background:var(--soft);font-weight:600}
table.data td.n,table.data th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.flagged td{background:#fff0f0}
tr.group td{background:#fbfbfc;font-weight:600}
.flag{color:var(--red);font-weight:700}
.ci{color:var(--muted);font-size:11.5px}
figure{margin:12px 0 22px}
figcaption{color:var(--muted);font-size:12.5px;margin-top:4px;max-width:900px}
svg.chart{max-width:100%;height:auto;display:block}
svg text{font-family:inherit}
.tick{font-size:11px;fill:#57606a}
.axis{stroke:#8c959f;stroke-width:1}
.grid{stroke:#eaeef2;stroke-width:1}
.axis-label{font-size:12px;fill:#1f2328;font-weight:600}
.legend{font-size:12px;fill:#1f2328}
.row-label{font-size:12px;fill:#1f2328}
.group-label{font-size:12.5px;font-weight:700;fill:#1f2328}
.group-rule{stroke:#d0d7de;stroke-width:1}
.value-label{font-size:11px;fill:#1f2328}
.muted{fill:#8c959f}
.strong{font-weight:700}
.zero{stroke:#1f2328;stroke-width:1}
.bar-pos{fill:#3569a8}
.bar-neg{fill:#d6336c}
.bar-prior{fill:#868e96}
.bar-total{fill:#1f2328}
.bar-time{fill:#5c7cfa}
.bar-main{fill:#3569a8}
.bar-highlight{fill:#e8590c}
.suppressed{stroke:#495057;stroke-width:.6}
.hatch-bg{fill:#dee2e6}
.hatch-line{stroke:#495057;stroke-width:2}
.hatch-bg-hl{fill:#ffd8a8}
.hatch-line-hl{stroke:#e8590c;stroke-width:2}
.marker{stroke:#1f2328;stroke-width:1.2;stroke-dasharray:5 3}
.marker-label{font-size:11px;fill:#1f2328}
.connector{stroke:#868e96;stroke-width:1;stroke-dasharray:2 2}
.series-0{fill:#3569a8;stroke:#3569a8}
.series-1{fill:#e8590c;stroke:#e8590c}
.series-2{fill:#2b8a3e;stroke:#2b8a3e}
.series-3{fill:#7048e8;stroke:#7048e8}
.line{fill:none;stroke-width:2.2}
.dashed{stroke-dasharray:6 4}
.dot{fill:#3569a8}
.dot.flagged{fill:#c92a2a}
.whisker{stroke:#3569a8;stroke-width:1.6}
.whisker.flagged{stroke:#c92a2a}
.overall{stroke:#1f2328;stroke-width:1.5}
.diagonal{stroke:#868e96;stroke-width:1.4;stroke-dasharray:6 4}
.dot.clamped{fill:#fff;stroke:#3569a8;stroke-width:1.6}
.flag-line{stroke:#c92a2a;stroke-width:1.2;stroke-dasharray:5 3}
.flagged-text{fill:#c92a2a;font-weight:700}
.note{background:var(--soft);border-left:4px solid var(--blue);padding:8px 12px;margin:10px 0;max-width:900px}
.estimate-note{background:#fff9db;border-left:4px solid #f59f00;padding:8px 12px;margin:10px 0;max-width:900px}
.mu{display:inline-block;height:8px;background:#3569a8;vertical-align:middle;margin-right:6px;min-width:1px}
.mu.u{background:#e8590c}
.pair-head{font-weight:600;margin:18px 0 2px}
.tag{display:inline-block;font-size:11px;padding:0 6px;border-radius:8px;background:#e7f0fa;color:#1f4f82;margin-left:6px}
.tag.false{background:#ffe3e3;color:#a61e1e}
code{font-size:12.5px;background:var(--soft);padding:0 4px;border-radius:3px}
footer{margin-top:40px;color:var(--muted);font-size:12px;border-top:1px solid var(--border);padding-top:10px}
@media print{nav{display:none}h2{break-before:auto}figure{break-inside:avoid}}
)CSS";

// Records load success and any script error on <html>, for the browser test.
const char* kScript = R"JS(
(function () {
  var errors = [];
  window.addEventListener('error', function (e) {
    errors.push(String(e.message));
    document.documentElement.setAttribute('data-xjslink-errors', errors.join(' | '));
  });
  document.addEventListener('DOMContentLoaded', function () {
    var charts = document.querySelectorAll('svg.chart').length;
    document.documentElement.setAttribute('data-xjslink-charts', String(charts));
    document.documentElement.setAttribute('data-xjslink-ok', '1');
  });
})();
)JS";

class Page {
 public:
  Page(const ReportData& d, const ReportOptions& o)
      : d_(d), e_(d.evaluation), o_(o), dc_(o.min_cell) {}

  std::string render() {
    std::string body;
    body += header();
    body += summary();
    body += model_section();
    body += weights_section();
    body += waterfall_section();
    body += clusters_section();
    body += rates_section();
    body += quality_section();
    body += calibration_section();
    body += subgroup_section();
    body += run_section();
    body += notes();
    std::string title = o_.title;
    if (title.empty()) {
      title = "Linkage report: " + std::filesystem::path(e_.run_dir).filename().string();
    }
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
           "<meta name=\"generator\" content=\"xjslink " XJSLINK_VERSION
           "\">"
           "<title>" +
           h(title) + "</title><script>" + kScript + "</script><style>" + kStyle +
           "</style></head>\n<body><main>" + body + "</main></body></html>\n";
  }

 private:
  std::string count(std::uint64_t n) const { return h(dc_.count(n)); }

  std::string header() {
    std::string title = o_.title;
    if (title.empty()) {
      title = "Linkage report: " + std::filesystem::path(e_.run_dir).filename().string();
    }
    std::string out = "<header class=\"page\"><h1>" + h(title) + "</h1>";
    out += "<p class=\"meta\">" + h(link_type_name(e_.link_type)) + " · " + count(e_.records) +
           " records in " + std::to_string(e_.linkage.source_names.size()) +
           " source dataset(s) · output "
           "threshold p ≥ " +
           h(format_fixed(e_.output_threshold, 4)) + " · cluster threshold p ≥ " +
           h(format_fixed(e_.cluster_threshold, 4)) + "</p>";
    out += "<p class=\"meta\">Ground truth: " +
           (e_.has_truth ? h(e_.truth.kind + " " + e_.truth.description)
                         : std::string("none (quality is shown as the model's own estimates)")) +
           " · disclosure control: counts below " + h(format_count(dc_.min_cell())) +
           " shown as “&lt;" + h(format_count(dc_.min_cell())) + "” · record values: " +
           (o_.show_values ? "<strong>shown (--show-values)</strong>" : "not shown") + "</p>";
    out +=
        "<nav><a href=\"#model\">Model</a><a href=\"#weights\">Match weights</a>"
        "<a href=\"#waterfalls\">Waterfalls</a><a href=\"#clusters\">Clusters</a>"
        "<a href=\"#rates\">Linkage rates</a><a href=\"#quality\">Quality</a>"
        "<a href=\"#calibration\">Calibration</a>";
    if (!e_.subgroups.empty()) out += "<a href=\"#subgroups\">Subgroups</a>";
    out += "<a href=\"#run\">Run</a><a href=\"#notes\">Notes</a></nav></header>";
    return out;
  }

  std::string summary() {
    std::string out = "<section id=\"summary\">";
    for (const std::string& w : e_.run_warnings)
      out += "<p class=\"estimate-note\"><b>Warning from run.json</b>: " + h(w) + "</p>";
    out += "<div class=\"cards\">";
    out += card(dc_.count(e_.records), "records");
    out += card(std::to_string(e_.linkage.source_names.size()), "source datasets");
    out += card(dc_.count(e_.pairs_written), "scored pairs written");
    out += card(dc_.count(e_.estimates.pairs),
                "predicted matches (p ≥ " + format_fixed(e_.threshold, 2) + ")");
    out += card(dc_.count(e_.linkage.clusters), "clusters");
    out += card(dc_.count(e_.linkage.largest_cluster), "records in the largest cluster");
    if (e_.has_truth) {
      out += card(dc_.rate(e_.pairwise.precision(), e_.pairwise.predicted), "pairwise precision");
      out += card(dc_.rate(e_.pairwise.recall(), e_.pairwise.true_pairs), "pairwise recall");
      out += card(dc_.rate(e_.pairwise.f1(), e_.pairwise.predicted + e_.pairwise.true_pairs),
                  "pairwise F1");
      out += card(dc_.rate(e_.clusters.b_cubed_precision, e_.clusters.records),
                  "cluster B-cubed precision");
      out +=
          card(dc_.rate(e_.clusters.b_cubed_recall, e_.clusters.records), "cluster B-cubed recall");
    } else {
      out += card(dc_.rate(e_.estimates.expected_precision, e_.estimates.pairs),
                  "expected precision (model estimate)", true);
      out += card(dc_.rate(e_.estimates.expected_recall_written, e_.estimates.pairs),
                  "expected recall among written pairs (model estimate)", true);
    }
    out += "</div></section>";
    return out;
  }

  std::string model_section() {
    std::string out = "<section id=\"model\"><h2>Model: comparison levels</h2>";
    out +=
        "<p>For each comparison level, <b>m</b> is the probability of the level among true "
        "matches and <b>u</b> among non-matches; the level's <b>match weight</b> is "
        "log<sub>2</sub>(m/u) bits, added to the prior for every pair at that level (exact "
        "levels with term-frequency adjustment use the value's frequency instead of u). Null "
        "levels carry no evidence. Prior match weight log<sub>2</sub>(λ/(1−λ)) = " +
        h(format_fixed(d_.model.prior_log2_odds(), 2)) +
        " bits (λ = " + h(format_fixed(d_.model.lambda, 6)) + ").</p>";
    std::vector<BarRow> bars;
    bars.push_back({"prior",
                    "log2(λ / (1 − λ))",
                    d_.model.prior_log2_odds(),
                    {},
                    "prior match weight",
                    "bar-prior"});
    Table t;
    t.id = "model-levels";
    t.head = {"comparison", "level", "m", "u", "match weight (bits)", "TF adjusted"};
    t.numeric = {false, false, true, true, true, false};
    for (std::size_t c = 0; c < d_.model.comparisons.size(); ++c) {
      const ComparisonParameters& cp = d_.model.comparisons[c];
      for (std::size_t l = 0; l < cp.levels.size(); ++l) {
        const LevelParameters& lp = cp.levels[l];
        const std::string label = lp.label.empty() ? level_type_name(lp.type) : lp.label;
        // A multi-column comparison names its columns: its levels are joint conditions.
        std::string title = cp.name;
        if (cp.columns.size() > 1) {
          title += " (";
          for (std::size_t k = 0; k < cp.columns.size(); ++k)
            title += (k == 0 ? "" : " + ") + cp.columns[k];
          title += ")";
        }
        if (lp.is_null()) {
          t.rows.push_back({h(title), h(label), "–", "–", "0 (no evidence)", ""});
          continue;
        }
        const double w = d_.model.log2_bayes_factor(c, l);
        const auto bar_cell = [](double p, const char* cls) {
          const double width = std::clamp(p, 0.0, 1.0) * 60;
          return "<span class=\"mu " + std::string(cls) +
                 "\" style=\"width:" + format_fixed(width, 1) + "px\"></span>" +
                 h(format_fixed(p, 4));
        };
        t.rows.push_back({h(title), h(label), bar_cell(lp.m, ""), bar_cell(lp.u, "u"),
                          h(format_fixed(w, 2)), lp.tf_adjust ? "yes" : ""});
        bars.push_back({cp.name,
                        label,
                        w,
                        {},
                        cp.name + ": " + label + " — m " + format_fixed(lp.m, 4) + ", u " +
                            format_fixed(lp.u, 4) + ", weight " + format_fixed(w, 2) + " bits",
                        {}});
      }
    }
    ChartFrame f;
    f.id = "chart-match-weights";
    f.title = "Match weight of every comparison level";
    f.x_label = "match weight = log2(m / u), bits";
    out += figure(bar_chart(f, bars),
                  "Match weight of each comparison level (positive: evidence for a match, "
                  "negative: against). The grey bar is the prior that every pair starts from.");
    out += table_html(t);
    out += "</section>";
    return out;
  }

  std::string weights_section() {
    std::string out = "<section id=\"weights\"><h2>Match weights of the scored pairs</h2>";
    // Fine bins (1/kBinsPerBit bit) merged into bins of `width` bits.
    int width = 1;
    const double span = static_cast<double>(e_.bins.size()) / eval::kBinsPerBit;
    while (span / width > 80)
      width *= 2;
    std::map<std::int64_t, HistogramBin> merged;
    for (std::size_t i = 0; i < e_.bins.size(); ++i) {
      const eval::WeightBin& b = e_.bins[i];
      if (b.pairs == 0) continue;
      const std::int64_t fine = e_.first_bin + static_cast<std::int64_t>(i);
      const auto k = static_cast<std::int64_t>(
          std::floor(static_cast<double>(fine) / (eval::kBinsPerBit * width)));
      HistogramBin& m = merged[k];
      m.x0 = static_cast<double>(k * width);
      m.x1 = m.x0 + width;
      m.count += b.pairs;
      if (e_.has_truth)
        m.highlighted = m.highlighted.value_or(0) + (b.labelled_pairs - b.true_positives);
    }
    std::vector<HistogramBin> bins;
    for (const auto& [k, b] : merged)
      bins.push_back(b);
    std::vector<Marker> markers;
    const double w_out = eval::weight_of_probability(e_.output_threshold);
    if (std::isfinite(w_out)) {
      markers.push_back({w_out, "output threshold p ≥ " + format_fixed(e_.output_threshold, 3)});
    }
    if (e_.threshold != e_.output_threshold) {
      markers.push_back({eval::weight_of_probability(e_.threshold),
                         "evaluation threshold p ≥ " + format_fixed(e_.threshold, 3)});
    }
    const double w_cl = eval::weight_of_probability(e_.cluster_threshold);
    if (std::isfinite(w_cl)) {
      markers.push_back({w_cl, "cluster threshold p ≥ " + format_fixed(e_.cluster_threshold, 3)});
    }
    ChartFrame f;
    f.id = "chart-weight-histogram";
    f.title = "Distribution of match weights of the scored pairs";
    f.x_label =
        "match weight (bits), bins of " + std::to_string(width) + " bit" + (width > 1 ? "s" : "");
    f.y_label = "pairs";
    HistogramLegend legend{"scored pairs", e_.has_truth ? "false matches (truth)" : "", "pairs"};
    std::string scored = "";
    if (d_.run.contains("counts") && d_.run["counts"].contains("scored_pairs")) {
      scored = " In all " + dc_.count(d_.run["counts"]["scored_pairs"].get<std::uint64_t>()) +
               " blocked pairs were scored.";
    }
    out += figure(histogram_chart(f, bins, markers, legend, dc_),
                  "Only pairs at or above the output threshold were written (" +
                      h(dc_.count(e_.pairs_written)) +
                      " pairs), so the distribution starts "
                      "there." +
                      h(scored) +
                      (e_.has_truth ? " Orange: the pairs of each bin that the truth says are "
                                      "different people."
                                    : ""));
    out += "</section>";
    return out;
  }

  std::string waterfall_section() {
    std::string out =
        "<section id=\"waterfalls\"><h2>Waterfalls: how each comparison moved the "
        "match weight</h2>";
    out += "<p>A deterministic sample of " + std::to_string(d_.waterfalls.size()) +
           " scored pairs (seed " + std::to_string(o_.seed) +
           "), drawn from each of these groups: " +
           (e_.has_truth ? std::string("false matches, ") : std::string()) +
           "pairs within 4 bits above the threshold, and pairs well above it. Each bar is one "
           "comparison's log<sub>2</sub> Bayes factor (including any term-frequency adjustment) "
           "for the level the pair reached; they add up, from the prior, to the pair's match "
           "weight.";
    out += o_.show_values ? " Record keys and compared values are shown (--show-values)."
                          : " Only levels and weights are shown: no record values.";
    out += "</p>";
    if (d_.waterfalls.empty()) out += "<p class=\"note\">No scored pairs to sample.</p>";
    // One label column for all waterfalls, so that their axes line up.
    double label_width = 140;
    for (const auto& cp : d_.model.comparisons) {
      for (const auto& lp : cp.levels) {
        const std::string label =
            cp.name + ": " + (lp.label.empty() ? std::string(level_type_name(lp.type)) : lp.label);
        label_width = std::max(label_width, 6.6 * static_cast<double>(label.size()) + 24);
      }
    }
    label_width = std::min(label_width, 880 * 0.45);
    for (std::size_t i = 0; i < d_.waterfalls.size(); ++i) {
      const SampledPair& p = d_.waterfalls[i];
      std::string head = "Pair " + std::to_string(i + 1) + " · " + p.stratum + " · row " +
                         std::to_string(p.row + 1) + " of the predictions";
      out += "<div class=\"pair-head\">" + h(head);
      if (p.true_match) {
        out += *p.true_match ? "<span class=\"tag\">true match</span>"
                             : "<span class=\"tag false\">false match</span>";
      }
      out += "</div>";
      std::vector<WaterfallStep> steps;
      steps.push_back({"prior", d_.model.prior_log2_odds(), "prior match weight"});
      for (std::size_t c = 0; c < d_.model.comparisons.size() && c < p.gamma.size(); ++c) {
        const ComparisonParameters& cp = d_.model.comparisons[c];
        const auto level = level_of_gamma(cp, p.gamma[c]);
        std::string label = cp.name + ": ";
        if (level) {
          const LevelParameters& lp = cp.levels[*level];
          label += lp.label.empty() ? level_type_name(lp.type) : lp.label;
        } else {
          label += "level " + std::to_string(p.gamma[c]);
        }
        steps.push_back({label, p.log2_bf[c],
                         label + ": " + format_fixed(p.log2_bf[c], 2) + " bits (gamma " +
                             std::to_string(p.gamma[c]) + ")"});
      }
      ChartFrame f;
      f.id = "chart-waterfall-" + std::to_string(i + 1);
      f.label_width = label_width;
      f.title = "Waterfall of sampled pair " + std::to_string(i + 1);
      f.x_label = "cumulative match weight (bits)";
      std::string caption = "Final match weight " + format_fixed(p.match_weight, 2) +
                            " bits, match probability " + probability_text(p.match_probability) +
                            ".";
      out += figure(waterfall_chart(f, steps, p.match_probability), h(caption));
      if (o_.show_values && i < d_.values.size()) {
        Table t;
        t.head = {"comparison", p.source_l + " " + p.unique_id_l, p.source_r + " " + p.unique_id_r};
        for (std::size_t c = 0; c < d_.model.comparisons.size() && c < d_.values[i].size(); ++c) {
          t.rows.push_back({h(d_.model.comparisons[c].name), h(d_.values[i][c].first),
                            h(d_.values[i][c].second)});
        }
        out += table_html(t);
      }
    }
    out += "</section>";
    return out;
  }

  std::string clusters_section() {
    const eval::LinkageSummary& l = e_.linkage;
    std::string out = "<section id=\"clusters\"><h2>Clusters: size distribution</h2>";
    out += "<p>Records joined by pairs with match probability ≥ " +
           h(format_fixed(e_.cluster_threshold, 4)) + " form a cluster (one presumed person). " +
           count(l.clusters) + " clusters; " + count(l.singleton_clusters) +
           " of them hold a single record; the largest holds " + count(l.largest_cluster) +
           " records.</p>";
    // Sizes 1..20 one by one, larger sizes in ranges.
    struct Range {
      std::uint64_t lo, hi;
      std::string label;
    };
    std::vector<Range> ranges;
    for (std::uint64_t s = 1; s <= 20; ++s)
      ranges.push_back({s, s, std::to_string(s)});
    ranges.push_back({21, 50, "21–50"});
    ranges.push_back({51, 100, "51–100"});
    ranges.push_back({101, 1000, "101–1000"});
    ranges.push_back({1001, UINT64_MAX, ">1000"});
    std::vector<CountColumn> cols;
    std::uint64_t last_used = 0;
    for (std::size_t i = 0; i < ranges.size(); ++i) {
      CountColumn c{ranges[i].label, 0};
      for (const auto& [size, n] : l.cluster_sizes) {
        if (size >= ranges[i].lo && size <= ranges[i].hi) c.count += n;
      }
      if (c.count > 0) last_used = i;
      cols.push_back(c);
    }
    cols.resize(std::max<std::size_t>(2, last_used + 1));
    ChartFrame f;
    f.id = "chart-cluster-sizes";
    f.title = "Number of clusters by cluster size";
    f.x_label = "cluster size (records)";
    f.y_label = "clusters";
    f.height = 300;
    out += figure(column_chart(f, cols, dc_),
                  "Clusters by number of records; each column is annotated with its count. "
                  "Large clusters deserve a look: a false match can chain many people together.");
    out += cluster_review_html();
    out += "</section>";
    return out;
  }

  // One row of a review list; every count through the disclosure rules.
  std::vector<std::string> review_row(std::size_t rank, const eval::ClusterReviewRow& r) const {
    std::vector<std::string> row = {std::to_string(rank), count(r.size),
                                    h(dc_.rate(r.density, r.record_pairs, 1)),
                                    r.weakest_link ? h(format_fixed(*r.weakest_link, 2)) : "–",
                                    r.bridges ? count(*r.bridges) : "–"};
    if (e_.cluster_review.has_truth) row.push_back(r.persons ? count(*r.persons) : "–");
    return row;
  }

  std::string cluster_review_html() {
    const eval::ClusterReview& r = e_.cluster_review;
    if (r.clusters == 0) return {};
    std::string out = "<h3>Clusters for review</h3>";
    out += "<p>The largest clusters, and the least dense among those with at least " +
           std::to_string(eval::kReviewMinClusterSize) +
           " records: counts only, no cluster id or record. <b>Density</b> is the share of a "
           "cluster's record pairs that are links (1 = every pair linked; a chain of n records "
           "has 2/n); a low density means records held together by few links. The <b>weakest "
           "link</b> is the match weight (bits) of the weakest edge of the cluster's maximum "
           "spanning tree, and a <b>bridge</b> is a link whose removal would split the "
           "cluster. " +
           std::string(r.density_source == "clusters file"
                           ? "Density, weakest link and bridges come from the clusters file."
                           : "The clusters file has no per-cluster columns (a run made before "
                             "they were written): density is computed from the written pairs "
                             "at or above the cluster threshold within each cluster; weakest "
                             "link and bridges are not known.") +
           (r.has_truth ? " With the truth, <b>persons</b> is the number of true persons "
                          "among the cluster's records (more than one: over-merged)."
                        : std::string()) +
           "</p>";
    std::vector<std::string> head = {"#", "records", "density", "weakest link (bits)", "bridges"};
    std::vector<bool> numeric = {true, true, true, true, true};
    if (r.has_truth) {
      head.emplace_back("true persons");
      numeric.push_back(true);
    }
    Table largest;
    largest.id = "table-review-largest";
    largest.head = head;
    largest.numeric = numeric;
    for (std::size_t i = 0; i < r.largest.size(); ++i)
      largest.rows.push_back(review_row(i + 1, r.largest[i]));
    out += "<p class=\"meta\">Largest clusters</p>" + table_html(largest);
    if (!r.least_dense.empty()) {
      Table sparse;
      sparse.id = "table-review-least-dense";
      sparse.head = head;
      sparse.numeric = numeric;
      for (std::size_t i = 0; i < r.least_dense.size(); ++i)
        sparse.rows.push_back(review_row(i + 1, r.least_dense[i]));
      out += "<p class=\"meta\">Least dense clusters (at least " +
             std::to_string(eval::kReviewMinClusterSize) + " records)</p>" + table_html(sparse);
    }
    if (r.reviewable_clusters > 0) {
      std::vector<CountColumn> cols;
      for (std::size_t k = 0; k < eval::kDensityHistogramBins; ++k) {
        cols.push_back({format_fixed(static_cast<double>(k) / 10, 1) + "–" +
                            format_fixed(static_cast<double>(k + 1) / 10, 1),
                        r.density_histogram[k]});
      }
      ChartFrame f;
      f.id = "chart-cluster-density";
      f.title = "Number of clusters by density";
      f.x_label = "cluster density (share of its record pairs that are links)";
      f.y_label = "clusters";
      f.height = 280;
      out += figure(column_chart(f, cols, dc_),
                    "Clusters with at least " + std::to_string(eval::kReviewMinClusterSize) +
                        " records (" + count(r.reviewable_clusters) +
                        ") by density; the last column includes density 1.");
    }
    Table facts;
    facts.id = "table-review-counts";
    facts.head = {"clusters", "count"};
    facts.numeric = {false, true};
    facts.rows.push_back(
        {"with at least " + std::to_string(eval::kReviewMinClusterSize) + " records",
         count(r.reviewable_clusters)});
    if (r.has_bridges)
      facts.rows.push_back({"with at least one bridge", count(r.clusters_with_bridges)});
    if (r.has_truth) {
      facts.rows.push_back({"holding more than one true person", count(r.over_merged_clusters)});
    }
    out += table_html(facts);
    return out;
  }

  std::string rates_section() {
    const eval::LinkageSummary& l = e_.linkage;
    const std::size_t ns = l.source_names.size();
    std::string out = "<section id=\"rates\"><h2>Linkage rates by source dataset</h2>";
    Table t;
    t.id = "table-rates";
    t.head = {"source dataset",
              "records",
              "linked to another record",
              "%",
              "linked to another source dataset",
              "%"};
    t.numeric = {false, true, true, true, true, true};
    std::vector<RateRow> rows;
    for (std::size_t s = 0; s < ns; ++s) {
      const std::uint64_t n = l.records_per_source[s];
      t.rows.push_back({h(l.source_names[s]), count(n), count(l.linked_per_source[s]),
                        h(dc_.rate(l.linked_per_source[s], n)),
                        count(l.linked_across_per_source[s]),
                        h(dc_.rate(l.linked_across_per_source[s], n))});
      RateRow r;
      r.label = l.source_names[s];
      const bool show = n > 0 && !dc_.suppressed(n);
      const auto rate = [&](std::uint64_t k) -> std::optional<double> {
        if (!show || dc_.suppressed(k)) return std::nullopt;
        return static_cast<double>(k) / static_cast<double>(n);
      };
      r.rates = {rate(l.linked_per_source[s])};
      r.tooltips = {l.source_names[s] + ": " + dc_.count(l.linked_per_source[s]) + " of " +
                    dc_.count(n) + " records linked"};
      if (ns > 1) {
        r.rates.push_back(rate(l.linked_across_per_source[s]));
        r.tooltips.push_back(l.source_names[s] + ": " + dc_.count(l.linked_across_per_source[s]) +
                             " of " + dc_.count(n) + " linked to another source dataset");
      }
      rows.push_back(r);
    }
    ChartFrame f;
    f.id = "chart-linkage-rates";
    f.title = "Share of each source dataset's records that are linked";
    f.x_label = "records linked (% of the source dataset's records)";
    std::vector<std::string> series = {"in a cluster with another record"};
    if (ns > 1) series.push_back("in a cluster with a record of another source dataset");
    out += figure(rate_chart(f, series, rows),
                  "A record is linked when its cluster holds at least one other record. Rates "
                  "whose count is below the minimum cell size are not shown.");
    out += table_html(t);

    out += "<h3>By pair of source datasets</h3>";
    Table p;
    p.id = "table-source-pairs";
    p.head = {"dataset A",
              "dataset B",
              "predicted pairs (p ≥ " + format_fixed(e_.threshold, 2) + ")",
              "records of A linked to B",
              "% of A",
              "records of B linked to A",
              "% of B"};
    p.numeric = {false, false, true, true, true, true, true};
    for (std::size_t s = 0; s < ns; ++s) {
      for (std::size_t u = s; u < ns; ++u) {
        if (s == u && e_.link_type == LinkType::kLinkOnly) continue;
        const std::uint64_t pairs =
            l.pairs_by_source_pair.empty() ? 0 : l.pairs_by_source_pair[s * ns + u];
        const std::uint64_t ab = l.linked_to[s * ns + u], ba = l.linked_to[u * ns + s];
        p.rows.push_back({h(l.source_names[s]), h(l.source_names[u]), count(pairs), count(ab),
                          h(dc_.rate(ab, l.records_per_source[s])), count(ba),
                          h(dc_.rate(ba, l.records_per_source[u]))});
      }
    }
    out += table_html(p);
    out +=
        "<p class=\"meta\">For a dataset with itself, “linked” means in a cluster with "
        "another record of the same dataset (a duplicate).</p></section>";
    return out;
  }

  std::string quality_section() {
    std::string out = "<section id=\"quality\"><h2>Quality</h2>";
    const std::vector<eval::CurvePoint>& curve = e_.curve;
    const double written = e_.estimates.expected_matches_written;
    if (e_.has_truth) {
      const eval::PairCounts& c = e_.pairwise;
      const eval::ClusterMetrics& m = e_.clusters;
      out +=
          "<p>Measured against the ground truth (" + h(e_.truth.kind) + " " +
          h(e_.truth.description) + "): " + count(e_.truth.labelled_records) +
          " records labelled, " + count(e_.truth.persons) + " persons" +
          (e_.truth.unlabelled_records > 0
               ? ", " + count(e_.truth.unlabelled_records) + " records without a label left out"
               : std::string()) +
          ". A pair is a true match when both records belong to the same person" +
          (e_.link_type == LinkType::kLinkOnly ? " and come from different source datasets" : "") +
          ".</p>";
      Table t;
      t.id = "table-quality";
      t.head = {"measure",        "true pairs",    "predicted",
                "true positives", "false matches", "missed matches",
                "precision",      "recall",        "F1"};
      t.numeric = {false, true, true, true, true, true, true, true, true};
      t.rows.push_back({"pairs at p ≥ " + h(format_fixed(e_.threshold, 3)), count(c.true_pairs),
                        count(c.predicted), count(c.true_positives), count(c.false_positives()),
                        count(c.false_negatives()), h(dc_.rate(c.precision(), c.predicted, 2)),
                        h(dc_.rate(c.recall(), c.true_pairs, 2)),
                        h(dc_.rate(c.f1(), c.predicted + c.true_pairs, 2))});
      const eval::PairCounts& k = m.pairs;
      t.rows.push_back(
          {"pairs in a common cluster (p ≥ " + h(format_fixed(e_.cluster_threshold, 3)) + ")",
           count(k.true_pairs), count(k.predicted), count(k.true_positives),
           count(k.false_positives()), count(k.false_negatives()),
           h(dc_.rate(k.precision(), k.predicted, 2)), h(dc_.rate(k.recall(), k.true_pairs, 2)),
           h(dc_.rate(k.f1(), k.predicted + k.true_pairs, 2))});
      t.rows.push_back({"B-cubed (records)", "", count(m.records), "", "", "",
                        h(dc_.rate(m.b_cubed_precision, m.records, 2)),
                        h(dc_.rate(m.b_cubed_recall, m.records, 2)),
                        h(dc_.rate(m.b_cubed_f1, m.records, 2))});
      out += table_html(t);
      Table cl;
      cl.id = "table-cluster-errors";
      cl.head = {"cluster errors", "count", "persons", "records"};
      cl.numeric = {false, true, true, true};
      cl.rows.push_back({"over-merged clusters (more than one person)",
                         count(m.over_merged_clusters), count(m.over_merged_persons),
                         count(m.over_merged_records)});
      cl.rows.push_back({"split persons (records in more than one cluster)", count(m.split_persons),
                         count(m.split_persons), ""});
      cl.rows.push_back(
          {"extra clusters created by splits", count(m.split_extra_clusters), "", ""});
      out += table_html(cl);

      // Curves.
      std::vector<LineSeries> series(4);
      series[0] = {"precision", "series-0", {}, false, false};
      series[1] = {"recall", "series-1", {}, false, false};
      series[2] = {"F1", "series-2", {}, false, false};
      series[3] = {"expected precision (model estimate)", "series-0", {}, true, false};
      LineSeries pr{"precision against recall", "series-0", {}, false, curve.size() <= 30};
      double min_precision = 1;
      for (const eval::CurvePoint& p : curve) {
        if (dc_.suppressed(p.counts.predicted)) continue;  // rates on too few pairs
        const auto pp = p.counts.precision(), rr = p.counts.recall(), ff = p.counts.f1();
        if (pp) series[0].points.emplace_back(p.match_weight, *pp);
        if (rr) series[1].points.emplace_back(p.match_weight, *rr);
        if (ff) series[2].points.emplace_back(p.match_weight, *ff);
        if (p.pairs > 0) {
          series[3].points.emplace_back(p.match_weight,
                                        p.expected_true_positives / static_cast<double>(p.pairs));
        }
        if (pp && rr) {
          pr.points.emplace_back(*rr, *pp);
          min_precision = std::min(min_precision, *pp);
        }
      }
      out += threshold_chart(series, "chart-threshold-curve",
                             "Precision, recall and F1 by match-weight threshold");
      LineDomain d;
      d.x0 = 0;
      d.x1 = 1;
      d.y0 = std::max(0.0, std::floor((min_precision - 0.02) * 10) / 10);
      d.y1 = 1;
      d.percent_x = d.percent_y = true;
      std::vector<LineSeries> pr_series = {pr};
      if (c.precision() && c.recall() && !dc_.suppressed(c.predicted)) {
        pr_series.push_back({"at the evaluation threshold",
                             "series-1",
                             {{*c.recall(), *c.precision()}},
                             false,
                             true});
      }
      ChartFrame f;
      f.id = "chart-precision-recall";
      f.title = "Precision against recall";
      f.x_label = "recall (share of the true pairs found)";
      f.y_label = "precision";
      f.height = 360;
      out += figure(line_chart(f, pr_series, d, {}),
                    "The precision–recall curve: one point per threshold of the curve above. "
                    "Pairs below the output threshold were not written, so recall cannot be "
                    "followed below it (the curve ends at the output threshold's recall).");
    } else {
      out +=
          "<p class=\"estimate-note\">No ground truth was given: the figures below are the "
          "model's own <b>estimates</b>, not measurements. They assume the match "
          "probabilities are calibrated, and they see only the written pairs.</p>";
      std::vector<LineSeries> series(2);
      series[0] = {"expected precision (estimate)", "series-0", {}, true, false};
      series[1] = {"expected recall among written pairs (estimate)", "series-1", {}, true, false};
      for (const eval::CurvePoint& p : curve) {
        if (dc_.suppressed(p.pairs)) continue;
        series[0].points.emplace_back(p.match_weight,
                                      p.expected_true_positives / static_cast<double>(p.pairs));
        if (written > 0)
          series[1].points.emplace_back(p.match_weight, p.expected_true_positives / written);
      }
      out += threshold_chart(series, "chart-threshold-curve",
                             "Estimated precision and recall by match-weight threshold");
    }
    out += estimates_table();
    out += "</section>";
    return out;
  }

  std::string threshold_chart(const std::vector<LineSeries>& series, const std::string& id,
                              const std::string& title) {
    LineDomain d;
    d.x0 = e_.curve.empty() ? 0 : e_.curve.front().match_weight;
    d.x1 = e_.curve.empty() ? 1 : std::max(d.x0 + 1, e_.curve.back().match_weight);
    d.y0 = 0;
    d.y1 = 1;
    d.percent_y = true;
    std::vector<Marker> markers;
    if (e_.threshold != e_.output_threshold) {
      markers.push_back({eval::weight_of_probability(e_.threshold), "evaluation threshold"});
    }
    const double w_cl = eval::weight_of_probability(e_.cluster_threshold);
    if (std::isfinite(w_cl) && w_cl > d.x0 && w_cl < d.x1) {
      markers.push_back({w_cl, "cluster threshold"});
    }
    ChartFrame f;
    f.id = id;
    f.title = title;
    f.x_label = "match-weight threshold (bits; pairs at or above it count as matches)";
    f.y_label = "rate";
    return figure(line_chart(f, series, d, markers),
                  "Each point counts the written pairs at or above a threshold. The curve starts "
                  "at the run's output threshold (weight " +
                      h(format_fixed(d.x0, 2)) +
                      "): pairs below it were not written. Dashed lines are model estimates.");
  }

  std::string calibration_section() {
    const eval::Calibration& c = e_.calibration;
    std::string out = "<section id=\"calibration\"><h2>Calibration</h2>";
    out +=
        "<p>The written pairs binned by their predicted match probability (deciles up to 90%, "
        "then finer towards 1, where most links sit). In a calibrated model the pairs of a bin "
        "with mean predicted probability p are true matches in a share p of cases, so its "
        "point lies on the diagonal. Below the diagonal the model is over-confident (fewer "
        "true matches than it predicts), above it under-confident. Both axes are on the "
        "log-odds scale, so 99% and 99.9% are as far apart as 50% and 90%.</p>";
    const std::size_t first = eval::reliability_bin(std::clamp(e_.output_threshold, 0.0, 1.0));
    if (e_.has_truth) {
      std::vector<ReliabilityPoint> points;
      std::size_t hidden = 0;
      const double z = eval::normal_quantile_two_sided(0.95);
      for (std::size_t k = first; k < c.bins.size(); ++k) {
        const eval::ReliabilityBin& b = c.bins[k];
        if (b.labelled_pairs == 0) continue;
        if (dc_.suppressed(b.labelled_pairs)) {
          ++hidden;
          continue;
        }
        const eval::Interval ci = eval::wilson_interval(b.true_positives, b.labelled_pairs, z);
        const double mean = *b.labelled_mean_probability(), obs = *b.observed_precision();
        points.push_back({mean, obs, ci.low, ci.high,
                          "predicted " + percent_edge(b.low) + "–" + percent_edge(b.high) +
                              "%: mean " + format_fixed(mean * 100, 4) + "%, observed " +
                              format_fixed(obs * 100, 4) + "% of " + dc_.count(b.labelled_pairs) +
                              " pairs"});
      }
      ChartFrame f;
      f.id = "chart-reliability";
      f.title = "Reliability diagram: predicted match probability against observed precision";
      f.x_label = "mean predicted match probability of the bin (log-odds scale)";
      f.y_label = "observed precision";
      f.height = 420;
      std::string caption = "One point per probability bin with at least " +
                            format_count(dc_.min_cell()) +
                            " labelled pairs, with its 95% Wilson interval.";
      if (hidden > 0) {
        caption += " " + std::to_string(hidden) + " bin(s) with fewer pairs are not drawn.";
      }
      out += figure(reliability_chart(f, points), h(caption));
      const bool ok = !dc_.suppressed(c.labelled_pairs);
      out +=
          "<p>Expected calibration error (the pair-weighted mean of |observed − "
          "predicted| over the bins): <b>" +
          h(ok && c.expected_calibration_error
                ? format_fixed(*c.expected_calibration_error * 100, 2) + " points"
                : "–") +
          "</b>. True matches observed ÷ expected (Σ p) over the labelled pairs: <b>" +
          h(ok && c.observed_over_expected ? format_fixed(*c.observed_over_expected, 4) : "–") +
          "</b> (1 when calibrated overall; below 1 the model over-states its matches).</p>";
    } else {
      out +=
          "<p class=\"estimate-note\">No ground truth was given, so the observed precision of "
          "the bins cannot be shown: the table gives the model's own view, its expected "
          "precision (mean p) and expected false matches (Σ(1 − p)) per bin.</p>";
    }
    Table t;
    t.id = "table-reliability";
    t.head = {"predicted probability", "pairs", "mean predicted", "expected false matches"};
    t.numeric = {false, true, true, true};
    if (e_.has_truth) {
      for (const char* x : {"labelled pairs", "false matches", "observed precision", "gap"}) {
        t.head.emplace_back(x);
        t.numeric.push_back(true);
      }
    }
    for (std::size_t k = first; k < c.bins.size(); ++k) {
      const eval::ReliabilityBin& b = c.bins[k];
      const bool shown = !dc_.suppressed(b.pairs);
      std::vector<std::string> row = {
          h(percent_edge(b.low) + "–" + percent_edge(b.high) + "%"), count(b.pairs),
          h(shown && b.mean_probability() ? fine_probability_text(*b.mean_probability()) : "–"),
          h(shown ? format_fixed(static_cast<double>(b.pairs) - b.probability_sum, 1) : "–")};
      if (e_.has_truth) {
        const auto obs = b.observed_precision(), mean = b.labelled_mean_probability();
        const bool rated = !dc_.suppressed(b.labelled_pairs);
        row.push_back(count(b.labelled_pairs));
        row.push_back(count(b.labelled_pairs - b.true_positives));
        row.push_back(h(rated && obs ? fine_probability_text(*obs) : "–"));
        row.push_back(h(rated && obs && mean ? signed_fine_points(*obs - *mean) : "–"));
      }
      t.rows.push_back(row);
    }
    out += table_html(t);
    out +=
        "<p class=\"meta\">Bins are [low, high) (the last one includes 1). Pairs below the "
        "output threshold were not written, so the bins below it are not shown. Gaps are "
        "in percentage points (observed − predicted).</p>";
    out += "</section>";
    return out;
  }

  std::string estimates_table() {
    const eval::ModelEstimates& m = e_.estimates;
    std::string out = "<h3>The model's own estimates (no truth used)</h3>";
    Table t;
    t.id = "table-estimates";
    t.head = {"estimate at p ≥ " + format_fixed(m.threshold_probability, 3), "value"};
    t.numeric = {false, true};
    t.rows.push_back({"predicted pairs", count(m.pairs)});
    t.rows.push_back(
        {"expected true matches among them (Σ p)",
         h(dc_.suppressed(m.pairs) ? "–" : format_fixed(m.expected_true_positives, 1))});
    t.rows.push_back(
        {"expected precision (mean p)", h(dc_.rate(m.expected_precision, m.pairs, 2))});
    t.rows.push_back({"expected recall among the written pairs",
                      h(dc_.rate(m.expected_recall_written, m.pairs, 2))});
    t.rows.push_back({"expected matches from the prior (λ × possible pairs)",
                      h(format_fixed(m.expected_matches_prior, 1))});
    t.rows.push_back(
        {"expected recall against the prior", h(dc_.rate(m.expected_recall_prior, m.pairs, 2))});
    out += table_html(t);
    out +=
        "<p class=\"meta\">Estimates assume calibrated match probabilities. Recall among the "
        "written pairs ignores matches that were never blocked or scored below the output "
        "threshold; recall against the prior uses λ, which itself is an estimate.</p>";
    return out;
  }

  std::string subgroup_section() {
    if (e_.subgroups.empty()) return {};
    std::string out = "<section id=\"subgroups\"><h2>Subgroups</h2>";
    out +=
        "<p>The same measures for each value of the chosen attributes. A pair belongs to a "
        "group when either of its records does (for a person's attribute: the person's "
        "group); for source dataset pairs, the pair of its records' datasets. Gaps are in "
        "percentage points against the overall figure. " +
        h(flag_rule_text_capitalised()) + "</p>";
    for (std::size_t a = 0; a < e_.subgroups.size(); ++a) {
      const eval::SubgroupMetrics& s = e_.subgroups[a];
      out += "<h3>By " + h(s.attribute) + " <span class=\"meta\">(" + h(s.origin) + ")</span></h3>";
      Table t;
      t.id = "table-subgroup-" + std::to_string(a + 1);
      if (s.has_truth) {
        t.head = {"group",     "records", "true pairs", "predicted", "false matches", "missed",
                  "precision", "gap",     "recall",     "gap",       "flag"};
        t.numeric = {false, true, true, true, true, true, true, true, true, true, false};
        std::size_t small = 0;
        for (const eval::GroupMetrics& g : s.groups) {
          if (dc_.suppressed(g.records)) {
            ++small;
            continue;
          }
          const bool p_ok = !dc_.suppressed(g.pairs.predicted);
          const bool r_ok = !dc_.suppressed(g.pairs.true_pairs);
          const auto with_ci = [&](std::optional<double> v, const std::optional<eval::Interval>& ci,
                                   std::uint64_t n) {
            std::string cell = h(dc_.rate(v, n, 1));
            if (ci && !dc_.suppressed(n)) {
              cell += "<br><span class=\"ci\">" + h(format_fixed(ci->low * 100, 1)) + "–" +
                      h(format_fixed(ci->high * 100, 1)) + "</span>";
            }
            return cell;
          };
          std::string flag;
          if (g.precision_flag) flag += "<span class=\"flag\">⚑ precision</span> ";
          if (g.recall_flag) flag += "<span class=\"flag\">⚑ recall</span>";
          t.rows.push_back({h(g.group), count(g.records), count(g.pairs.true_pairs),
                            count(g.pairs.predicted), count(g.pairs.false_positives()),
                            count(g.pairs.false_negatives()),
                            with_ci(g.pairs.precision(), g.precision_interval, g.pairs.predicted),
                            h(p_ok ? signed_points(g.precision_gap) : "–"),
                            with_ci(g.pairs.recall(), g.recall_interval, g.pairs.true_pairs),
                            h(r_ok ? signed_points(g.recall_gap) : "–"), flag});
          t.row_class.push_back(g.precision_flag || g.recall_flag ? "flagged" : "");
        }
        out += table_html(t) + small_groups_note(small);
        out += forest(s, a, true);
        out += forest(s, a, false);
      } else {
        t.head = {"group", "records", "predicted pairs", "expected precision (estimate)",
                  "expected recall among written pairs (estimate)"};
        t.numeric = {false, true, true, true, true};
        std::size_t small = 0;
        for (const eval::GroupMetrics& g : s.groups) {
          if (dc_.suppressed(g.records)) {
            ++small;
            continue;
          }
          t.rows.push_back({h(g.group), count(g.records), count(g.pairs_at_threshold),
                            h(dc_.rate(g.expected_precision, g.pairs_at_threshold, 1)),
                            h(dc_.rate(g.expected_recall_written, g.pairs_at_threshold, 1))});
        }
        out += table_html(t) + small_groups_note(small);
      }
    }
    out += "</section>";
    return out;
  }

  std::string small_groups_note(std::size_t small) const {
    if (small == 0) return {};
    return "<p class=\"meta\">" + std::to_string(small) + " group(s) with fewer than " +
           h(format_count(dc_.min_cell())) +
           " records are not listed (disclosure control; they are never flagged).</p>";
  }

  std::string flag_rule_text_capitalised() const {
    std::string s = eval::flag_rule_text(e_.flag_rule);
    if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
    return s + ".";
  }

  std::string forest(const eval::SubgroupMetrics& s, std::size_t a, bool recall) {
    constexpr std::size_t kMaxRows = 40;
    const std::optional<double> overall = recall ? e_.pairwise.recall() : e_.pairwise.precision();
    if (!overall) return {};
    std::vector<const eval::GroupMetrics*> shown;
    std::size_t hidden = 0;
    for (const eval::GroupMetrics& g : s.groups) {
      const std::uint64_t n = recall ? g.pairs.true_pairs : g.pairs.predicted;
      const auto& ci = recall ? g.recall_interval : g.precision_interval;
      if (dc_.suppressed(g.records) || dc_.suppressed(n) || !ci) {
        ++hidden;
      } else {
        shown.push_back(&g);
      }
    }
    // The largest groups when there are too many to draw.
    if (shown.size() > kMaxRows) {
      std::stable_sort(shown.begin(), shown.end(), [&](const auto* x, const auto* y) {
        return (recall ? x->pairs.true_pairs : x->pairs.predicted) >
               (recall ? y->pairs.true_pairs : y->pairs.predicted);
      });
      hidden += shown.size() - kMaxRows;
      shown.resize(kMaxRows);
    }
    if (shown.empty()) return {};
    std::vector<ForestRow> rows;
    for (const eval::GroupMetrics* g : shown) {
      const auto v = recall ? g->pairs.recall() : g->pairs.precision();
      const auto ci = recall ? *g->recall_interval : *g->precision_interval;
      const std::uint64_t n = recall ? g->pairs.true_pairs : g->pairs.predicted;
      rows.push_back({g->group, *v, ci.low, ci.high, recall ? g->recall_flag : g->precision_flag,
                      g->group + ": " + format_fixed(*v * 100, 1) + "% of " + dc_.count(n) +
                          (recall ? " true pairs found" : " predicted pairs true")});
    }
    ChartFrame f;
    f.id = "chart-subgroup-" + std::to_string(a + 1) + (recall ? "-recall" : "-precision");
    f.title = std::string(recall ? "Recall" : "Precision") + " by " + s.attribute;
    f.x_label = recall ? "recall (% of the group's true pairs found)"
                       : "precision (% of the group's predicted pairs that are true)";
    std::string caption = std::string(recall ? "Recall" : "Precision") + " by " + s.attribute +
                          " with " + format_fixed(e_.flag_rule.confidence * 100, 0) +
                          "% Wilson intervals.";
    if (hidden > 0) {
      caption += " " + std::to_string(hidden) + " group(s) not drawn (fewer than " +
                 format_count(dc_.min_cell()) + " pairs, or beyond the " +
                 std::to_string(kMaxRows) + " largest).";
    }
    return figure(forest_chart(f, rows, *overall, e_.flag_rule.margin), h(caption));
  }

  std::string run_section() {
    const json& r = d_.run;
    std::string out = "<section id=\"run\"><h2>Run: counts and timings</h2>";
    if (r.empty())
      return out + "<p class=\"note\">The run directory has no run.json.</p></section>";
    const json counts = r.value("counts", json::object());
    Table t;
    t.id = "table-run-counts";
    t.head = {"count", "value"};
    t.numeric = {false, true};
    const auto num = [&](const json& v) -> std::string {
      if (v.is_number_unsigned() || v.is_number_integer()) return count(v.get<std::uint64_t>());
      return "–";
    };
    if (counts.contains("records")) t.rows.push_back({"records", num(counts["records"])});
    const json per_source = counts.value("records_per_source", json::object());
    for (const auto& [name, v] : per_source.items()) {
      t.rows.push_back({"&nbsp;&nbsp;records of " + h(name), num(v)});
    }
    for (const auto& rule : counts.value("blocked_pairs_per_rule", json::array())) {
      t.rows.push_back(
          {"blocked pairs, rule <code>" + h(rule.value("rule", std::string())) + "</code>",
           num(rule.value("pairs", json()))});
    }
    for (const auto& [key, label] : std::vector<std::pair<std::string, std::string>>{
             {"scored_pairs", "scored pairs"},
             {"predictions", "pairs written (predictions)"},
             {"cluster_edges", "pairs used for clustering"},
             {"clusters", "clusters"},
             {"largest_cluster", "largest cluster (records)"}}) {
      if (counts.contains(key)) t.rows.push_back({h(label), num(counts[key])});
    }
    out += table_html(t);

    const json timings = r.value("timings_seconds", json::object());
    if (!timings.empty()) {
      const std::vector<std::string> order = {
          "ingest", "train", "predict", "write_predictions", "cluster", "write_clusters"};
      std::vector<std::string> stages;
      for (const auto& s : order) {
        if (timings.contains(s)) stages.push_back(s);
      }
      for (const auto& [s, v] : timings.items()) {
        if (std::find(stages.begin(), stages.end(), s) == stages.end()) stages.push_back(s);
      }
      std::vector<BarRow> rows;
      double total = 0;
      for (const auto& s : stages) {
        if (!timings[s].is_number()) continue;
        const double sec = timings[s].get<double>();
        total += sec;
        rows.push_back({"", s, sec, format_fixed(sec, sec < 1 ? 3 : 2) + " s", s, "bar-time"});
      }
      ChartFrame f;
      f.id = "chart-timings";
      f.title = "Time per stage";
      f.x_label = "wall-clock time (seconds)";
      out += figure(bar_chart(f, rows), "Wall-clock time of each stage of the run (" +
                                            h(format_fixed(total, 2)) + " s summed).");
    }
    Table m;
    m.id = "table-run-facts";
    m.head = {"run", "value"};
    const auto text = [&](const char* key) -> std::string {
      if (!r.contains(key)) return "–";
      const json& v = r[key];
      if (v.is_string()) return h(v.get<std::string>());
      if (v.is_number_unsigned() || v.is_number_integer())
        return h(std::to_string(v.get<std::int64_t>()));
      return h(v.dump());
    };
    m.rows.push_back({"xjslink version", text("xjslink_version")});
    m.rows.push_back(
        {"ranks × threads per rank", text("ranks") + " × " + text("threads_per_rank")});
    if (r.contains("peak_rss_bytes_per_rank_max") && r["peak_rss_bytes_per_rank_max"].is_number()) {
      m.rows.push_back(
          {"peak memory per rank",
           h(format_fixed(r["peak_rss_bytes_per_rank_max"].get<double>() / (1 << 20), 1)) +
               " MiB"});
    }
    m.rows.push_back({"kernel target", text("kernel_target")});
    m.rows.push_back({"settings hash", text("settings_hash")});
    std::string inputs;
    for (const auto& in : r.value("inputs", json::array())) {
      if (!inputs.empty()) inputs += "<br>";
      inputs += h(std::filesystem::path(in.value("path", std::string())).filename().string());
    }
    m.rows.push_back({"inputs", inputs.empty() ? "–" : inputs});
    out += table_html(m);
    out += "</section>";
    return out;
  }

  std::string notes() {
    std::string out = "<section id=\"notes\"><h2>Notes and definitions</h2><ul>";
    out +=
        "<li><b>Precision</b>: predicted pairs that are true matches ÷ predicted pairs. "
        "<b>Recall</b>: true pairs predicted ÷ all true pairs. <b>F1</b>: 2·TP ÷ (predicted "
        "+ true pairs). For link_only, only pairs across source datasets count.</li>";
    out +=
        "<li><b>Cluster measures</b>: pairs in a common cluster against true pairs; "
        "<b>B-cubed</b> (Bagga &amp; Baldwin 1998): per record, the share of its cluster that "
        "is the same person (precision) and the share of its person in its cluster (recall), "
        "averaged over records. Over-merged: clusters with more than one person. Split: "
        "persons whose records lie in several clusters.</li>";
    out +=
        "<li><b>Model estimates</b> (Splink's truth-free view): expected precision = mean "
        "match probability of the predicted pairs; expected recall = their Σp ÷ Σp over all "
        "written pairs. They assume calibrated probabilities.</li>";
    out +=
        "<li><b>Calibration</b>: written pairs in bins of predicted match probability "
        "[0, 0.1), …, [0.8, 0.9), [0.9, 0.99), [0.99, 0.999), …, [0.999999, 1]; per bin the mean "
        "predicted probability and, with a truth, the observed precision (true matches ÷ "
        "labelled pairs). Expected calibration error = Σ over bins of (labelled pairs of the "
        "bin ÷ all labelled pairs) × |observed − mean predicted| (Naeini et al. 2015).</li>";
    out +=
        "<li><b>Cluster density</b>: links within a cluster ÷ its record pairs (for link_only, "
        "pairs across source datasets); 1 for a singleton.</li>";
    out += "<li><b>Flags</b>: " + h(eval::flag_rule_text(e_.flag_rule)) + ".</li>";
    out += "<li><b>Disclosure control</b>: every count below " + h(format_count(dc_.min_cell())) +
           " in the tables and chart annotations is shown as “&lt;" +
           h(format_count(dc_.min_cell())) +
           "”; chart marks for such counts are hatched and drawn at that height; rates are "
           "shown only when their denominator is at least " +
           h(format_count(dc_.min_cell())) +
           ". Rates are rounded, but a rate next to a suppressed count can still narrow it "
           "down: review before release.</li>";
    out +=
        std::string("<li><b>Record values</b>: ") +
        (o_.show_values ? "this report shows record keys and compared values of the sampled "
                          "pairs (--show-values); it is not a safe output."
                        : "none are shown; waterfalls show comparison levels and weights only.") +
        "</li>";
    out += "</ul></section><footer>Made by xjslink " XJSLINK_VERSION
           " · self-contained: no network access is needed to view it.</footer>";
    return out;
  }

  const ReportData& d_;
  const eval::Evaluation& e_;
  const ReportOptions& o_;
  Disclosure dc_;
};

}  // namespace

std::string render_report(const ReportData& data, const ReportOptions& options) {
  return Page(data, options).render();
}

}  // namespace xjslink::report
