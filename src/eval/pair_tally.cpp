// File: eval/pair_tally.cpp
#include "xjslink/eval/pair_tally.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "xjslink/model.hpp"

namespace xjslink::eval {
namespace {

// Weights beyond this many bits are clamped into the end bins (probabilities there are 0 or 1
// to double precision anyway), so one absurd weight cannot make the bin vector huge.
constexpr double kMaxAbsWeight = 1100;

std::int64_t bin_index(double weight) {
  const double w = std::clamp(weight, -kMaxAbsWeight, kMaxAbsWeight);
  return static_cast<std::int64_t>(std::floor(w * kBinsPerBit));
}

}  // namespace

double weight_of_probability(double probability) {
  if (probability <= 0) return -std::numeric_limits<double>::infinity();
  if (probability >= 1) return std::numeric_limits<double>::infinity();
  return std::log2(probability / (1 - probability));
}

PairTally::PairTally(double threshold_probability, LinkType link_type, std::uint32_t num_sources)
    : threshold_(threshold_probability),
      link_type_(link_type),
      num_sources_(num_sources),
      by_source_pair_(static_cast<std::size_t>(num_sources) * num_sources, 0) {}

WeightBin& PairTally::bin_for(double weight) {
  const std::int64_t k = bin_index(weight);
  if (bins_.empty()) {
    first_bin_ = k;
    bins_.resize(1);
  } else if (k < first_bin_) {
    bins_.insert(bins_.begin(), static_cast<std::size_t>(first_bin_ - k), WeightBin{});
    first_bin_ = k;
  } else if (k >= first_bin_ + static_cast<std::int64_t>(bins_.size())) {
    bins_.resize(static_cast<std::size_t>(k - first_bin_ + 1));
  }
  return bins_[static_cast<std::size_t>(k - first_bin_)];
}

void PairTally::add(std::span<const ScoredPair> pairs, const LabelledRecords& records) {
  for (const ScoredPair& pair : pairs) {
    const double p = pair.match_probability;
    const bool labelled = records.labelled(pair.left) && records.labelled(pair.right);
    const bool true_positive =
        labelled && records.person[pair.left] == records.person[pair.right] &&
        pair_in_scope(link_type_, records.source[pair.left], records.source[pair.right]);
    WeightBin& bin = bin_for(pair.match_weight);
    ++bin.pairs;
    bin.labelled_pairs += labelled ? 1 : 0;
    bin.true_positives += true_positive ? 1 : 0;
    bin.probability_sum += p;
    ++pairs_written_;
    probability_sum_written_ += p;
    if (p >= threshold_) {
      ++at_threshold_.pairs;
      at_threshold_.labelled_pairs += labelled ? 1 : 0;
      at_threshold_.true_positives += true_positive ? 1 : 0;
      at_threshold_.probability_sum += p;
      std::uint32_t s = records.source[pair.left], t = records.source[pair.right];
      if (s > t) std::swap(s, t);
      ++by_source_pair_[static_cast<std::size_t>(s) * num_sources_ + t];
    }
  }
}

std::optional<double> PairTally::min_weight() const {
  if (bins_.empty()) return std::nullopt;
  return static_cast<double>(first_bin_) / kBinsPerBit;
}

std::optional<double> PairTally::max_weight() const {
  if (bins_.empty()) return std::nullopt;
  return static_cast<double>(first_bin_ + static_cast<std::int64_t>(bins_.size())) / kBinsPerBit;
}

std::vector<CurvePoint> threshold_curve(const PairTally& tally, std::uint64_t true_pairs,
                                        double output_threshold_probability,
                                        std::size_t max_points) {
  // Suffix sums over the bins: totals at or above each bin.
  const std::vector<WeightBin>& bins = tally.bins();
  std::vector<WeightBin> above(bins.size() + 1);
  for (std::size_t i = bins.size(); i-- > 0;) {
    above[i] = above[i + 1];
    above[i].pairs += bins[i].pairs;
    above[i].labelled_pairs += bins[i].labelled_pairs;
    above[i].true_positives += bins[i].true_positives;
    above[i].probability_sum += bins[i].probability_sum;
  }
  const auto make = [&](double weight, const WeightBin& totals) {
    CurvePoint p;
    p.match_weight = weight;
    p.match_probability = probability_from_log2_odds(weight);
    p.pairs = totals.pairs;
    p.counts.predicted = totals.labelled_pairs;
    p.counts.true_positives = totals.true_positives;
    p.counts.true_pairs = true_pairs;
    p.expected_true_positives = totals.probability_sum;
    return p;
  };

  std::vector<CurvePoint> out;
  // Every written pair is at or above the output threshold: the first point is exact.
  const double w_out = weight_of_probability(output_threshold_probability);
  const double w_first = std::isfinite(w_out) ? w_out : tally.min_weight().value_or(0.0);
  out.push_back(make(w_first, above[0]));
  out.front().match_probability =
      std::isfinite(w_out) ? output_threshold_probability : probability_from_log2_odds(w_first);
  if (bins.empty()) return out;

  const double lo = w_first, hi = *tally.max_weight();
  double step = 10;
  for (const double s : {0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0}) {
    if ((hi - lo) / s <= static_cast<double>(max_points)) {
      step = s;
      break;
    }
  }
  const auto step_bins = static_cast<std::int64_t>(std::llround(step * kBinsPerBit));
  std::int64_t k = static_cast<std::int64_t>(std::floor(lo / step)) * step_bins;
  const std::int64_t end = tally.first_bin() + static_cast<std::int64_t>(bins.size());
  for (; k < end; k += step_bins) {
    const double w = static_cast<double>(k) / kBinsPerBit;
    if (w <= lo) continue;
    const std::int64_t i = std::max<std::int64_t>(0, k - tally.first_bin());
    out.push_back(make(w, above[static_cast<std::size_t>(i)]));
  }

  // The exact point at the evaluation threshold, in weight order.
  const double t = tally.threshold_probability();
  if (t > output_threshold_probability) {
    CurvePoint exact;
    exact.match_weight = weight_of_probability(t);
    exact.match_probability = t;
    exact.pairs = tally.pairs_at_threshold();
    exact.counts.predicted = tally.labelled_pairs_at_threshold();
    exact.counts.true_positives = tally.true_positives_at_threshold();
    exact.counts.true_pairs = true_pairs;
    exact.expected_true_positives = tally.probability_sum_at_threshold();
    const auto at = std::find_if(out.begin(), out.end(), [&](const CurvePoint& p) {
      return p.match_weight >= exact.match_weight;
    });
    if (at != out.end() && at->match_weight == exact.match_weight) {
      *at = exact;
    } else {
      out.insert(at, exact);
    }
  }
  return out;
}

ModelEstimates model_estimates(const PairTally& tally, double lambda, double possible) {
  ModelEstimates e;
  e.threshold_probability = tally.threshold_probability();
  e.pairs = tally.pairs_at_threshold();
  e.expected_true_positives = tally.probability_sum_at_threshold();
  e.expected_false_positives = static_cast<double>(e.pairs) - e.expected_true_positives;
  e.expected_matches_written = tally.probability_sum_written();
  e.expected_missed_written = e.expected_matches_written - e.expected_true_positives;
  if (e.pairs > 0) e.expected_precision = e.expected_true_positives / static_cast<double>(e.pairs);
  if (e.expected_matches_written > 0) {
    e.expected_recall_written = e.expected_true_positives / e.expected_matches_written;
  }
  e.possible_pairs = possible;
  e.expected_matches_prior = lambda * possible;
  if (e.expected_matches_prior > 0) {
    e.expected_recall_prior = e.expected_true_positives / e.expected_matches_prior;
  }
  return e;
}

double possible_pairs(LinkType link_type, const std::vector<std::uint64_t>& records_per_source) {
  double total = 0, sum_sq = 0;
  for (const std::uint64_t n : records_per_source) {
    total += static_cast<double>(n);
    sum_sq += static_cast<double>(n) * static_cast<double>(n);
  }
  if (total < 2) return 0;
  if (link_type == LinkType::kLinkOnly) return (total * total - sum_sq) / 2;
  return total * (total - 1) / 2;
}

}  // namespace xjslink::eval
