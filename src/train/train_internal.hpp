// File: train/train_internal.hpp (private)
// The steps of training, each collective and rank-count independent.
#pragma once

#include <cstdint>
#include <vector>

#include <nlohmann/json.hpp>

#include "xjslink/comparison.hpp"
#include "xjslink/em.hpp"
#include "xjslink/execution.hpp"
#include "xjslink/model.hpp"
#include "xjslink/pattern_counts.hpp"
#include "xjslink/train.hpp"

namespace xjslink::train_detail {

// Per comparison, per level: how often the level occurs among `pairs` random pairs.
struct LevelCounts {
  std::uint64_t pairs = 0;
  std::vector<std::vector<std::uint64_t>> counts;
};
LevelCounts sample_random_pairs(const dist::Comm& comm, const PreparedRecords& local,
                                const ComparisonVector& comparisons, const Settings& settings,
                                const RecordCounts& counts);

// u = (count + 0.5) / (non-null total + 0.5 × levels): a level never seen in the sample gets a
// small positive u instead of zero (an infinite Bayes factor).
void set_u_from_counts(const LevelCounts& sample, Model& model);

// Number of pairs found by rules (each pair once, the link type applied).
std::uint64_t count_rule_pairs(const dist::Comm& comm, const PreparedRecords& local,
                               const std::vector<BlockingRuleSpec>& rules, LinkType link_type,
                               const ExecutionOptions& execution);

// A uniform sample of a rule's pairs: a pair is kept when a hash of its two global indices and
// the seed falls below keep_fraction, so the sample is the same for any rank count.
struct PairSample {
  double keep_fraction = 1.0;
  std::uint64_t seed = 0;
};

// Global histogram of gamma patterns over the pairs of rules[rule]; with exclude_earlier, pairs
// found by an earlier rule are left out (prediction semantics); without, the rule alone.
std::vector<PatternCount> rule_pattern_counts(const dist::Comm& comm, const PreparedRecords& local,
                                              const std::vector<BlockingRuleSpec>& rules,
                                              std::size_t rule, bool exclude_earlier,
                                              const ComparisonVector& comparisons,
                                              LinkType link_type, const ExecutionOptions& execution,
                                              const PairSample& sample = {});

// Pairs in the blocks of one rule (before the link type's filter), over all ranks: an upper
// bound of the rule's pairs, known before any pair is made.
std::uint64_t rule_block_pairs(const dist::Comm& comm, const PreparedRecords& local,
                               const BlockingRuleSpec& rule);

// EmParameters view of a model, and back.
EmParameters em_parameters(const Model& model);

}  // namespace xjslink::train_detail
