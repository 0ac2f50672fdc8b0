// File: report/waterfall.cpp
#include "xjslink/report/waterfall.hpp"

#include <xxhash.h>

#include <algorithm>
#include <cmath>

#include "xjslink/eval/pair_tally.hpp"
#include "xjslink/eval/table_blocks.hpp"

namespace xjslink::report {
namespace {

constexpr double kNearBits = 4;  // "near the threshold": weight within this many bits above it

std::uint64_t row_hash(std::uint64_t seed, std::uint64_t row) {
  return XXH3_64bits_withSeed(&row, sizeof row, seed);
}

}  // namespace

std::optional<std::size_t> level_of_gamma(const ComparisonParameters& comparison, int gamma) {
  const int null_level = comparison.null_level();
  if (gamma < 0) {
    if (null_level < 0) return std::nullopt;
    return static_cast<std::size_t>(null_level);
  }
  // Non-null levels count down to 0 for the last one.
  const auto n = static_cast<int>(comparison.levels.size());
  const int index = n - 1 - gamma;
  if (index < 0 || index >= n || index == null_level) return std::nullopt;
  return static_cast<std::size_t>(index);
}

WaterfallSampler::WaterfallSampler(const Model& model, std::size_t pairs, std::uint64_t seed,
                                   double threshold, bool has_truth, bool keep_keys)
    : seed_(seed), has_truth_(has_truth), keep_keys_(keep_keys) {
  for (std::size_t c = 0; c < model.comparisons.size(); ++c) {
    const ComparisonParameters& comparison = model.comparisons[c];
    comparison_names_.push_back(comparison.name);
    std::vector<std::optional<std::size_t>> levels;
    for (int gamma = -1; gamma < static_cast<int>(comparison.levels.size()); ++gamma)
      levels.push_back(level_of_gamma(comparison, gamma));
    level_of_gamma_.push_back(std::move(levels));
    std::vector<double> bf;
    for (std::size_t l = 0; l < comparison.levels.size(); ++l)
      bf.push_back(model.log2_bayes_factor(c, l));
    level_log2_bf_.push_back(std::move(bf));
  }
  if (has_truth) strata_.push_back("false match");
  strata_.push_back("near the threshold");
  strata_.push_back("well above the threshold");
  // Each stratum keeps up to the whole sample size, so that strata with too few pairs can be
  // made up from the others.
  pairs_ = pairs;
  near_low_ = eval::weight_of_probability(threshold);
  near_high_ = (std::isfinite(near_low_) ? near_low_ : 0.0) + kNearBits;
  kept_.resize(strata_.size());
}

std::vector<std::string> WaterfallSampler::columns(const std::vector<std::string>& header) const {
  std::vector<std::string> out;
  for (const auto& name : comparison_names_) {
    for (const std::string& c : {"gamma_" + name, "bf_" + name}) {
      if (std::find(header.begin(), header.end(), c) != header.end()) out.push_back(c);
    }
  }
  return out;
}

void WaterfallSampler::observe(const Table& block, std::span<const eval::ScoredPair> pairs,
                               std::uint64_t first_row, const eval::LabelledRecords& records) {
  if (pairs_ == 0) return;
  std::string buffer;
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    const eval::ScoredPair& p = pairs[i];
    const bool labelled = records.labelled(p.left) && records.labelled(p.right);
    const bool true_match = labelled && records.person[p.left] == records.person[p.right];
    std::size_t stratum;
    if (has_truth_ && labelled && !true_match) {
      stratum = 0;
    } else {
      const bool near = p.match_weight < near_high_;
      stratum = (has_truth_ ? 1 : 0) + (near ? 0 : 1);
    }
    if (p.match_weight < near_low_) continue;  // below the evaluation threshold
    const std::uint64_t row = first_row + i;
    const std::uint64_t h = row_hash(seed_, row);
    std::vector<Kept>& kept = kept_[stratum];
    if (kept.size() >= pairs_ && h >= kept.back().hash) continue;
    SampledPair s;
    s.row = row;
    s.stratum = strata_[stratum];
    s.match_weight = p.match_weight;
    s.match_probability = p.match_probability;
    if (labelled) s.true_match = true_match;
    for (std::size_t c = 0; c < comparison_names_.size(); ++c) {
      const int g = block.find_column("gamma_" + comparison_names_[c]);
      const int b = block.find_column("bf_" + comparison_names_[c]);
      const int gamma =
          g < 0 ? -1 : static_cast<int>(eval::cell_number(block.column(g), i, {}, row + 1));
      s.gamma.push_back(gamma);
      double bf = 0.0;
      if (b >= 0) {
        bf = eval::cell_number(block.column(b), i, {}, row + 1);
      } else if (g >= 0 && gamma + 1 >= 0 &&
                 static_cast<std::size_t>(gamma + 1) < level_of_gamma_[c].size()) {
        if (const auto level = level_of_gamma_[c][static_cast<std::size_t>(gamma + 1)]) {
          bf = level_log2_bf_[c][*level];
        }
      }
      s.log2_bf.push_back(bf);
    }
    if (keep_keys_) {
      s.source_l = eval::cell_text(block.column(0), i, buffer);
      s.unique_id_l = eval::cell_text(block.column(1), i, buffer);
      s.source_r = eval::cell_text(block.column(2), i, buffer);
      s.unique_id_r = eval::cell_text(block.column(3), i, buffer);
    }
    const Kept k{h, std::move(s)};
    kept.insert(std::upper_bound(kept.begin(), kept.end(), k,
                                 [](const Kept& a, const Kept& b) { return a.hash < b.hash; }),
                k);
    if (kept.size() > pairs_) kept.pop_back();
  }
}

std::vector<SampledPair> WaterfallSampler::samples() const {
  // An equal share per stratum, then what is left over from strata with fewer pairs, in order.
  const std::size_t share = (pairs_ + strata_.size() - 1) / strata_.size();
  std::vector<std::size_t> take(kept_.size());
  std::size_t left = pairs_;
  for (std::size_t s = 0; s < kept_.size(); ++s) {
    take[s] = std::min({share, kept_[s].size(), left});
    left -= take[s];
  }
  for (std::size_t s = 0; s < kept_.size() && left > 0; ++s) {
    const std::size_t more = std::min(left, kept_[s].size() - take[s]);
    take[s] += more;
    left -= more;
  }
  std::vector<SampledPair> out;
  for (std::size_t t = 0; t < kept_.size(); ++t) {
    std::vector<SampledPair> s;
    for (std::size_t k = 0; k < take[t]; ++k)
      s.push_back(kept_[t][k].pair);
    std::sort(s.begin(), s.end(), [](const SampledPair& a, const SampledPair& b) {
      return a.match_weight > b.match_weight || (a.match_weight == b.match_weight && a.row < b.row);
    });
    out.insert(out.end(), s.begin(), s.end());
  }
  return out;
}

}  // namespace xjslink::report
