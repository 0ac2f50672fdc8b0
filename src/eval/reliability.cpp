// File: eval/reliability.cpp
#include "xjslink/eval/reliability.hpp"

#include <algorithm>
#include <cmath>

namespace xjslink::eval {

std::size_t reliability_bin(double probability) {
  // The last edge whose value is <= p; edges are compared as written, so p = 0.3 is in
  // [0.3, 0.4) exactly.
  const auto it = std::upper_bound(kReliabilityEdges.begin(), kReliabilityEdges.end(), probability);
  const auto k = static_cast<std::size_t>(it - kReliabilityEdges.begin());
  return std::clamp<std::size_t>(k, 1, kReliabilityBins) - 1;
}

std::optional<double> ReliabilityBin::mean_probability() const {
  if (pairs == 0) return std::nullopt;
  return probability_sum / static_cast<double>(pairs);
}

std::optional<double> ReliabilityBin::labelled_mean_probability() const {
  if (labelled_pairs == 0) return std::nullopt;
  return labelled_probability_sum / static_cast<double>(labelled_pairs);
}

std::optional<double> ReliabilityBin::observed_precision() const {
  if (labelled_pairs == 0) return std::nullopt;
  return static_cast<double>(true_positives) / static_cast<double>(labelled_pairs);
}

ReliabilityTally::ReliabilityTally(LinkType link_type)
    : link_type_(link_type), bins_(kReliabilityBins) {
  for (std::size_t b = 0; b < kReliabilityBins; ++b) {
    bins_[b].low = kReliabilityEdges[b];
    bins_[b].high = kReliabilityEdges[b + 1];
  }
}

void ReliabilityTally::add(std::span<const ScoredPair> pairs, const LabelledRecords& records) {
  for (const ScoredPair& pair : pairs) {
    const double p = pair.match_probability;
    ReliabilityBin& bin = bins_[reliability_bin(p)];
    ++bin.pairs;
    bin.probability_sum += p;
    if (records.labelled(pair.left) && records.labelled(pair.right)) {
      ++bin.labelled_pairs;
      bin.labelled_probability_sum += p;
      if (records.person[pair.left] == records.person[pair.right] &&
          pair_in_scope(link_type_, records.source[pair.left], records.source[pair.right])) {
        ++bin.true_positives;
      }
    }
  }
}

Calibration calibration(const ReliabilityTally& tally) {
  Calibration c;
  c.bins = tally.bins();
  double gap_sum = 0;
  for (const ReliabilityBin& b : c.bins) {
    c.labelled_pairs += b.labelled_pairs;
    c.true_positives += b.true_positives;
    c.expected_true_positives += b.labelled_probability_sum;
    if (b.labelled_pairs > 0) {
      gap_sum += static_cast<double>(b.labelled_pairs) *
                 std::abs(*b.labelled_mean_probability() - *b.observed_precision());
    }
  }
  if (c.labelled_pairs > 0) {
    c.expected_calibration_error = gap_sum / static_cast<double>(c.labelled_pairs);
  }
  if (c.expected_true_positives > 0) {
    c.observed_over_expected = static_cast<double>(c.true_positives) / c.expected_true_positives;
  }
  return c;
}

}  // namespace xjslink::eval
