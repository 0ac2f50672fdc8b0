// File: score.cpp
// Scoring of prediction pairs and term frequencies. Weights are summed in comparison order, so
// a pair's weight is bit-identical wherever it is scored.
#include "xjslink/score.hpp"

#include <algorithm>
#include <numeric>

#include "dist/comm.hpp"
#include "dist/value_counts.hpp"
#include "pair_scan.hpp"
#include "xjslink/comparison.hpp"
#include "xjslink/log.hpp"

namespace xjslink {

void Predictions::reserve(std::size_t pairs) {
  left.reserve(pairs);
  right.reserve(pairs);
  match_weight.reserve(pairs);
  match_probability.reserve(pairs);
  match_key.reserve(pairs);
  gammas.reserve(pairs * num_comparisons);
  log2_bf.reserve(pairs * num_comparisons);
}

void Predictions::append_from(const Predictions& other, std::size_t i) {
  const std::size_t nc = num_comparisons;
  left.push_back(other.left[i]);
  right.push_back(other.right[i]);
  match_weight.push_back(other.match_weight[i]);
  match_probability.push_back(other.match_probability[i]);
  match_key.push_back(other.match_key[i]);
  gammas.insert(gammas.end(), other.gammas.begin() + static_cast<std::ptrdiff_t>(i * nc),
                other.gammas.begin() + static_cast<std::ptrdiff_t>((i + 1) * nc));
  log2_bf.insert(log2_bf.end(), other.log2_bf.begin() + static_cast<std::ptrdiff_t>(i * nc),
                 other.log2_bf.begin() + static_cast<std::ptrdiff_t>((i + 1) * nc));
}

void Predictions::sort() {
  std::vector<std::size_t> order(size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [this](std::size_t a, std::size_t b) {
    return left[a] != left[b] ? left[a] < left[b] : right[a] < right[b];
  });
  if (std::is_sorted(order.begin(), order.end())) return;
  Predictions sorted;
  sorted.num_comparisons = num_comparisons;
  sorted.reserve(size());
  for (std::size_t i : order) sorted.append_from(*this, i);
  *this = std::move(sorted);
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

void compute_term_frequencies(const dist::Comm& comm, PreparedRecords& local) {
  for (PreparedColumn& column : local.columns) {
    if (!column.has_tf) continue;
    const std::vector<std::uint64_t> counts = dist::global_value_counts(comm, column.hash);
    std::uint64_t non_null = 0;
    for (std::uint64_t h : column.hash) non_null += h != kNullHash ? 1 : 0;
    non_null = comm.allreduce(non_null, dist::Op::kSum);
    column.tf.assign(column.hash.size(), 0.0);
    for (std::size_t i = 0; i < counts.size(); ++i) {
      if (counts[i] > 0) {
        column.tf[i] = static_cast<double>(counts[i]) / static_cast<double>(non_null);
      }
    }
  }
}

Predictions score_pairs(const dist::Comm& comm, const PreparedRecords& local,
                        const Settings& settings, const Model& model, const ScoreThreshold& threshold,
                        ScoreCounts* counts, const ExecutionOptions& execution) {
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
  Predictions kept;
  kept.num_comparisons = nc;
  for (std::size_t r = 0; r < settings.blocking_rules.size(); ++r) {
    struct State {
      Predictions out;
      std::uint64_t scored = 0;
      std::vector<std::uint8_t> gammas;
      std::vector<double> bf;
    };
    State prototype;
    prototype.out.num_comparisons = nc;
    prototype.gammas.resize(nc);
    prototype.bf.resize(nc);
    const auto rule = static_cast<std::uint8_t>(r);
    auto score_round = [&](const BlockedRecords& blocked) {
    auto states = scan_pairs(
        blocked, settings.link_type, /*exclude_earlier_rules=*/true, prototype,
        [&](State& s, const PreparedRecords& records, std::uint32_t a, std::uint32_t b) {
          ++s.scored;
          double weight = prior;
          for (std::size_t c = 0; c < nc; ++c) {
            const std::uint8_t g = comparisons.level(c, records, a, b);
            s.gammas[c] = g;
            double bf = level_bf[c][g];
            if (level_tf[c][g]) {
              const PreparedColumn& col = records.columns[comparisons.column_of(c)];
              bf += model.log2_tf_adjustment(c, g, col.tf[a]);
            }
            s.bf[c] = bf;
            weight += bf;
          }
          const double probability = probability_from_log2_odds(weight);
          if (!threshold.passes(weight, probability)) return;
          Predictions& o = s.out;
          o.left.push_back(records.global_index[a]);
          o.right.push_back(records.global_index[b]);
          o.match_weight.push_back(weight);
          o.match_probability.push_back(probability);
          o.match_key.push_back(rule);
          o.gammas.insert(o.gammas.end(), s.gammas.begin(), s.gammas.end());
          o.log2_bf.insert(o.log2_bf.end(), s.bf.begin(), s.bf.end());
        });
    for (auto& s : states) {
      totals.pairs_per_rule[r] += s.scored;
      for (std::size_t i = 0; i < s.out.size(); ++i) kept.append_from(s.out, i);
      s.out = Predictions{};
    }
    };
    totals.work_per_rank.push_back(for_each_blocked_round(comm, local, settings.blocking_rules, r,
                                                          execution, score_round));
  }
  comm.allreduce_inplace(std::span<std::uint64_t>(totals.pairs_per_rule), dist::Op::kSum);
  for (auto n : totals.pairs_per_rule) totals.scored += n;
  kept.sort();
  totals.kept = comm.allreduce<std::uint64_t>(kept.size(), dist::Op::kSum);
  log_info(comm.is_root(), "scored " + std::to_string(totals.scored) + " pairs, kept " +
                               std::to_string(totals.kept) + " at or above the threshold");
  if (counts != nullptr) *counts = totals;
  return kept;
}

}  // namespace xjslink
