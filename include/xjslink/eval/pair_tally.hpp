// File: eval/pair_tally.hpp
// One streaming pass over the scored pairs of a run (predictions.csv/h5, in blocks): exact
// counts at the evaluation threshold, and counts in fine match-weight bins from which the
// precision-recall curve, the model's own estimates and the weight histogram are read.
// Only pairs at or above the run's output threshold were written, so every figure here is
// about those pairs; below that threshold nothing is known.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "xjslink/eval/metrics.hpp"

namespace xjslink::eval {

struct ScoredPair {
  std::uint32_t left = 0;  // dense record ids
  std::uint32_t right = 0;
  double match_weight = 0;
  double match_probability = 0;
};

// Bins are [k/kBinsPerBit, (k+1)/kBinsPerBit) bits of match weight.
inline constexpr int kBinsPerBit = 10;

struct WeightBin {
  std::uint64_t pairs = 0;           // written pairs
  std::uint64_t labelled_pairs = 0;  // both records have a truth label
  std::uint64_t true_positives = 0;  // labelled, in scope and of one person
  double probability_sum = 0;        // sum of match_probability over the written pairs
};

// log2(p / (1 - p)), the match weight of a probability (±infinity at 0 and 1); the inverse is
// xjslink::probability_from_log2_odds.
double weight_of_probability(double probability);

class PairTally {
 public:
  PairTally(double threshold_probability, LinkType link_type, std::uint32_t num_sources);

  // Adds a block of pairs, in file order (sums are then the same on every run).
  void add(std::span<const ScoredPair> pairs, const LabelledRecords& records);

  double threshold_probability() const { return threshold_; }
  LinkType link_type() const { return link_type_; }

  // All written pairs.
  std::uint64_t pairs_written() const { return pairs_written_; }
  double probability_sum_written() const { return probability_sum_written_; }
  std::optional<double> min_weight() const;
  std::optional<double> max_weight() const;

  // At the threshold (p >= threshold), exactly.
  std::uint64_t pairs_at_threshold() const { return at_threshold_.pairs; }
  std::uint64_t labelled_pairs_at_threshold() const { return at_threshold_.labelled_pairs; }
  std::uint64_t true_positives_at_threshold() const { return at_threshold_.true_positives; }
  double probability_sum_at_threshold() const { return at_threshold_.probability_sum; }
  // Pairs at the threshold by unordered source pair: index s * num_sources + t with s <= t.
  const std::vector<std::uint64_t>& pairs_by_source_pair() const { return by_source_pair_; }

  // Bin k holds weights in [k/kBinsPerBit, (k+1)/kBinsPerBit); bins() starts at first_bin().
  std::int64_t first_bin() const { return first_bin_; }
  const std::vector<WeightBin>& bins() const { return bins_; }

 private:
  WeightBin& bin_for(double weight);

  double threshold_;
  LinkType link_type_;
  std::uint32_t num_sources_;
  std::uint64_t pairs_written_ = 0;
  double probability_sum_written_ = 0;
  WeightBin at_threshold_;
  std::vector<std::uint64_t> by_source_pair_;
  std::int64_t first_bin_ = 0;
  std::vector<WeightBin> bins_;
};

// A point of the threshold curve: the pairs with weight >= match_weight.
struct CurvePoint {
  double match_weight = 0;
  double match_probability = 0;
  std::uint64_t pairs = 0;             // written pairs at or above (labelled or not)
  PairCounts counts;                   // labelled pairs at or above; true_pairs = all true pairs
  double expected_true_positives = 0;  // sum of match_probability at or above
};

// The curve on a regular grid of match weights (step 0.1, 0.2, 0.5, 1, 2, 5 or 10 bits, the
// finest giving at most max_points points), from the output threshold up to the largest
// weight, plus the exact point at the tally's threshold first. Bins make grid points exact up
// to the rounding of weight * kBinsPerBit.
std::vector<CurvePoint> threshold_curve(const PairTally& tally, std::uint64_t true_pairs,
                                        double output_threshold_probability,
                                        std::size_t max_points = 100);

// Truth-free estimates from the match probabilities, as Splink reports them. They assume the
// model is calibrated; recall is relative to the expected matches among the written pairs
// (matches scored below the output threshold or never blocked are not seen), and, as a second
// view, to the model's prior: lambda times the number of possible pairs.
struct ModelEstimates {
  double threshold_probability = 0;
  std::uint64_t pairs = 0;                        // at or above the threshold
  double expected_true_positives = 0;             // sum of p over those pairs
  double expected_false_positives = 0;            // pairs - expected TP
  double expected_matches_written = 0;            // sum of p over all written pairs
  double expected_missed_written = 0;             // written pairs below the threshold: sum of p
  std::optional<double> expected_precision;       // mean p over the pairs at the threshold
  std::optional<double> expected_recall_written;  // expected TP / expected matches written
  double possible_pairs = 0;                      // pairs in the linkage's pair space
  double expected_matches_prior = 0;              // lambda * possible pairs
  std::optional<double> expected_recall_prior;    // expected TP / (lambda * possible pairs)
};

// possible_pairs: all pairs of records in the linkage's pair space (see possible_pairs()).
ModelEstimates model_estimates(const PairTally& tally, double lambda, double possible_pairs);

// Pairs of distinct records in the pair space, from the record count per source dataset.
double possible_pairs(LinkType link_type, const std::vector<std::uint64_t>& records_per_source);

}  // namespace xjslink::eval
