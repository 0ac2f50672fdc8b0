// File: score.hpp
// Scoring: every candidate pair of the prediction blocking rules (each pair once, tagged with
// the first rule that finds it) gets its gamma vector, per-comparison log2 Bayes factor (with
// the term-frequency adjustment on exact levels), match weight and match probability. Pairs at
// or above the threshold are kept; outputs list them by (left, right) global record index, so
// they are the same whatever the number of ranks and threads.
#pragma once

#include <cstdint>
#include <vector>

#include "xjslink/execution.hpp"
#include "xjslink/model.hpp"
#include "xjslink/prepared_records.hpp"
#include "xjslink/settings.hpp"

namespace xjslink {

namespace dist {
class Comm;
}

// Kept pairs, column by column. Only what cannot be recomputed cheaply is stored (about
// 33 + C + 8·T bytes a pair for C comparisons of which T have term-frequency levels): the match
// probability follows from the weight, and a comparison's Bayes factor from its level and the
// model, except where a term-frequency adjustment made it depend on the value.
struct Predictions {
  std::size_t num_comparisons = 0;
  std::vector<std::size_t> tf_comparisons;  // the comparisons with tf_adjust levels, in order
  std::vector<std::uint64_t> left, right;   // global record indices, left < right
  std::vector<double> match_weight;
  std::vector<std::uint8_t> match_key;  // index of the blocking rule that found the pair
  std::vector<std::uint8_t> gammas;     // pair-major: num_comparisons level indices per pair
  std::vector<double> tf_log2_bf;       // pair-major: log2 BF of each tf comparison

  std::size_t size() const { return left.size(); }
  double match_probability(std::size_t i) const;
  // log2 Bayes factor of comparison c for pair i (with its term-frequency adjustment).
  double log2_bf(std::size_t i, std::size_t c, const Model& model) const;
  // An empty set of kept pairs laid out for this model.
  static Predictions for_model(const Model& model);
  void append(const Predictions& other);
  // No rows, the same layout (num_comparisons, tf_comparisons).
  Predictions empty_like() const;
  // Removes every row (the layout stays).
  void clear_rows();
  // Removes rows [0, n).
  void erase_first(std::size_t n);
  // Sorts by (left, right).
  void sort();
};

struct ScoreThreshold {
  bool by_weight = false;
  double value = 0.0;  // probability, or weight when by_weight
  bool passes(double weight, double probability) const {
    return by_weight ? weight >= value : probability >= value;
  }
  static ScoreThreshold from_settings(const Settings& settings);
};

struct ScoreCounts {
  std::vector<std::uint64_t> pairs_per_rule;  // candidate pairs per rule (after exclusion)
  // Planned pair work (pairs in the blocks each rank compares), per rule and rank.
  std::vector<std::vector<std::uint64_t>> work_per_rank;
  std::uint64_t scored = 0;
  std::uint64_t kept = 0;
};

// Collective. Returns this rank's share of the kept pairs, sorted by (left, right); which rank
// holds a pair depends on the rank count (output_tables puts them in global order). counts are
// global. Without keep_tf_bayes_factors the pairs carry no per-comparison term-frequency Bayes
// factors (tf_comparisons is empty; the weights are the same): 8 bytes a pair fewer for each.
Predictions score_pairs(const dist::Comm& comm, const PreparedRecords& local,
                        const Settings& settings, const Model& model,
                        const ScoreThreshold& threshold, ScoreCounts* counts,
                        const ExecutionOptions& execution = {}, bool keep_tf_bayes_factors = true);

class KeptPairs;

// The layout (num_comparisons, tf_comparisons) of kept pairs for this model.
Predictions kept_pairs_layout(const Model& model, bool keep_tf_bayes_factors);

// Collective. The same scoring, with the kept pairs handed to `kept` as they are found (made
// with kept_pairs_layout; it spills sorted runs to disk beyond its budget), finished at the end.
void score_pairs_into(const dist::Comm& comm, const PreparedRecords& local,
                      const Settings& settings, const Model& model, const ScoreThreshold& threshold,
                      ScoreCounts* counts, const ExecutionOptions& execution, KeptPairs& kept);

// Collective: fills PreparedColumn::tf of every column that has a tf_adjust level, from the
// frequency of each value among all records of all ranks.
void compute_term_frequencies(const dist::Comm& comm, PreparedRecords& local);

}  // namespace xjslink
