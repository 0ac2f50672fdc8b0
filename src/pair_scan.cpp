// File: pair_scan.cpp
// Record placement for pair scans.
#include "pair_scan.hpp"

#include "dist/comm.hpp"
#include "dist/shuffle.hpp"

namespace xjslink {

BlockedRecords block_records(const dist::Comm& comm, const PreparedRecords& local,
                             std::span<const BlockingRuleSpec> rules, std::size_t rule) {
  BlockedRecords out;
  out.rule = rule;
  const std::span<const BlockingRuleSpec> used = rules.subspan(0, rule + 1);
  if (comm.size() == 1) {
    out.records = &local;
    out.rule_keys = compute_rule_keys(local, used);
  } else {
    std::vector<std::uint64_t> local_keys = compute_rule_keys(local, used);
    out.received = dist::shuffle_by_rule_key(comm, local, local_keys, rule);
    out.records = &out.received;
    out.rule_keys = compute_rule_keys(out.received, used);
  }
  const std::size_t n = out.records->size();
  out.index = build_block_index(std::span<const std::uint64_t>(out.rule_keys).subspan(rule * n, n),
                                out.records->global_index);
  return out;
}

}  // namespace xjslink
