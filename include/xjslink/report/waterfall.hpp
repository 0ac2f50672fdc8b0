// File: report/waterfall.hpp
// A deterministic sample of scored pairs for waterfall charts, taken during the evaluation's
// pass over the predictions: each pair gets a hash of (seed, row) and every stratum keeps the
// pairs with the smallest hashes, so the sample depends only on the file and the seed. Strata:
// false matches (when a truth is given), pairs near the threshold (within 4 bits above it),
// and the rest. Only levels and weights are kept; record keys only if asked for.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "xjslink/eval/evaluation.hpp"
#include "xjslink/model.hpp"

namespace xjslink::report {

struct SampledPair {
  std::uint64_t row = 0;  // 0-based row in the predictions file
  std::string stratum;
  double match_weight = 0;
  double match_probability = 0;
  std::vector<int> gamma;       // per comparison (Splink: -1 null, 0 else, higher = closer)
  std::vector<double> log2_bf;  // per comparison, including term-frequency adjustment
  std::optional<bool> true_match;
  // Record keys, kept only with keep_keys (for --show-values).
  std::string source_l, unique_id_l, source_r, unique_id_r;
};

class WaterfallSampler : public eval::PredictionObserver {
 public:
  // threshold: the evaluation threshold (match probability); pairs: the sample size.
  WaterfallSampler(const Model& model, std::size_t pairs, std::uint64_t seed, double threshold,
                   bool has_truth, bool keep_keys);

  std::vector<std::string> columns(const std::vector<std::string>& header) const override;
  void observe(const Table& block, std::span<const eval::ScoredPair> pairs, std::uint64_t first_row,
               const eval::LabelledRecords& records) override;

  // The sample, by stratum, then by match weight (descending).
  std::vector<SampledPair> samples() const;

 private:
  struct Kept {
    std::uint64_t hash;
    SampledPair pair;
  };
  std::vector<std::string> comparison_names_;
  // Per comparison, the level of each Splink gamma (index gamma + 1) and the levels' log2 Bayes
  // factors: the bars of compact predictions, which carry gamma but no bf (so no term-frequency
  // adjustment).
  std::vector<std::vector<std::optional<std::size_t>>> level_of_gamma_;
  std::vector<std::vector<double>> level_log2_bf_;
  std::vector<std::string> strata_;
  std::size_t pairs_;
  std::uint64_t seed_;
  double near_low_, near_high_;  // match weights bounding the "near the threshold" stratum
  bool has_truth_;
  bool keep_keys_;
  std::vector<std::vector<Kept>> kept_;  // per stratum, the smallest hashes, at most pairs_
};

// Splink's gamma value -> index of the level in the comparison's levels (null level for -1).
std::optional<std::size_t> level_of_gamma(const ComparisonParameters& comparison, int gamma);

}  // namespace xjslink::report
