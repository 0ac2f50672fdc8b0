// File: eval/evaluation_format.cpp
#include "xjslink/eval/evaluation_format.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace xjslink::eval {
namespace {

using nlohmann::json;

// JSON has no infinity or NaN: those become null, as do absent values.
json number(double x) {
  return std::isfinite(x) ? json(x) : json(nullptr);
}
json number(const std::optional<double>& x) {
  return x ? number(*x) : json(nullptr);
}

json counts_json(const PairCounts& c) {
  return {{"true_pairs", c.true_pairs},
          {"predicted_pairs", c.predicted},
          {"true_positives", c.true_positives},
          {"false_positives", c.false_positives()},
          {"false_negatives", c.false_negatives()},
          {"precision", number(c.precision())},
          {"recall", number(c.recall())},
          {"f1", number(c.f1())}};
}

json threshold_json(double probability) {
  return {{"match_probability", probability},
          {"match_weight", number(weight_of_probability(probability))}};
}

json interval_json(const std::optional<Interval>& i) {
  if (!i) return nullptr;
  return json::array({i->low, i->high});
}

std::string fixed(const std::optional<double>& x, int digits = 4) {
  if (!x || !std::isfinite(*x)) return "-";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, *x);
  return buf;
}

std::string signed_fixed(const std::optional<double>& x, int digits = 4) {
  if (!x || !std::isfinite(*x)) return "-";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%+.*f", digits, *x);
  return buf;
}

// Plain-text table: columns right-aligned except the first.
class TextTable {
 public:
  explicit TextTable(std::vector<std::string> header) { rows_.push_back(std::move(header)); }
  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  std::string render(const std::string& indent) const {
    std::vector<std::size_t> width(rows_.front().size(), 0);
    for (const auto& r : rows_) {
      for (std::size_t c = 0; c < r.size(); ++c)
        width[c] = std::max(width[c], r[c].size());
    }
    std::string out;
    for (const auto& r : rows_) {
      // An all-empty header row is not printed (label: value tables).
      if (&r == &rows_.front() &&
          std::all_of(r.begin(), r.end(), [](const std::string& x) { return x.empty(); })) {
        continue;
      }
      std::string line = indent;
      for (std::size_t c = 0; c < r.size(); ++c) {
        const std::string pad(width[c] - r[c].size(), ' ');
        line += c == 0 ? r[c] + pad : "  " + pad + r[c];
      }
      while (!line.empty() && line.back() == ' ')
        line.pop_back();
      out += line + "\n";
    }
    return out;
  }

 private:
  std::vector<std::vector<std::string>> rows_;
};

std::string str(std::uint64_t x) {
  return std::to_string(x);
}

// "0.99–0.999", "0.999999–1" (a bin of probabilities).
std::string bin_label(double low, double high) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.10g-%.10g", low, high);
  return buf;
}

// Wilson interval of a bin's observed precision (95%), none without labelled pairs.
std::optional<Interval> bin_interval(const ReliabilityBin& b) {
  if (b.labelled_pairs == 0) return std::nullopt;
  return wilson_interval(b.true_positives, b.labelled_pairs, normal_quantile_two_sided(0.95));
}

// The first bin that can hold written pairs (pairs below the output threshold were not).
std::size_t first_written_bin(const Evaluation& e) {
  return reliability_bin(std::clamp(e.output_threshold, 0.0, 1.0));
}

json review_row_json(const ClusterReviewRow& r) {
  json j = {{"size", r.size},
            {"record_pairs", r.record_pairs},
            {"density", number(r.density)},
            {"weakest_link", number(r.weakest_link)},
            {"bridges", r.bridges ? json(*r.bridges) : json(nullptr)}};
  if (r.persons) {
    j["persons"] = *r.persons;
    j["labelled_records"] = r.labelled_records;
  }
  return j;
}

std::string optional_count(const std::optional<std::uint64_t>& x) {
  return x ? std::to_string(*x) : "-";
}

std::string calibration_text(const Evaluation& e) {
  const Calibration& c = e.calibration;
  std::string out;
  char buf[512];
  if (e.has_truth) {
    std::snprintf(buf, sizeof buf,
                  "\nCalibration: predicted match probability against observed precision "
                  "(labelled written pairs); expected calibration error %s, observed / expected "
                  "true matches %llu / %.1f = %s\n",
                  fixed(c.expected_calibration_error).c_str(),
                  static_cast<unsigned long long>(c.true_positives), c.expected_true_positives,
                  fixed(c.observed_over_expected).c_str());
  } else {
    std::snprintf(buf, sizeof buf,
                  "\nWritten pairs by predicted match probability (a truth would add the "
                  "observed precision of each bin)\n");
  }
  out += buf;
  std::vector<std::string> head = {"probability", "pairs", "mean p", "exp. false"};
  if (e.has_truth) {
    for (const char* h : {"labelled", "true", "observed", "95% interval", "gap"})
      head.emplace_back(h);
  }
  TextTable t(head);
  for (std::size_t k = first_written_bin(e); k < c.bins.size(); ++k) {
    const ReliabilityBin& b = c.bins[k];
    std::vector<std::string> row = {bin_label(b.low, b.high), str(b.pairs),
                                    fixed(b.mean_probability(), 6),
                                    fixed(static_cast<double>(b.pairs) - b.probability_sum, 1)};
    if (e.has_truth) {
      const auto ci = bin_interval(b);
      const auto obs = b.observed_precision(), mean = b.labelled_mean_probability();
      row.push_back(str(b.labelled_pairs));
      row.push_back(str(b.true_positives));
      row.push_back(fixed(obs, 6));
      row.push_back(ci ? fixed(ci->low) + "-" + fixed(ci->high) : "-");
      row.push_back(obs && mean ? signed_fixed(*obs - *mean, 6) : "-");
    }
    t.add(row);
  }
  out += t.render("  ");
  return out;
}

std::string cluster_review_text(const Evaluation& e) {
  const ClusterReview& r = e.cluster_review;
  if (r.clusters == 0) return {};
  std::string out;
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "\nClusters for review (counts only; density from the %s; %llu clusters with at "
                "least %llu records)\n",
                r.density_source == "clusters file"
                    ? "clusters file"
                    : "written predictions at the cluster threshold",
                static_cast<unsigned long long>(r.reviewable_clusters),
                static_cast<unsigned long long>(kReviewMinClusterSize));
  out += buf;
  const auto table = [&](const std::vector<ClusterReviewRow>& rows) {
    std::vector<std::string> head = {"rank", "size", "density", "weakest link", "bridges"};
    if (r.has_truth) head.emplace_back("persons");
    TextTable t(head);
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const ClusterReviewRow& x = rows[i];
      std::vector<std::string> row = {std::to_string(i + 1), str(x.size), fixed(x.density),
                                      fixed(x.weakest_link, 2), optional_count(x.bridges)};
      if (r.has_truth) row.push_back(optional_count(x.persons));
      t.add(row);
    }
    return t.render("    ");
  };
  out += "  Largest clusters\n" + table(r.largest);
  if (!r.least_dense.empty()) out += "  Least dense clusters\n" + table(r.least_dense);
  TextTable h({"density", "clusters"});
  for (std::size_t k = 0; k < kDensityHistogramBins; ++k) {
    h.add({bin_label(static_cast<double>(k) / kDensityHistogramBins,
                     static_cast<double>(k + 1) / kDensityHistogramBins),
           str(r.density_histogram[k])});
  }
  out += "  Density of the clusters with at least " + str(kReviewMinClusterSize) + " records\n" +
         h.render("    ");
  if (r.has_bridges) {
    out += "  clusters with at least one bridge: " + str(r.clusters_with_bridges) + "\n";
  }
  if (r.has_truth) {
    out += "  clusters holding more than one true person: " + str(r.over_merged_clusters) + "\n";
  }
  return out;
}

}  // namespace

std::string flag_rule_text(const FlagRule& rule) {
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "a group is flagged when it has at least %llu records, its precision (or "
                "recall) rests on at least as many predicted (or true) pairs, and the upper end "
                "of its %.0f%% Wilson interval is more than %.1f percentage points below the "
                "overall figure",
                static_cast<unsigned long long>(rule.min_cell), rule.confidence * 100,
                rule.margin * 100);
  return buf;
}

json evaluation_json(const Evaluation& e) {
  json j;
  j["format"] = "xjslink-evaluation";
  j["format_version"] = kEvaluationFormatVersion;
  j["run"] = {{"dir", e.run_dir},
              {"link_type", link_type_name(e.link_type)},
              {"records", e.records},
              {"source_datasets", e.linkage.source_names},
              {"predictions_file", e.predictions_file},
              {"clusters_file", e.clusters_file},
              {"pairs_written", e.pairs_written},
              {"output_threshold", threshold_json(e.output_threshold)},
              {"cluster_threshold", e.cluster_threshold},
              {"lambda", e.lambda},
              {"warnings", e.run_warnings}};
  j["threshold"] = threshold_json(e.threshold);
  j["truth"] = {{"kind", e.truth.kind},
                {"description", e.truth.description},
                {"labelled_records", e.truth.labelled_records},
                {"unlabelled_records", e.truth.unlabelled_records},
                {"rows_not_in_run", e.truth.rows_not_in_run},
                {"persons", e.truth.persons}};
  if (e.has_truth) {
    j["pairwise"] = counts_json(e.pairwise);
    j["pairwise"]["unlabelled_pairs"] = e.unlabelled_pairs;
    const ClusterMetrics& c = e.clusters;
    j["clusters"] = {
        {"cluster_threshold", e.cluster_threshold},
        {"records", c.records},
        {"clusters", c.clusters},
        {"persons", c.persons},
        {"singleton_clusters", c.singleton_clusters},
        {"pairwise", counts_json(c.pairs)},
        {"b_cubed",
         {{"precision", number(c.b_cubed_precision)},
          {"recall", number(c.b_cubed_recall)},
          {"f1", number(c.b_cubed_f1)}}},
        {"over_merged",
         {{"clusters", c.over_merged_clusters},
          {"persons", c.over_merged_persons},
          {"records", c.over_merged_records}}},
        {"split", {{"persons", c.split_persons}, {"extra_clusters", c.split_extra_clusters}}}};
  } else {
    j["pairwise"] = nullptr;
    j["clusters"] = nullptr;
  }

  json points = json::array();
  for (const CurvePoint& p : e.curve) {
    json q = {{"match_weight", number(p.match_weight)},
              {"match_probability", p.match_probability},
              {"pairs", p.pairs},
              {"expected_precision",
               p.pairs > 0 ? number(p.expected_true_positives / static_cast<double>(p.pairs))
                           : json(nullptr)},
              {"expected_recall_written",
               e.estimates.expected_matches_written > 0
                   ? number(p.expected_true_positives / e.estimates.expected_matches_written)
                   : json(nullptr)}};
    if (e.has_truth) {
      q["predicted_pairs"] = p.counts.predicted;
      q["true_positives"] = p.counts.true_positives;
      q["precision"] = number(p.counts.precision());
      q["recall"] = number(p.counts.recall());
      q["f1"] = number(p.counts.f1());
    }
    points.push_back(q);
  }
  j["precision_recall_curve"] = {
      {"note",
       "only pairs at or above the run's output threshold were written, so recall at lower "
       "thresholds is not known and the curve starts at the output threshold"},
      {"points", points}};

  const ModelEstimates& m = e.estimates;
  j["estimates"] = {
      {"label",
       "model estimates, not measured: they assume the match probabilities are calibrated, "
       "and see only the pairs written (at or above the output threshold)"},
      {"threshold", threshold_json(m.threshold_probability)},
      {"pairs", m.pairs},
      {"expected_true_positives", m.expected_true_positives},
      {"expected_false_positives", m.expected_false_positives},
      {"expected_precision", number(m.expected_precision)},
      {"expected_matches_written", m.expected_matches_written},
      {"expected_missed_written", m.expected_missed_written},
      {"expected_recall_written", number(m.expected_recall_written)},
      {"possible_pairs", m.possible_pairs},
      {"expected_matches_prior", m.expected_matches_prior},
      {"expected_recall_prior", number(m.expected_recall_prior)}};

  const Calibration& cal = e.calibration;
  json cal_bins = json::array();
  for (const ReliabilityBin& b : cal.bins) {
    json q = {{"low", b.low},
              {"high", b.high},
              {"pairs", b.pairs},
              {"mean_probability", number(b.mean_probability())},
              {"expected_false_matches", static_cast<double>(b.pairs) - b.probability_sum}};
    if (e.has_truth) {
      q["labelled_pairs"] = b.labelled_pairs;
      q["labelled_mean_probability"] = number(b.labelled_mean_probability());
      q["true_positives"] = b.true_positives;
      q["observed_precision"] = number(b.observed_precision());
      q["observed_precision_ci"] = interval_json(bin_interval(b));
    }
    cal_bins.push_back(q);
  }
  j["calibration"] = {
      {"note",
       "written pairs binned by predicted match probability: [low, high), the last bin "
       "[low, 1]; bins below the output threshold are empty because those pairs were not "
       "written. A calibrated model has observed_precision = labelled_mean_probability."},
      {"bins", cal_bins}};
  if (e.has_truth) {
    j["calibration"]["labelled_pairs"] = cal.labelled_pairs;
    j["calibration"]["true_positives"] = cal.true_positives;
    j["calibration"]["expected_true_positives"] = cal.expected_true_positives;
    j["calibration"]["expected_calibration_error"] = number(cal.expected_calibration_error);
    j["calibration"]["observed_over_expected"] = number(cal.observed_over_expected);
  }

  const ClusterReview& cr = e.cluster_review;
  json largest = json::array(), least_dense = json::array(), density_hist = json::array();
  for (const auto& r : cr.largest)
    largest.push_back(review_row_json(r));
  for (const auto& r : cr.least_dense)
    least_dense.push_back(review_row_json(r));
  for (std::size_t k = 0; k < kDensityHistogramBins; ++k) {
    density_hist.push_back({{"low", static_cast<double>(k) / kDensityHistogramBins},
                            {"high", static_cast<double>(k + 1) / kDensityHistogramBins},
                            {"clusters", cr.density_histogram[k]}});
  }
  j["cluster_review"] = {
      {"note",
       "counts only: no cluster id or record. density = links within the cluster / its record "
       "pairs; least_dense and density_histogram cover clusters with at least " +
           std::to_string(kReviewMinClusterSize) + " records"},
      {"density_source", cr.density_source},
      {"clusters", cr.clusters},
      {"reviewable_clusters", cr.reviewable_clusters},
      {"clusters_with_bridges", cr.has_bridges ? json(cr.clusters_with_bridges) : json(nullptr)},
      {"over_merged_clusters", cr.has_truth ? json(cr.over_merged_clusters) : json(nullptr)},
      {"largest", largest},
      {"least_dense", least_dense},
      {"density_histogram", density_hist}};

  const LinkageSummary& l = e.linkage;
  const std::size_t ns = l.source_names.size();
  json sizes = json::array();
  for (const auto& [size, count] : l.cluster_sizes)
    sizes.push_back({{"size", size}, {"clusters", count}});
  json by_source = json::array();
  for (std::size_t s = 0; s < ns; ++s) {
    by_source.push_back({{"source_dataset", l.source_names[s]},
                         {"records", l.records_per_source[s]},
                         {"linked", l.linked_per_source[s]},
                         {"linked_across", l.linked_across_per_source[s]}});
  }
  json by_pair = json::array();
  for (std::size_t s = 0; s < ns; ++s) {
    for (std::size_t t = s; t < ns; ++t) {
      if (s == t && e.link_type == LinkType::kLinkOnly) continue;
      by_pair.push_back({{"source_a", l.source_names[s]},
                         {"source_b", l.source_names[t]},
                         {"predicted_pairs",
                          l.pairs_by_source_pair.empty() ? 0 : l.pairs_by_source_pair[s * ns + t]},
                         {"records_a_linked_to_b", l.linked_to[s * ns + t]},
                         {"records_b_linked_to_a", l.linked_to[t * ns + s]}});
    }
  }
  j["linkage"] = {{"clusters", l.clusters},
                  {"singleton_clusters", l.singleton_clusters},
                  {"largest_cluster", l.largest_cluster},
                  {"cluster_sizes", sizes},
                  {"by_source", by_source},
                  {"by_source_pair", by_pair}};

  j["flag_rule"] = {{"margin", e.flag_rule.margin},
                    {"confidence", e.flag_rule.confidence},
                    {"min_cell", e.flag_rule.min_cell},
                    {"rule", flag_rule_text(e.flag_rule)}};
  json subgroups = json::array();
  for (const SubgroupMetrics& s : e.subgroups) {
    json groups = json::array();
    for (const GroupMetrics& g : s.groups) {
      json q = {{"group", g.group},
                {"records", g.records},
                {"labelled_records", g.labelled_records},
                {"pairs_at_threshold", g.pairs_at_threshold},
                {"expected_precision", number(g.expected_precision)},
                {"expected_recall_written", number(g.expected_recall_written)}};
      if (s.has_truth) {
        q["persons"] = g.persons;
        q.update(counts_json(g.pairs));
        q["precision_ci"] = interval_json(g.precision_interval);
        q["precision_gap"] = number(g.precision_gap);
        q["precision_flag"] = g.precision_flag;
        q["recall_ci"] = interval_json(g.recall_interval);
        q["recall_gap"] = number(g.recall_gap);
        q["recall_flag"] = g.recall_flag;
        if (!s.source_pair) {
          q["b_cubed_precision"] = number(g.b_cubed_precision);
          q["b_cubed_recall"] = number(g.b_cubed_recall);
        }
        q["split_persons"] = g.split_persons;
      }
      groups.push_back(q);
    }
    subgroups.push_back({{"attribute", s.attribute},
                         {"origin", s.origin},
                         {"level", s.source_pair ? "pair" : "record"},
                         {"groups", groups}});
  }
  j["subgroups"] = subgroups;
  return j;
}

std::string evaluation_text(const Evaluation& e) {
  std::string out;
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "Run %s: %s, %llu records in %zu source dataset(s), %llu scored pairs written "
                "(match probability >= %g)\n",
                e.run_dir.c_str(), link_type_name(e.link_type),
                static_cast<unsigned long long>(e.records), e.linkage.source_names.size(),
                static_cast<unsigned long long>(e.pairs_written), e.output_threshold);
  out += buf;
  for (const std::string& w : e.run_warnings)
    out += "Warning (run.json): " + w + "\n";
  if (e.has_truth) {
    std::snprintf(buf, sizeof buf,
                  "Truth: %s %s: %llu records labelled, %llu unlabelled (left out), %llu persons\n",
                  e.truth.kind.c_str(), e.truth.description.c_str(),
                  static_cast<unsigned long long>(e.truth.labelled_records),
                  static_cast<unsigned long long>(e.truth.unlabelled_records),
                  static_cast<unsigned long long>(e.truth.persons));
    out += buf;
    std::snprintf(buf, sizeof buf, "\nPairwise at match probability >= %g (match weight >= %s)\n",
                  e.threshold, fixed(weight_of_probability(e.threshold), 2).c_str());
    out += buf;
    const PairCounts& c = e.pairwise;
    TextTable t({"", ""});
    t.add({"true pairs", str(c.true_pairs)});
    t.add({"predicted pairs", str(c.predicted)});
    t.add({"true positives", str(c.true_positives)});
    t.add({"false matches (FP)", str(c.false_positives())});
    t.add({"missed matches (FN)", str(c.false_negatives())});
    t.add({"precision", fixed(c.precision())});
    t.add({"recall", fixed(c.recall())});
    t.add({"F1", fixed(c.f1())});
    if (e.unlabelled_pairs > 0) t.add({"unlabelled pairs (left out)", str(e.unlabelled_pairs)});
    out += t.render("  ");

    const ClusterMetrics& m = e.clusters;
    std::snprintf(buf, sizeof buf,
                  "\nClusters at cluster threshold %g: %llu clusters, %llu labelled records, "
                  "%llu persons\n",
                  e.cluster_threshold, static_cast<unsigned long long>(m.clusters),
                  static_cast<unsigned long long>(m.records),
                  static_cast<unsigned long long>(m.persons));
    out += buf;
    TextTable ct({"", "precision", "recall", "F1"});
    ct.add({"pairwise", fixed(m.pairs.precision()), fixed(m.pairs.recall()), fixed(m.pairs.f1())});
    ct.add({"B-cubed", fixed(m.b_cubed_precision), fixed(m.b_cubed_recall), fixed(m.b_cubed_f1)});
    out += ct.render("  ");
    std::snprintf(buf, sizeof buf,
                  "  over-merged clusters %llu (%llu persons, %llu records); split persons %llu "
                  "(%llu extra clusters)\n",
                  static_cast<unsigned long long>(m.over_merged_clusters),
                  static_cast<unsigned long long>(m.over_merged_persons),
                  static_cast<unsigned long long>(m.over_merged_records),
                  static_cast<unsigned long long>(m.split_persons),
                  static_cast<unsigned long long>(m.split_extra_clusters));
    out += buf;
  } else {
    out += "Truth: none given (only the model's estimates below)\n";
  }

  const ModelEstimates& m = e.estimates;
  std::snprintf(buf, sizeof buf,
                "\nModel estimates at match probability >= %g (NOT measured: they assume "
                "calibrated probabilities and see only the written pairs)\n",
                m.threshold_probability);
  out += buf;
  TextTable et({"", ""});
  et.add({"expected precision", fixed(m.expected_precision)});
  et.add({"expected recall among written pairs", fixed(m.expected_recall_written)});
  std::snprintf(buf, sizeof buf, "%.1f of %.4g", m.expected_matches_prior, m.possible_pairs);
  et.add({"expected recall vs lambda x possible pairs", fixed(m.expected_recall_prior)});
  et.add({"  (expected matches: lambda x possible pairs)", buf});
  out += et.render("  ");

  if (e.curve.size() > 1) {
    std::snprintf(buf, sizeof buf,
                  "\nThreshold curve: %zu points from match weight %s to %s (all in --json); "
                  "pairs below the output threshold were not written, so it starts there\n",
                  e.curve.size(), fixed(e.curve.front().match_weight, 1).c_str(),
                  fixed(e.curve.back().match_weight, 1).c_str());
    out += buf;
    TextTable ct({"weight", "probability", "pairs", "precision", "recall", "F1", "exp. precision"});
    const std::size_t step = std::max<std::size_t>(1, e.curve.size() / 10);
    for (std::size_t i = 0; i < e.curve.size(); i += step) {
      const CurvePoint& p = e.curve[i];
      const std::optional<double> exp_p =
          p.pairs > 0 ? std::optional<double>(p.expected_true_positives / p.pairs) : std::nullopt;
      ct.add({fixed(p.match_weight, 1), fixed(p.match_probability, 6), str(p.pairs),
              e.has_truth ? fixed(p.counts.precision()) : "-",
              e.has_truth ? fixed(p.counts.recall()) : "-",
              e.has_truth ? fixed(p.counts.f1()) : "-", fixed(exp_p)});
    }
    out += ct.render("  ");
  }

  out += calibration_text(e);
  out += cluster_review_text(e);

  for (const SubgroupMetrics& s : e.subgroups) {
    out += "\nSubgroups by " + s.attribute + " (" + s.origin + ")\n";
    if (s.has_truth) {
      TextTable t({"group", "records", "true pairs", "predicted", "FP", "FN", "precision", "gap",
                   "recall", "gap", "flag"});
      for (const GroupMetrics& g : s.groups) {
        std::string flag;
        if (g.precision_flag) flag += "PRECISION ";
        if (g.recall_flag) flag += "RECALL";
        t.add({g.group, str(g.records), str(g.pairs.true_pairs), str(g.pairs.predicted),
               str(g.pairs.false_positives()), str(g.pairs.false_negatives()),
               fixed(g.pairs.precision()), signed_fixed(g.precision_gap), fixed(g.pairs.recall()),
               signed_fixed(g.recall_gap), flag});
      }
      out += t.render("  ");
    } else {
      TextTable t({"group", "records", "pairs", "exp. precision", "exp. recall (written)"});
      for (const GroupMetrics& g : s.groups) {
        t.add({g.group, str(g.records), str(g.pairs_at_threshold), fixed(g.expected_precision),
               fixed(g.expected_recall_written)});
      }
      out += t.render("  ");
    }
  }
  if (!e.subgroups.empty() && e.has_truth)
    out += "Flag rule: " + flag_rule_text(e.flag_rule) + ".\n";
  return out;
}

}  // namespace xjslink::eval
