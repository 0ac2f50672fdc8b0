// File: score.cpp
// Scoring of prediction pairs and term frequencies. Weights are summed in comparison order, so
// a pair's weight is bit-identical wherever it is scored.
#include "xjslink/score.hpp"

#include <algorithm>
#include <chrono>
#include <numeric>
#include <optional>

#include "dist/comm.hpp"
#include "dist/value_counts.hpp"
#include "pair_scan.hpp"
#include "xjslink/comparison.hpp"
#include "xjslink/error.hpp"
#include "xjslink/log.hpp"
#include "xjslink/pairs/kept_pairs.hpp"
#include "xjslink/progress/progress.hpp"

namespace xjslink {

Predictions Predictions::for_model(const Model& model) {
  Predictions p;
  p.num_comparisons = model.comparisons.size();
  for (std::size_t c = 0; c < model.comparisons.size(); ++c) {
    for (const auto& l : model.comparisons[c].levels) {
      if (l.tf_adjust) {
        p.tf_comparisons.push_back(c);
        break;
      }
    }
  }
  return p;
}

double Predictions::match_probability(std::size_t i) const {
  return probability_from_log2_odds(match_weight[i]);
}

double Predictions::log2_bf(std::size_t i, std::size_t c, const Model& model) const {
  const auto t = std::find(tf_comparisons.begin(), tf_comparisons.end(), c);
  if (t != tf_comparisons.end()) {
    return tf_log2_bf[i * tf_comparisons.size() +
                      static_cast<std::size_t>(t - tf_comparisons.begin())];
  }
  return model.log2_bayes_factor(c, gammas[i * num_comparisons + c]);
}

void Predictions::append(const Predictions& other) {
  left.insert(left.end(), other.left.begin(), other.left.end());
  right.insert(right.end(), other.right.begin(), other.right.end());
  match_weight.insert(match_weight.end(), other.match_weight.begin(), other.match_weight.end());
  match_key.insert(match_key.end(), other.match_key.begin(), other.match_key.end());
  gammas.insert(gammas.end(), other.gammas.begin(), other.gammas.end());
  tf_log2_bf.insert(tf_log2_bf.end(), other.tf_log2_bf.begin(), other.tf_log2_bf.end());
}

Predictions Predictions::empty_like() const {
  Predictions p;
  p.num_comparisons = num_comparisons;
  p.tf_comparisons = tf_comparisons;
  return p;
}

void Predictions::clear_rows() {
  left.clear();
  right.clear();
  match_weight.clear();
  match_key.clear();
  gammas.clear();
  tf_log2_bf.clear();
}

void Predictions::erase_first(std::size_t n) {
  const auto rows = static_cast<std::ptrdiff_t>(n);
  left.erase(left.begin(), left.begin() + rows);
  right.erase(right.begin(), right.begin() + rows);
  match_weight.erase(match_weight.begin(), match_weight.begin() + rows);
  match_key.erase(match_key.begin(), match_key.begin() + rows);
  gammas.erase(gammas.begin(),
               gammas.begin() + rows * static_cast<std::ptrdiff_t>(num_comparisons));
  tf_log2_bf.erase(tf_log2_bf.begin(),
                   tf_log2_bf.begin() + rows * static_cast<std::ptrdiff_t>(tf_comparisons.size()));
}

namespace {
// out[i] = in[order[i] * width + k] for k < width: one field of the pairs, permuted.
template <typename T>
void permute(std::vector<T>& values, const std::vector<std::uint32_t>& order, std::size_t width) {
  std::vector<T> out(values.size());
  for (std::size_t i = 0; i < order.size(); ++i) {
    std::copy_n(values.begin() + static_cast<std::ptrdiff_t>(order[i] * width), width,
                out.begin() + static_cast<std::ptrdiff_t>(i * width));
  }
  values.swap(out);
}
}  // namespace

void Predictions::sort() {
  const std::size_t n = size();
  XJS_CHECK(n <= UINT32_MAX, "too many pairs on one rank to sort");
  std::vector<std::uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [this](std::uint32_t a, std::uint32_t b) {
    return left[a] != left[b] ? left[a] < left[b] : right[a] < right[b];
  });
  bool sorted = true;
  for (std::size_t i = 0; i < n && sorted; ++i)
    sorted = order[i] == i;
  if (sorted) return;
  permute(left, order, 1);
  permute(right, order, 1);
  permute(match_weight, order, 1);
  permute(match_key, order, 1);
  permute(gammas, order, num_comparisons);
  permute(tf_log2_bf, order, tf_comparisons.size());
}

ScoreThreshold ScoreThreshold::from_settings(const Settings& settings) {
  ScoreThreshold t;
  if (settings.threshold_match_weight) {
    t.by_weight = true;
    t.value = *settings.threshold_match_weight;
  } else {
    t.value = settings.threshold_match_probability.value_or(0.0);
  }
  return t;
}

namespace {
// tf[i] = the global count of hashes[i] over the global number of non-null hashes (0 for null).
std::vector<double> frequencies(const dist::Comm& comm, const std::vector<std::uint64_t>& hashes) {
  const std::vector<std::uint64_t> counts = dist::global_value_counts(comm, hashes);
  std::uint64_t non_null = 0;
  for (std::uint64_t h : hashes)
    non_null += h != kNullHash ? 1 : 0;
  non_null = comm.allreduce(non_null, dist::Op::kSum);
  std::vector<double> tf(hashes.size(), 0.0);
  for (std::size_t i = 0; i < counts.size(); ++i) {
    if (counts[i] > 0) tf[i] = static_cast<double>(counts[i]) / static_cast<double>(non_null);
  }
  return tf;
}
}  // namespace

void compute_term_frequencies(const dist::Comm& comm, PreparedRecords& local) {
  for (PreparedColumn& column : local.columns) {
    if (column.has_tf) column.tf = frequencies(comm, column.hash);
  }
  for (TupleFrequencies& tuple : local.tuples) {
    std::vector<std::uint64_t> hashes(local.size());
    for (std::size_t row = 0; row < local.size(); ++row)
      hashes[row] = tuple_hash(local, tuple.columns, row);
    tuple.tf = frequencies(comm, hashes);
  }
}

Predictions score_pairs(const dist::Comm& comm, const PreparedRecords& local,
                        const Settings& settings, const Model& model,
                        const ScoreThreshold& threshold, ScoreCounts* counts,
                        const ExecutionOptions& execution, bool keep_tf_bayes_factors) {
  KeptPairs kept(kept_pairs_layout(model, keep_tf_bayes_factors), /*budget_bytes=*/0, {}, {});
  score_pairs_into(comm, local, settings, model, threshold, counts, execution, kept);
  return std::move(kept.in_memory());
}

Predictions kept_pairs_layout(const Model& model, bool keep_tf_bayes_factors) {
  Predictions layout = Predictions::for_model(model);
  if (!keep_tf_bayes_factors) layout.tf_comparisons.clear();
  return layout;
}

void score_pairs_into(const dist::Comm& comm, const PreparedRecords& local,
                      const Settings& settings, const Model& model, const ScoreThreshold& threshold,
                      ScoreCounts* counts, const ExecutionOptions& execution, KeptPairs& kept) {
  const bool keep_tf_bayes_factors = !kept.in_memory().tf_comparisons.empty();
  const ComparisonVector comparisons(settings, local);
  const std::size_t nc = comparisons.size();
  const double prior = model.prior_log2_odds();
  // Bayes factors per level, looked up rather than recomputed per pair.
  std::vector<std::vector<double>> level_bf(nc);
  std::vector<std::vector<bool>> level_tf(nc);
  for (std::size_t c = 0; c < nc; ++c) {
    for (std::size_t l = 0; l < model.comparisons[c].levels.size(); ++l) {
      level_bf[c].push_back(model.log2_bayes_factor(c, l));
      level_tf[c].push_back(model.comparisons[c].levels[l].tf_adjust);
    }
  }

  ScoreCounts totals;
  totals.pairs_per_rule.assign(settings.blocking_rules.size(), 0);
  // Without the term-frequency Bayes factors (compact predictions do not write them) a kept
  // pair has no tf comparisons, and scoring still applies the adjustments.
  const Predictions layout = Predictions::for_model(model);
  const Predictions no_pairs = kept_pairs_layout(model, keep_tf_bayes_factors);
  const std::size_t rows_per_add = kept.rows_per_add();
  const std::vector<std::uint64_t> local_keys = compute_rule_keys(local, settings.blocking_rules);
  for (std::size_t r = 0; r < settings.blocking_rules.size(); ++r) {
    struct State {
      Predictions out;
      std::uint64_t scored = 0;
      std::vector<std::uint8_t> gammas;
      std::vector<double> tf_bf;
      ComparisonScratch scratch;
    };
    State prototype;
    prototype.out = no_pairs;
    const std::vector<std::size_t>& tf_comparisons = layout.tf_comparisons;
    const std::size_t nt = tf_comparisons.size();
    const auto rule = static_cast<std::uint8_t>(r);
    // Rank 0's own share of the rule's pair work: ranks get about equal shares (block_plan), so
    // its progress stands for the stage's.
    std::optional<ProgressReporter> progress;
    auto score_round = [&](const BlockedRecords& blocked) {
      if (!progress) {
        const std::size_t nr = settings.blocking_rules.size();
        progress.emplace(
            nr == 1 ? std::string("predict")
                    : "predict (rule " + std::to_string(r + 1) + " of " + std::to_string(nr) + ")",
            blocked.rule_pairs, "pairs", comm.is_root());
      }
      auto states = scan_rows(
          blocked, settings.link_type, /*exclude_earlier_rules=*/true, prototype,
          [&](State& s, const PreparedRecords& records, std::uint32_t a,
              std::span<const std::uint32_t> bs) {
            s.scored += bs.size();
            s.gammas.resize(bs.size() * nc);
            s.tf_bf.resize(nt);
            comparisons.levels_one_to_many(records, a, bs, s.gammas.data(), s.scratch);
            for (std::size_t i = 0; i < bs.size(); ++i) {
              const std::uint32_t b = bs[i];
              const std::uint8_t* g = s.gammas.data() + i * nc;
              // Summed in comparison order, so a pair's weight is bit-identical anywhere.
              double weight = prior;
              for (std::size_t c = 0, t = 0; c < nc; ++c) {
                double bf = level_bf[c][g[c]];
                if (t < nt && tf_comparisons[t] == c) {
                  if (level_tf[c][g[c]]) {
                    bf += model.log2_tf_adjustment(c, g[c],
                                                   comparisons.term_frequency(c, records, a));
                  }
                  s.tf_bf[t++] = bf;
                }
                weight += bf;
              }
              if (!threshold.passes(weight, probability_from_log2_odds(weight))) continue;
              Predictions& o = s.out;
              const bool a_first = records.global_index[a] < records.global_index[b];
              o.left.push_back(records.global_index[a_first ? a : b]);
              o.right.push_back(records.global_index[a_first ? b : a]);
              o.match_weight.push_back(weight);
              o.match_key.push_back(rule);
              o.gammas.insert(o.gammas.end(), g, g + nc);
              if (keep_tf_bayes_factors) {
                o.tf_log2_bf.insert(o.tf_log2_bf.end(), s.tf_bf.begin(), s.tf_bf.end());
              }
            }
            // Handed over in small batches, so threads never hold much beyond the budget.
            if (s.out.size() >= rows_per_add) kept.add(s.out);
          },
          &*progress);
      for (auto& s : states) {
        totals.pairs_per_rule[r] += s.scored;
        kept.add(s.out);
        s.out = Predictions{};
      }
    };
    const auto started = std::chrono::steady_clock::now();
    totals.work_per_rank.push_back(for_each_blocked_round(comm, local, settings.blocking_rules, r,
                                                          execution, score_round, local_keys));
    if (progress) progress->finish();
    log_debug(
        comm.is_root(),
        "rule '" + settings.blocking_rules[r].text +
            "': " + std::to_string(totals.pairs_per_rule[r]) + " pairs on this rank in " +
            std::to_string(
                std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count()) +
            " s");
  }
  comm.allreduce_inplace(std::span<std::uint64_t>(totals.pairs_per_rule), dist::Op::kSum);
  for (auto n : totals.pairs_per_rule)
    totals.scored += n;
  kept.finish();
  totals.kept = comm.allreduce<std::uint64_t>(kept.rows(), dist::Op::kSum);
  log_info(comm.is_root(), "scored " + std::to_string(totals.scored) + " pairs, kept " +
                               std::to_string(totals.kept) + " at or above the threshold");
  if (counts != nullptr) *counts = totals;
}

}  // namespace xjslink
