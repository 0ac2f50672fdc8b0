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

// Records grouped by one rule's key: order holds local row indices sorted by (key, chunk,
// global index); block b is order[starts[b] .. starts[b+1]). Only blocks of two or more records.
// Chunks (see dist/block_plan.hpp) subdivide blocks that are split into tiles; elsewhere 0.
struct BlockIndex {
  std::vector<std::uint32_t> order;
  std::vector<std::uint64_t> starts;
  std::vector<std::uint64_t> block_keys;  // key of each block
  std::size_t num_blocks() const { return starts.empty() ? 0 : starts.size() - 1; }
  std::uint64_t block_size(std::size_t b) const { return starts[b + 1] - starts[b]; }
};
// chunks may be empty (no block is split) or give each row's chunk.
BlockIndex build_block_index(std::span<const std::uint64_t> keys,
                             std::span<const std::uint64_t> global_index,
                             std::span<const std::uint32_t> chunks = {});

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

// A unit of pair work for one thread, over positions in BlockIndex::order:
//  kBlocks:    every pair within each of the blocks [first, last);
//  kTriangle:  rows [row_begin, row_end), each paired with the later rows up to span_end (a big
//              block, or one chunk of a split block, shared among several tasks);
//  kRectangle: rows [row_begin, row_end) paired with every row in [col_begin, col_end) (a tile
//              between two chunks of a split block).
struct PairTask {
  enum class Kind : std::uint8_t { kBlocks, kTriangle, kRectangle };
  Kind kind = Kind::kBlocks;
  std::uint64_t first = 0, last = 0;
  std::uint64_t row_begin = 0, row_end = 0, span_end = 0;
  std::uint64_t col_begin = 0, col_end = 0;

  static PairTask blocks(std::uint64_t first, std::uint64_t last) {
    return {Kind::kBlocks, first, last, 0, 0, 0, 0, 0};
  }
  static PairTask triangle(std::uint64_t row_begin, std::uint64_t row_end, std::uint64_t span_end) {
    return {Kind::kTriangle, 0, 0, row_begin, row_end, span_end, 0, 0};
  }
  static PairTask rectangle(std::uint64_t row_begin, std::uint64_t row_end,
                            std::uint64_t col_begin, std::uint64_t col_end) {
    return {Kind::kRectangle, 0, 0, row_begin, row_end, 0, col_begin, col_end};
  }
};

// Groups small blocks [first, last) and splits big ones so that tasks hold about target_pairs
// pairs each, appended in block order.
void plan_block_tasks(const BlockIndex& index, std::uint64_t first, std::uint64_t last,
                      std::uint64_t target_pairs, std::vector<PairTask>& tasks);
// Triangle of positions [begin, end) in tasks of about target_pairs pairs.
void plan_triangle_tasks(std::uint64_t begin, std::uint64_t end, std::uint64_t target_pairs,
                         std::vector<PairTask>& tasks);
// Rectangle [row_begin, row_end) × [col_begin, col_end) in tasks of about target_pairs pairs.
void plan_rectangle_tasks(std::uint64_t row_begin, std::uint64_t row_end, std::uint64_t col_begin,
                          std::uint64_t col_end, std::uint64_t target_pairs,
                          std::vector<PairTask>& tasks);
// All blocks of an index, as plan_block_tasks.
std::vector<PairTask> plan_pair_tasks(const BlockIndex& index, std::uint64_t target_pairs);

// Calls visit(a, b) for every candidate pair of a task, with a and b local rows ordered so that
// global_index[a] < global_index[b].
template <typename Visit>
void for_each_task_pair(const PairTask& task, const BlockIndex& index, const PairFilter& filter,
                        std::span<const std::uint64_t> global_index, Visit&& visit) {
  auto triangle = [&](std::uint64_t row_begin, std::uint64_t row_end, std::uint64_t span_end) {
    for (std::uint64_t i = row_begin; i < row_end; ++i) {
      const std::uint32_t a = index.order[i];
      for (std::uint64_t j = i + 1; j < span_end; ++j) {
        const std::uint32_t b = index.order[j];
        if (filter.allows(a, b)) visit(a, b);
      }
    }
  };
  switch (task.kind) {
    case PairTask::Kind::kBlocks:
      for (std::uint64_t blk = task.first; blk < task.last; ++blk) {
        triangle(index.starts[blk], index.starts[blk + 1], index.starts[blk + 1]);
      }
      break;
    case PairTask::Kind::kTriangle:
      triangle(task.row_begin, task.row_end, task.span_end);
      break;
    case PairTask::Kind::kRectangle:
      for (std::uint64_t i = task.row_begin; i < task.row_end; ++i) {
        const std::uint32_t a = index.order[i];
        for (std::uint64_t j = task.col_begin; j < task.col_end; ++j) {
          const std::uint32_t b = index.order[j];
          if (!filter.allows(a, b)) continue;
          if (global_index[a] < global_index[b]) {
            visit(a, b);
          } else {
            visit(b, a);
          }
        }
      }
      break;
  }
}

// Total number of comparisons a link type allows among all records (the denominator of λ).
// counts_per_source: global record count of each source dataset.
double total_possible_pairs(LinkType link_type, std::span<const std::uint64_t> counts_per_source);

}  // namespace xjslink
