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

struct Predictions {
  std::size_t num_comparisons = 0;
  std::vector<std::uint64_t> left, right;  // global record indices, left < right
  std::vector<double> match_weight;
  std::vector<double> match_probability;
  std::vector<std::uint8_t> match_key;     // index of the blocking rule that found the pair
  std::vector<std::uint8_t> gammas;        // pair-major: num_comparisons level indices per pair
  std::vector<double> log2_bf;             // pair-major: log2 Bayes factor per comparison

  std::size_t size() const { return left.size(); }
  void reserve(std::size_t pairs);
  // Appends pair i of other.
  void append_from(const Predictions& other, std::size_t i);
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
// global.
Predictions score_pairs(const dist::Comm& comm, const PreparedRecords& local,
                        const Settings& settings, const Model& model, const ScoreThreshold& threshold,
                        ScoreCounts* counts, const ExecutionOptions& execution = {});

// Collective: fills PreparedColumn::tf of every column that has a tf_adjust level, from the
// frequency of each value among all records of all ranks.
void compute_term_frequencies(const dist::Comm& comm, PreparedRecords& local);

}  // namespace xjslink
