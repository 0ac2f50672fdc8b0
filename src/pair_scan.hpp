// File: pair_scan.hpp (private)
// Brings the records of a blocking rule's blocks together and runs a visitor over every
// candidate pair with OpenMP threads. With several ranks, records move to where their blocks
// are compared (dist/block_plan.hpp: small blocks at the key's owner, big ones scheduled, the
// biggest split into tiles), in rounds that keep what a rank receives under a memory budget.
// Each thread owns a State; the caller merges the states, which is reproducible when the merge
// is order-independent (integer sums) or the caller sorts.
#pragma once

#include <cstdint>
#include <exception>
#include <functional>
#include <span>
#include <vector>

#include <omp.h>

#include "xjslink/blocking.hpp"
#include "xjslink/execution.hpp"
#include "xjslink/prepared_records.hpp"
#include "xjslink/progress/progress.hpp"
#include "xjslink/settings.hpp"

namespace xjslink {

namespace dist {
class Comm;
}

// The records this rank compares in one round of one rule: its blocks (whole, or its tiles of
// split ones) with the keys of the rule and of every earlier rule, for the exclusion of pairs
// that an earlier rule finds.
struct BlockedRecords {
  const PreparedRecords* records = nullptr;  // local records, or `received`
  PreparedRecords received;
  std::vector<std::uint64_t> rule_keys;  // rule-major over *records, rules [0, rule]
  BlockIndex index;
  std::vector<PairTask> tasks;  // this rank's pair work, in thread-sized pieces
  std::size_t rule = 0;
  // This rank's planned pair work for the rule over all rounds (the total of a progress report).
  std::uint64_t rule_pairs = 0;
};

// Collective: calls on_round(blocked) once per round (at least once, on every rank), for the
// given rule of `rules`. Returns the planned pair work of every rank (for run.json).
// local_keys: compute_rule_keys(local, rules) when the caller scans several rules (computed
// here otherwise).
std::vector<std::uint64_t> for_each_blocked_round(
    const dist::Comm& comm, const PreparedRecords& local, std::span<const BlockingRuleSpec> rules,
    std::size_t rule, const ExecutionOptions& options,
    const std::function<void(const BlockedRecords&)>& on_round,
    std::span<const std::uint64_t> local_keys = {});

// Pair tasks of about this many pairs balance threads without much scheduling overhead.
inline constexpr std::uint64_t kPairsPerTask = 1 << 14;

// Runs visit_row(state, records, a, bs) for each record a of this rank's tasks with its
// candidate partners bs (see for_each_task_row: in split blocks the order of a and a partner
// varies), on OpenMP threads with one State each. progress, if given, gains each task's pairs
// (task_pairs, before the filter) when the task is done.
template <typename State, typename VisitRow>
std::vector<State> scan_rows(const BlockedRecords& blocked, LinkType link_type,
                             bool exclude_earlier_rules, const State& prototype,
                             VisitRow&& visit_row, ProgressReporter* progress = nullptr) {
  const PreparedRecords& records = *blocked.records;
  const std::size_t n = records.size();
  // Without exclusion, no earlier rule's keys are checked.
  const PairFilter filter(blocked.index, link_type, records.source, blocked.rule_keys, n,
                          exclude_earlier_rules ? blocked.rule : 0);
  const std::vector<PairTask>& tasks = blocked.tasks;
  const int threads = omp_get_max_threads();
  std::vector<State> states(static_cast<std::size_t>(threads), prototype);
  std::exception_ptr failure;
#pragma omp parallel num_threads(threads)
  {
    State& state = states[static_cast<std::size_t>(omp_get_thread_num())];
    std::vector<std::uint32_t> partners;
#pragma omp for schedule(dynamic, 1)
    for (std::size_t t = 0; t < tasks.size(); ++t) {
      try {
        for_each_task_row(tasks[t], blocked.index, filter, partners,
                          [&](std::uint32_t a, std::span<const std::uint32_t> bs) {
                            visit_row(state, records, a, bs);
                          });
        if (progress != nullptr) progress->add(task_pairs(tasks[t], blocked.index));
      } catch (...) {
        // An exception must not leave the parallel region: keep the first and rethrow after.
#pragma omp critical(xjslink_scan_failure)
        if (!failure) failure = std::current_exception();
      }
    }
  }
  if (failure) std::rethrow_exception(failure);
  return states;
}

// Pair by pair: visit(state, records, a, b) with global_index[a] < global_index[b].
template <typename State, typename Visit>
std::vector<State> scan_pairs(const BlockedRecords& blocked, LinkType link_type,
                              bool exclude_earlier_rules, const State& prototype, Visit&& visit) {
  return scan_rows(blocked, link_type, exclude_earlier_rules, prototype,
                   [&](State& state, const PreparedRecords& records, std::uint32_t a,
                       std::span<const std::uint32_t> bs) {
                     for (std::uint32_t b : bs) {
                       if (records.global_index[a] < records.global_index[b]) {
                         visit(state, records, a, b);
                       } else {
                         visit(state, records, b, a);
                       }
                     }
                   });
}

}  // namespace xjslink
