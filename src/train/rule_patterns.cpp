// File: train/rule_patterns.cpp
// Pattern histograms and pair counts over blocking rules: every rank scans the blocks it holds,
// threads count into their own histograms, and the integer counts are summed across ranks.
#include "dist/comm.hpp"
#include "dist/reduce.hpp"
#include "dist/value_counts.hpp"
#include "xjslink/counter_rng.hpp"

#include <algorithm>
#include <optional>
#include "pair_scan.hpp"
#include "train/train_internal.hpp"
#include "xjslink/progress/progress.hpp"

namespace xjslink::train_detail {
namespace {

constexpr std::uint64_t kStreamEmSample = 0x454d'53414d50ull;  // "EMSAMP"

bool keep_pair(std::uint64_t a, std::uint64_t b, const PairSample& sample) {
  const std::uint64_t lo = std::min(a, b), hi = std::max(a, b);
  const std::uint64_t bits = counter_random(sample.seed, kStreamEmSample ^ hi, lo);
  return uniform_unit(bits) < sample.keep_fraction;
}

}  // namespace

std::uint64_t rule_block_pairs(const dist::Comm& comm, const PreparedRecords& local,
                               const BlockingRuleSpec& rule) {
  const std::vector<std::uint64_t> keys =
      compute_rule_keys(local, std::span<const BlockingRuleSpec>(&rule, 1));
  const std::vector<std::uint64_t> sizes = dist::global_value_counts(comm, keys);
  // Each record of a block of n has n - 1 partners; every pair is counted twice.
  std::uint64_t twice = 0;
  for (std::uint64_t n : sizes)
    twice += n > 0 ? n - 1 : 0;
  return comm.allreduce(twice, dist::Op::kSum) / 2;
}

std::uint64_t count_rule_pairs(const dist::Comm& comm, const PreparedRecords& local,
                               const std::vector<BlockingRuleSpec>& rules, LinkType link_type,
                               const ExecutionOptions& execution) {
  std::uint64_t total = 0;
  const std::vector<std::uint64_t> local_keys = compute_rule_keys(local, rules);
  for (std::size_t r = 0; r < rules.size(); ++r) {
    for_each_blocked_round(
        comm, local, rules, r, execution,
        [&](const BlockedRecords& blocked) {
          const auto states = scan_pairs(
              blocked, link_type, /*exclude_earlier_rules=*/true, std::uint64_t{0},
              [](std::uint64_t& n, const PreparedRecords&, std::uint32_t, std::uint32_t) { ++n; });
          for (std::uint64_t n : states)
            total += n;
        },
        local_keys);
  }
  return comm.allreduce(total, dist::Op::kSum);
}

std::vector<PatternCount> rule_pattern_counts(const dist::Comm& comm, const PreparedRecords& local,
                                              const std::vector<BlockingRuleSpec>& rules,
                                              std::size_t rule, bool exclude_earlier,
                                              const ComparisonVector& comparisons,
                                              LinkType link_type, const ExecutionOptions& execution,
                                              const PairSample& sample) {
  // A rule scanned alone is rule 0 of a one-rule list: no earlier rules to exclude.
  std::vector<BlockingRuleSpec> alone;
  const std::vector<BlockingRuleSpec>* list = &rules;
  std::size_t index = rule;
  if (!exclude_earlier) {
    alone.push_back(rules[rule]);
    list = &alone;
    index = 0;
  }
  struct State {
    PatternCounts counts;
    std::vector<std::uint8_t> gammas;
    std::vector<std::uint32_t> kept;
    ComparisonScratch scratch;
  };
  const std::size_t nc = comparisons.size();
  const PatternCodec& codec = comparisons.codec();
  PatternCounts merged;
  // Rank 0's own share of the rule's pair work, as in score_pairs.
  std::optional<ProgressReporter> progress;
  for_each_blocked_round(comm, local, *list, index, execution, [&](const BlockedRecords& blocked) {
    if (!progress) {
      progress.emplace("train: pairs of rule '" + rules[rule].text + "'", blocked.rule_pairs,
                       "pairs", comm.is_root());
    }
    const auto states = scan_rows(
        blocked, link_type, exclude_earlier, State{},
        [&](State& s, const PreparedRecords& records, std::uint32_t a,
            std::span<const std::uint32_t> all) {
          std::span<const std::uint32_t> bs = all;
          if (sample.keep_fraction < 1.0) {
            s.kept.clear();
            for (std::uint32_t b : all) {
              if (keep_pair(records.global_index[a], records.global_index[b], sample)) {
                s.kept.push_back(b);
              }
            }
            bs = s.kept;
          }
          s.gammas.resize(bs.size() * nc);
          comparisons.levels_one_to_many(records, a, bs, s.gammas.data(), s.scratch);
          for (std::size_t i = 0; i < bs.size(); ++i) {
            s.counts.add(codec.pack(std::span<const std::uint8_t>(s.gammas).subspan(i * nc, nc)));
          }
        },
        &*progress);
    for (const auto& s : states)
      merged.merge(s.counts);
  });
  if (progress) progress->finish();
  return dist::allreduce_pattern_counts(comm, merged);
}

}  // namespace xjslink::train_detail
