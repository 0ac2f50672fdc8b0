// File: eval/reliability.hpp
// Calibration you can check: the written pairs binned by predicted match probability, with the
// mean predicted probability of each bin and, against a truth, the share of its pairs that are
// true matches (a reliability diagram; DeGroot & Fienberg 1983, Niculescu-Mizil & Caruana
// 2005). A calibrated model has observed precision = mean predicted probability in every bin.
// Bins are deciles up to 0.9, then finer towards 1, where most links sit:
//   [0, 0.1), [0.1, 0.2), ..., [0.8, 0.9), [0.9, 0.99), [0.99, 0.999), [0.999, 0.9999),
//   [0.9999, 0.99999), [0.99999, 0.999999), [0.999999, 1]
// A probability exactly at an edge falls in the bin above it; 1 is in the last bin.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "xjslink/eval/metrics.hpp"
#include "xjslink/eval/pair_tally.hpp"

namespace xjslink::eval {

inline constexpr std::array<double, 16> kReliabilityEdges = {
    0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.99, 0.999, 0.9999, 0.99999, 0.999999, 1.0};
inline constexpr std::size_t kReliabilityBins = kReliabilityEdges.size() - 1;

// The bin of a probability in [0, 1].
std::size_t reliability_bin(double probability);

struct ReliabilityBin {
  double low = 0;  // edges: [low, high), the last bin [low, 1]
  double high = 0;
  std::uint64_t pairs = 0;           // written pairs
  double probability_sum = 0;        // Σ p over them
  std::uint64_t labelled_pairs = 0;  // both records have a truth label
  double labelled_probability_sum = 0;
  std::uint64_t true_positives = 0;  // labelled pairs of one person (in scope)

  // Mean p over the written pairs: the model's expected precision of the bin.
  std::optional<double> mean_probability() const;
  // Mean p over the labelled pairs: the figure to set against the observed precision.
  std::optional<double> labelled_mean_probability() const;
  // TP / labelled pairs.
  std::optional<double> observed_precision() const;
};

// Streamed like PairTally: add the blocks of pairs in file order.
class ReliabilityTally {
 public:
  explicit ReliabilityTally(LinkType link_type);
  void add(std::span<const ScoredPair> pairs, const LabelledRecords& records);
  const std::vector<ReliabilityBin>& bins() const { return bins_; }

 private:
  LinkType link_type_;
  std::vector<ReliabilityBin> bins_;
};

struct Calibration {
  std::vector<ReliabilityBin> bins;  // all kReliabilityBins, empty ones included
  // Over the labelled written pairs (with a truth):
  std::uint64_t labelled_pairs = 0;
  std::uint64_t true_positives = 0;
  double expected_true_positives = 0;  // Σ p over the labelled pairs
  // Expected calibration error (Naeini et al. 2015): Σ_b (n_b / N) |mean p_b − precision_b|
  // over bins with labelled pairs, n_b their labelled pairs, N all labelled pairs.
  std::optional<double> expected_calibration_error;
  // Calibration in the large: observed TP / expected TP (1 when calibrated overall).
  std::optional<double> observed_over_expected;
};

Calibration calibration(const ReliabilityTally& tally);

}  // namespace xjslink::eval
