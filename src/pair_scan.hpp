// File: pair_scan.hpp (private)
// Brings the records of a blocking rule's blocks together and runs a visitor over every
// candidate pair with OpenMP threads. Each thread owns a State; states are merged in thread
// order after the loop, so results built from them are reproducible when the merge is
// order-independent (sums) or the caller sorts.
#pragma once

#include <cstdint>
#include <exception>
#include <span>
#include <vector>

#include <omp.h>

#include "xjslink/blocking.hpp"
#include "xjslink/prepared_records.hpp"
#include "xjslink/settings.hpp"

namespace xjslink {

namespace dist {
class Comm;
}

// The records this rank compares for one rule: its blocks (whole, or tiles of big ones) with
// the keys of the rule and of every earlier rule, for the exclusion of pairs found earlier.
struct BlockedRecords {
  const PreparedRecords* records = nullptr;  // local records, or `received`
  PreparedRecords received;
  std::vector<std::uint64_t> rule_keys;  // rule-major, rules [0, rule]
  BlockIndex index;
  std::size_t rule = 0;
};

// Collective: every rank calls it with its local records. With one rank the records stay where
// they are; with several they are shuffled so that each block is on one rank.
BlockedRecords block_records(const dist::Comm& comm, const PreparedRecords& local,
                             std::span<const BlockingRuleSpec> rules, std::size_t rule);

// Pair tasks of about this many pairs balance threads without much scheduling overhead.
inline constexpr std::uint64_t kPairsPerTask = 1 << 14;

template <typename State, typename Visit>
std::vector<State> scan_pairs(const BlockedRecords& blocked, LinkType link_type,
                              bool exclude_earlier_rules, const State& prototype, Visit&& visit) {
  const PreparedRecords& records = *blocked.records;
  const std::size_t n = records.size();
  const std::span<const std::uint64_t> keys(blocked.rule_keys);
  // Without exclusion the filter only sees the scanned rule's keys.
  const PairFilter filter =
      exclude_earlier_rules
          ? PairFilter(link_type, records.source, keys, n, blocked.rule)
          : PairFilter(link_type, records.source, keys.subspan(blocked.rule * n, n), n, 0);
  const std::vector<PairTask> tasks = plan_pair_tasks(blocked.index, kPairsPerTask);
  const int threads = omp_get_max_threads();
  std::vector<State> states(static_cast<std::size_t>(threads), prototype);
  std::exception_ptr failure;
#pragma omp parallel num_threads(threads)
  {
    State& state = states[static_cast<std::size_t>(omp_get_thread_num())];
#pragma omp for schedule(dynamic, 1)
    for (std::size_t t = 0; t < tasks.size(); ++t) {
      try {
        for_each_task_pair(tasks[t], blocked.index, filter, [&](std::uint32_t a, std::uint32_t b) {
          visit(state, records, a, b);
        });
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

}  // namespace xjslink
