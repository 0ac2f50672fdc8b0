// File: pair_scan.cpp
// Rounds of record placement for pair scans, and the thread tasks of the blocks a rank holds.
#include "pair_scan.hpp"

#include <algorithm>
#include <numeric>

#include "dist/block_plan.hpp"
#include "dist/comm.hpp"
#include "dist/shuffle.hpp"
#include "xjslink/log.hpp"

namespace xjslink {
namespace {

// Thread tasks for the blocks of `blocked` that this rank compares: whole blocks, or the
// tiles of split blocks assigned to this rank.
void plan_tasks(BlockedRecords& blocked, const dist::BlockPlan* plan, int rank) {
  const BlockIndex& index = blocked.index;
  const PreparedRecords& records = *blocked.records;
  std::uint64_t run_start = 0;  // first block of the current run of whole blocks
  for (std::uint64_t b = 0; b < index.num_blocks(); ++b) {
    const dist::BlockPlan::Scheduled* s =
        plan != nullptr ? plan->find(index.block_keys[b]) : nullptr;
    if (s == nullptr || s->chunks == 1) continue;
    plan_block_tasks(index, run_start, b, kPairsPerTask, blocked.tasks);
    run_start = b + 1;
    // Chunk boundaries inside the block (rows are sorted by chunk).
    std::vector<std::uint64_t> bounds(s->chunks + 1, index.starts[b + 1]);
    std::uint64_t pos = index.starts[b];
    for (std::uint32_t c = 0; c < s->chunks; ++c) {
      bounds[c] = pos;
      while (pos < index.starts[b + 1] &&
             dist::BlockPlan::chunk_of(s->key, records.global_index[index.order[pos]], s->chunks) ==
                 c) {
        ++pos;
      }
    }
    bounds[s->chunks] = pos;
    for (std::uint32_t t = s->first_tile; t < s->first_tile + s->num_tiles; ++t) {
      const dist::BlockPlan::Tile& tile = plan->tiles()[t];
      if (tile.rank != rank) continue;
      if (tile.chunk_a == tile.chunk_b) {
        plan_triangle_tasks(bounds[tile.chunk_a], bounds[tile.chunk_a + 1], kPairsPerTask,
                            blocked.tasks);
      } else {
        plan_rectangle_tasks(bounds[tile.chunk_a], bounds[tile.chunk_a + 1], bounds[tile.chunk_b],
                             bounds[tile.chunk_b + 1], kPairsPerTask, blocked.tasks);
      }
    }
  }
  plan_block_tasks(index, run_start, index.num_blocks(), kPairsPerTask, blocked.tasks);
}

// Copies the records of the blocks into block order, so that comparing a record with the rest
// of its block reads consecutive memory; afterwards rows and block positions coincide. The
// copy pays only when records meet many partners, so sparse rules keep the original order.
void into_block_order(BlockedRecords& blocked, std::size_t num_rules) {
  std::uint64_t pairs = 0;
  for (std::size_t b = 0; b < blocked.index.num_blocks(); ++b) {
    pairs += dist::block_pairs(blocked.index.block_size(b));
  }
  constexpr std::uint64_t kMinPairsPerRecord = 8;
  if (pairs < kMinPairsPerRecord * blocked.index.order.size()) return;
  const PreparedRecords& from = *blocked.records;
  const std::size_t n = from.size();
  const std::vector<std::uint32_t>& order = blocked.index.order;
  PreparedRecords ordered = gather_rows(from, order);
  std::vector<std::uint64_t> keys(num_rules * order.size());
  for (std::size_t r = 0; r < num_rules; ++r) {
    for (std::size_t p = 0; p < order.size(); ++p) {
      keys[r * order.size() + p] = blocked.rule_keys[r * n + order[p]];
    }
  }
  blocked.received = std::move(ordered);
  blocked.records = &blocked.received;
  blocked.rule_keys = std::move(keys);
  std::iota(blocked.index.order.begin(), blocked.index.order.end(), 0u);
}

}  // namespace

std::vector<std::uint64_t> for_each_blocked_round(
    const dist::Comm& comm, const PreparedRecords& local, std::span<const BlockingRuleSpec> rules,
    std::size_t rule, const ExecutionOptions& options,
    const std::function<void(const BlockedRecords&)>& on_round,
    std::span<const std::uint64_t> given_keys) {
  const std::span<const BlockingRuleSpec> used = rules.subspan(0, rule + 1);
  const std::size_t n_local = local.size();
  // Rule-major: the first (rule + 1) × n keys are those of rules [0, rule].
  std::vector<std::uint64_t> computed;
  if (given_keys.empty()) computed = compute_rule_keys(local, used);
  const std::span<const std::uint64_t> local_keys =
      given_keys.empty() ? std::span<const std::uint64_t>(computed)
                         : given_keys.subspan(0, (rule + 1) * n_local);
  // One rank without a memory budget compares its own records in place (a copy in block order
  // when that pays); with a budget it takes the rounds below, so that the records in block
  // order are never more than the budget at once.
  if (comm.size() == 1 && options.memory_budget_bytes == 0) {
    BlockedRecords blocked;
    blocked.rule = rule;
    blocked.records = &local;
    blocked.rule_keys.assign(local_keys.begin(), local_keys.end());
    blocked.index = build_block_index(
        std::span<const std::uint64_t>(blocked.rule_keys).subspan(rule * n_local, n_local),
        local.global_index);
    into_block_order(blocked, rule + 1);
    plan_tasks(blocked, nullptr, 0);
    for (const PairTask& task : blocked.tasks)
      blocked.rule_pairs += task_pairs(task, blocked.index);
    on_round(blocked);
    std::uint64_t work = 0;
    for (std::size_t b = 0; b < blocked.index.num_blocks(); ++b) {
      work += dist::block_pairs(blocked.index.block_size(b));
    }
    return {work};
  }
  const std::span<const std::uint64_t> keys_of_rule = local_keys.subspan(rule * n_local, n_local);
  dist::PlanOptions plan_options;
  plan_options.memory_budget_bytes = options.memory_budget_bytes;
  dist::BlockPlan plan = dist::plan_blocks(comm, keys_of_rule, plan_options);
  plan.set_rounds(
      dist::shuffle_rounds(comm, local, keys_of_rule, plan, options.memory_budget_bytes));
  log_debug(comm.is_root(), "rule '" + rules[rule].text + "': " + std::to_string(plan.rounds()) +
                                " shuffle round(s)");
  for (std::uint32_t round = 0; round < plan.rounds(); ++round) {
    BlockedRecords blocked;
    blocked.rule = rule;
    blocked.received = dist::shuffle_round(comm, local, keys_of_rule, plan, round);
    blocked.records = &blocked.received;
    const std::size_t n = blocked.received.size();
    blocked.rule_keys = compute_rule_keys(blocked.received, used);
    const std::span<const std::uint64_t> keys =
        std::span<const std::uint64_t>(blocked.rule_keys).subspan(rule * n, n);
    std::vector<std::uint32_t> chunks(n, 0);
    for (std::size_t row = 0; row < n; ++row) {
      const dist::BlockPlan::Scheduled* s = plan.find(keys[row]);
      if (s != nullptr && s->chunks > 1) {
        chunks[row] =
            dist::BlockPlan::chunk_of(s->key, blocked.received.global_index[row], s->chunks);
      }
    }
    blocked.index = build_block_index(keys, blocked.received.global_index, chunks);
    into_block_order(blocked, rule + 1);
    plan_tasks(blocked, &plan, comm.rank());
    blocked.rule_pairs = plan.work_per_rank()[static_cast<std::size_t>(comm.rank())];
    on_round(blocked);
  }
  return plan.work_per_rank();
}

}  // namespace xjslink
