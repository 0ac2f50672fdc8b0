// File: blocking.hpp
// Blocking: the key of each rule per record, blocks of records that share a key, and the
// candidate pairs inside blocks. A pair found by rule k is dropped when an earlier rule j < k
// also finds it (their keys for rule j are equal and non-null), so each pair is scored once and
// its match_key is the first rule that finds it.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "xjslink/prepared_records.hpp"
#include "xjslink/settings.hpp"

namespace xjslink {

// Value of one key expression for a record: its text, or nullopt when null/empty.
std::optional<std::string> evaluate_key(const KeyExpression& key, const PreparedRecords& records,
                                        std::size_t row);

// Hash of each rule's key for every record, rule-major: keys[r * n + row]; kNullHash when any
// key of the rule is null for that record (the record then joins no block of that rule).
std::vector<std::uint64_t> compute_rule_keys(const PreparedRecords& records,
                                             std::span<const BlockingRuleSpec> rules);

// Records grouped by one rule's key: order holds local row indices sorted by (key, global
// index); block b is order[starts[b] .. starts[b+1]). Only blocks of two or more records.
struct BlockIndex {
  std::vector<std::uint32_t> order;
  std::vector<std::uint64_t> starts;
  std::size_t num_blocks() const { return starts.empty() ? 0 : starts.size() - 1; }
  std::uint64_t block_size(std::size_t b) const { return starts[b + 1] - starts[b]; }
};
BlockIndex build_block_index(std::span<const std::uint64_t> keys,
                             std::span<const std::uint64_t> global_index);

// Which pairs of a block are candidates: the link type's constraint on sources, and the
// exclusion of pairs that an earlier rule finds.
class PairFilter {
 public:
  // rule_keys: rule-major keys of rules [0, rule] (at least); `rule` is the one being scanned.
  PairFilter(LinkType link_type, std::span<const std::uint16_t> source,
             std::span<const std::uint64_t> rule_keys, std::size_t num_records, std::size_t rule);
  bool allows(std::uint32_t a, std::uint32_t b) const {
    if (link_type_ == LinkType::kLinkOnly && source_[a] == source_[b]) return false;
    for (std::size_t r = 0; r < rule_; ++r) {
      const std::uint64_t ka = rule_keys_[r * n_ + a];
      if (ka != kNullHash && ka == rule_keys_[r * n_ + b]) return false;
    }
    return true;
  }

 private:
  LinkType link_type_;
  std::span<const std::uint16_t> source_;
  std::span<const std::uint64_t> rule_keys_;
  std::size_t n_;
  std::size_t rule_;
};

// A unit of pair work for one thread: either whole blocks [first_block, last_block), or, for a
// big block split across tasks, rows [row_begin, row_end) of block first_block, each paired with
// every later row of that block.
struct PairTask {
  std::uint64_t first_block, last_block;
  std::uint64_t row_begin, row_end;  // positions in BlockIndex::order; used when split
  bool split = false;
};
// Groups small blocks and splits big ones so that tasks hold about `target_pairs` pairs each,
// in block order, for dynamic scheduling across threads.
std::vector<PairTask> plan_pair_tasks(const BlockIndex& index, std::uint64_t target_pairs);

// Calls visit(a, b) for every candidate pair of a task, with a and b local rows ordered so that
// global_index[a] < global_index[b].
template <typename Visit>
void for_each_task_pair(const PairTask& task, const BlockIndex& index, const PairFilter& filter,
                        Visit&& visit) {
  for (std::uint64_t blk = task.first_block; blk < task.last_block; ++blk) {
    const std::uint64_t block_end = index.starts[blk + 1];
    const std::uint64_t row_begin = task.split ? task.row_begin : index.starts[blk];
    const std::uint64_t row_end = task.split ? task.row_end : block_end;
    for (std::uint64_t i = row_begin; i < row_end; ++i) {
      const std::uint32_t a = index.order[i];
      for (std::uint64_t j = i + 1; j < block_end; ++j) {
        const std::uint32_t b = index.order[j];
        if (filter.allows(a, b)) visit(a, b);
      }
    }
  }
}

// Number of pairs a rule would produce for the link type (with earlier-rule exclusion), counted
// without scoring: used for the per-rule counts in run.json and by the deterministic λ estimate.
std::uint64_t count_candidate_pairs(const PreparedRecords& records,
                                    std::span<const std::uint64_t> rule_keys,
                                    std::size_t rule, LinkType link_type);

// Total number of comparisons a link type allows among all records (the denominator of λ).
// counts_per_source: global record count of each source dataset.
double total_possible_pairs(LinkType link_type, std::span<const std::uint64_t> counts_per_source);

}  // namespace xjslink
