// File: train/train.cpp
// The training sequence: u, then λ, then EM sessions for m, then averaging of the sessions.
#include <algorithm>
#include <cmath>
#include <set>

#include "dist/comm.hpp"
#include "train/train_internal.hpp"
#include "xjslink/blocking.hpp"
#include "xjslink/error.hpp"
#include "xjslink/log.hpp"

namespace xjslink {

std::uint64_t RecordCounts::total() const {
  std::uint64_t t = 0;
  for (auto c : per_source)
    t += c;
  return t;
}

namespace train_detail {

EmParameters em_parameters(const Model& model) {
  EmParameters p;
  p.lambda = model.lambda;
  for (const auto& c : model.comparisons) {
    std::vector<double> m, u;
    for (const auto& l : c.levels) {
      m.push_back(l.m);
      u.push_back(l.u);
    }
    p.m.push_back(std::move(m));
    p.u.push_back(std::move(u));
  }
  return p;
}

}  // namespace train_detail

namespace {

using nlohmann::json;
using namespace train_detail;

std::string fmt_double(double v) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.6g", v);
  return buf;
}

// Columns a rule's keys read: comparisons on them are forced to agree inside its blocks.
std::set<std::string> rule_columns(const BlockingRuleSpec& rule) {
  std::set<std::string> cols;
  for (const auto& k : rule.keys)
    cols.insert(k.source_column());
  return cols;
}

void apply_fixed_probabilities(const Settings& settings, Model& model) {
  for (std::size_t c = 0; c < settings.comparisons.size(); ++c) {
    for (std::size_t l = 0; l < settings.comparisons[c].levels.size(); ++l) {
      const LevelSpec& spec = settings.comparisons[c].levels[l];
      if (spec.u) model.comparisons[c].levels[l].u = *spec.u;
    }
  }
}

}  // namespace

Model train_model(const dist::Comm& comm, const PreparedRecords& local, const Settings& settings,
                  const RecordCounts& counts, const ExecutionOptions& execution) {
  const bool root = comm.is_root();
  Model model = Model::initial(settings);
  const ComparisonVector comparisons(settings, local);
  json report;
  json warnings = json::array();
  const double possible = total_possible_pairs(settings.link_type, counts.per_source);

  // 1. u from random pairs.
  const LevelCounts sample = sample_random_pairs(comm, local, comparisons, settings, counts);
  set_u_from_counts(sample, model);
  apply_fixed_probabilities(settings, model);
  report["u"] = {{"method", "all pairs among a uniform random sample of records"},
                 {"pairs_sampled", sample.pairs},
                 {"seed", settings.training.seed}};
  log_info(root, "estimated u from " + std::to_string(sample.pairs) + " random pairs");

  // 2. λ.
  json lambda_report;
  if (settings.training.lambda) {
    model.lambda = *settings.training.lambda;
    lambda_report = {{"method", "given"}};
  } else if (!settings.training.deterministic_rules.empty()) {
    const std::uint64_t found = count_rule_pairs(comm, local, settings.training.deterministic_rules,
                                                 settings.link_type, execution);
    const double estimate = static_cast<double>(found) / (settings.training.recall * possible);
    model.lambda = std::clamp(estimate, 1e-12, 1.0 - 1e-9);
    std::vector<std::string> texts;
    for (const auto& r : settings.training.deterministic_rules)
      texts.push_back(r.text);
    lambda_report = {{"method", "deterministic_rules"},
                     {"rules", texts},
                     {"pairs_found", found},
                     {"recall", settings.training.recall},
                     {"possible_pairs", possible}};
    lambda_report["minimum_pairs"] = kMinLambdaRulePairs;
    if (found == 0) {
      warnings.push_back("deterministic rules found no pairs; lambda set to its floor");
    } else if (found < kMinLambdaRulePairs) {
      warnings.push_back("lambda rests on only " + std::to_string(found) +
                         " pairs found by the deterministic rules (fewer than " +
                         std::to_string(kMinLambdaRulePairs) +
                         "): the prior is uncertain; check it, or give training.lambda");
    }
  }
  log_info(root, "lambda = " + fmt_double(model.lambda));

  // 3. EM sessions, one per training blocking rule.
  const auto& em_rules = settings.training.em_blocking_rules;
  std::vector<std::vector<double>> m_sum(model.comparisons.size());
  std::vector<std::size_t> sessions_of(model.comparisons.size(), 0);
  for (std::size_t c = 0; c < model.comparisons.size(); ++c) {
    m_sum[c].assign(model.comparisons[c].levels.size(), 0.0);
  }
  std::vector<int> null_levels;
  std::vector<std::string> names;
  for (const auto& c : model.comparisons) {
    null_levels.push_back(c.null_level());
    names.push_back(c.name);
  }
  json sessions = json::array();
  for (std::size_t r = 0; r < em_rules.size(); ++r) {
    // Loose rules are sampled: the pattern proportions, which are all EM uses, stay unbiased.
    PairSample sample;
    sample.seed = settings.training.seed;
    const std::uint64_t in_blocks = rule_block_pairs(comm, local, em_rules[r]);
    if (settings.training.em_max_pairs > 0 && in_blocks > settings.training.em_max_pairs) {
      sample.keep_fraction =
          static_cast<double>(settings.training.em_max_pairs) / static_cast<double>(in_blocks);
    }
    const std::vector<PatternCount> patterns =
        rule_pattern_counts(comm, local, em_rules, r, /*exclude_earlier=*/false, comparisons,
                            settings.link_type, execution, sample);
    std::uint64_t sampled = 0;
    for (const auto& p : patterns)
      sampled += p.count;
    // The rule's pair count, estimated from the sample when it was sampled.
    const std::uint64_t pairs =
        sample.keep_fraction < 1.0
            ? static_cast<std::uint64_t>(static_cast<double>(sampled) / sample.keep_fraction)
            : sampled;
    const std::set<std::string> fixed_columns = rule_columns(em_rules[r]);
    std::vector<bool> active_vec(model.comparisons.size());
    std::vector<std::string> fixed;
    for (std::size_t c = 0; c < model.comparisons.size(); ++c) {
      // A comparison is estimated in a session only if the rule fixes none of its columns.
      const ComparisonParameters& cp = model.comparisons[c];
      const std::vector<std::string> columns =
          cp.columns.empty() ? std::vector<std::string>{cp.column} : cp.columns;
      active_vec[c] = std::none_of(columns.begin(), columns.end(), [&](const std::string& column) {
        return fixed_columns.count(column) != 0;
      });
      if (!active_vec[c]) fixed.push_back(model.comparisons[c].name);
    }
    json session = {{"blocking_rule", em_rules[r].text},
                    {"pairs", pairs},
                    {"pairs_compared", sampled},
                    {"sample_fraction", sample.keep_fraction},
                    {"fixed_comparisons", fixed}};
    if (pairs == 0) {
      warnings.push_back("EM blocking rule '" + em_rules[r].text + "' found no pairs; skipped");
      sessions.push_back(session);
      continue;
    }
    // Start λ at the share of this rule's pairs that would be matches if the rule kept them all.
    EmParameters start = em_parameters(model);
    start.lambda = std::clamp(model.lambda * possible / static_cast<double>(pairs), 1e-6, 0.5);
    EmOptions options;
    options.max_iterations = settings.training.max_iterations;
    options.tolerance = settings.training.tolerance;
    const EmResult em =
        run_em(patterns, comparisons.codec(), null_levels, active_vec, names, start, options);
    for (std::size_t c = 0; c < model.comparisons.size(); ++c) {
      if (!active_vec[c]) continue;
      ++sessions_of[c];
      for (std::size_t l = 0; l < m_sum[c].size(); ++l)
        m_sum[c][l] += em.parameters.m[c][l];
    }
    session["iterations"] = em.iterations;
    session["converged"] = em.converged;
    session["lambda_in_blocks"] = em.parameters.lambda;
    if (!em.history.empty()) {
      session["final_max_change"] = em.history.back().max_change;
      session["largest_change"] = em.history.back().largest_change;
    }
    sessions.push_back(session);
    log_info(root,
             "EM on '" + em_rules[r].text + "': " + std::to_string(sampled) + " pairs" +
                 (sample.keep_fraction < 1.0 ? " (a sample of about " + std::to_string(pairs) + ")"
                                             : std::string()) +
                 ", " + std::to_string(em.iterations) + " iterations" +
                 (em.converged ? "" : " (not converged)") + ", lambda in blocks " +
                 fmt_double(em.parameters.lambda));
    if (!em.converged) {
      warnings.push_back("EM on '" + em_rules[r].text +
                         "' stopped at max_iterations before "
                         "converging");
    }
  }
  for (std::size_t c = 0; c < model.comparisons.size(); ++c) {
    auto& comp = model.comparisons[c];
    if (sessions_of[c] == 0) {
      if (!em_rules.empty()) {
        warnings.push_back("m of comparison '" + comp.name +
                           "' was not estimated by any EM session (its column is in every "
                           "training blocking rule); starting values kept");
      }
      continue;
    }
    comp.m_trained = true;
    for (std::size_t l = 0; l < comp.levels.size(); ++l) {
      if (comp.levels[l].is_null()) continue;
      const LevelSpec& spec = settings.comparisons[c].levels[l];
      comp.levels[l].m = spec.m ? *spec.m : m_sum[c][l] / static_cast<double>(sessions_of[c]);
    }
  }

  // λ not given by the user: EM on the prediction pairs' histogram with m and u fixed.
  if (!settings.training.lambda && settings.training.deterministic_rules.empty()) {
    PatternCounts all;
    std::uint64_t pairs = 0;
    for (std::size_t r = 0; r < settings.blocking_rules.size(); ++r) {
      const auto part =
          rule_pattern_counts(comm, local, settings.blocking_rules, r,
                              /*exclude_earlier=*/true, comparisons, settings.link_type, execution);
      for (const auto& p : part)
        pairs += p.count;
      all.merge(part);
    }
    const std::vector<PatternCount> patterns = all.sorted();
    const std::vector<bool> all_active(model.comparisons.size(), true);
    EmParameters start = em_parameters(model);
    start.lambda = 0.1;
    EmOptions options;
    options.max_iterations = 1000;
    options.tolerance = 1e-9;
    options.estimate_m = false;
    options.estimate_u = false;
    const EmResult em =
        run_em(patterns, comparisons.codec(), null_levels, all_active, names, start, options);
    const double blocked_lambda = em.parameters.lambda;
    model.lambda =
        std::clamp(blocked_lambda * static_cast<double>(pairs) / possible, 1e-12, 1.0 - 1e-9);
    lambda_report = {{"method", "em_on_prediction_pairs"},
                     {"prediction_pairs", pairs},
                     {"lambda_in_blocks", blocked_lambda},
                     {"possible_pairs", possible}};
    log_info(root, "lambda (EM on " + std::to_string(pairs) +
                       " prediction pairs) = " + fmt_double(model.lambda));
    warnings.push_back(
        "lambda was estimated by EM on the prediction pairs: no pair found by deterministic "
        "rules anchors it; give training.deterministic_rules (or training.lambda) to check it");
  }
  lambda_report["value"] = model.lambda;
  report["lambda"] = lambda_report;
  report["em_sessions"] = sessions;
  report["warnings"] = warnings;
  for (const auto& w : warnings)
    log_info(root, "warning: " + w.get<std::string>());
  model.training = report;
  return model;
}

}  // namespace xjslink
