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
// exclusion of pairs that an earlier rule finds. It works on positions in BlockIndex::order,
// with the sources and earlier keys copied into that order, so that comparing a record with
// the rest of its block reads them sequentially.
class PairFilter {
 public:
  // rule_keys: rule-major keys over the records, for rules [0, earlier_rules) at least.
  PairFilter(const BlockIndex& index, LinkType link_type, std::span<const std::uint16_t> source,
             std::span<const std::uint64_t> rule_keys, std::size_t num_records,
             std::size_t earlier_rules);
  bool allows(std::uint64_t pos_a, std::uint64_t pos_b) const {
    if (link_only_ && source_[pos_a] == source_[pos_b]) return false;
    for (std::size_t r = 0; r < earlier_rules_; ++r) {
      const std::uint64_t ka = keys_[r * positions_ + pos_a];
      if (ka != kNullHash && ka == keys_[r * positions_ + pos_b]) return false;
    }
    return true;
  }

 private:
  bool link_only_;
  std::size_t earlier_rules_;
  std::size_t positions_;
  std::vector<std::uint16_t> source_;  // per position
  std::vector<std::uint64_t> keys_;    // rule-major, per position
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
  static PairTask rectangle(std::uint64_t row_begin, std::uint64_t row_end, std::uint64_t col_begin,
                            std::uint64_t col_end) {
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
// The pairs a task covers before any filter (its share of the planned pair work).
std::uint64_t task_pairs(const PairTask& task, const BlockIndex& index);

// Calls visit_row(a, bs) for each row a of a task with its candidate partners bs (after the
// filter), so that a's values can be compared with many at once. In triangles every b has a
// larger global index than a; in rectangles the order of a and b varies per pair.
template <typename VisitRow>
void for_each_task_row(const PairTask& task, const BlockIndex& index, const PairFilter& filter,
                       std::vector<std::uint32_t>& partners, VisitRow&& visit_row) {
  auto row = [&](std::uint64_t i, std::uint64_t from, std::uint64_t to) {
    const std::uint32_t a = index.order[i];
    partners.clear();
    for (std::uint64_t j = from; j < to; ++j) {
      if (filter.allows(i, j)) partners.push_back(index.order[j]);
    }
    if (!partners.empty()) visit_row(a, std::span<const std::uint32_t>(partners));
  };
  switch (task.kind) {
    case PairTask::Kind::kBlocks:
      for (std::uint64_t blk = task.first; blk < task.last; ++blk) {
        const std::uint64_t end = index.starts[blk + 1];
        for (std::uint64_t i = index.starts[blk]; i + 1 < end; ++i)
          row(i, i + 1, end);
      }
      break;
    case PairTask::Kind::kTriangle:
      for (std::uint64_t i = task.row_begin; i < task.row_end; ++i)
        row(i, i + 1, task.span_end);
      break;
    case PairTask::Kind::kRectangle:
      for (std::uint64_t i = task.row_begin; i < task.row_end; ++i) {
        row(i, task.col_begin, task.col_end);
      }
      break;
  }
}

// Total number of comparisons a link type allows among all records (the denominator of λ).
// counts_per_source: global record count of each source dataset.
double total_possible_pairs(LinkType link_type, std::span<const std::uint64_t> counts_per_source);

}  // namespace xjslink
