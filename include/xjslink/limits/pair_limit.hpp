// File: limits/pair_limit.hpp
// The most candidate pairs one blocking rule may make. A rule on a column with few values (a
// constant, a sex code) makes nearly all n²/2 pairs: 5,000 records gave 12.5M pairs and 3.6 GB
// of predictions, 20,000 ran out of memory. Pairs are counted from block sizes before any pair
// is compared, and a rule above the limit is refused with its JSON path, its pair count and its
// largest blocks (sizes only), unless the user raises the limit (--max-pairs).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "xjslink/prepared_records.hpp"
#include "xjslink/settings.hpp"

namespace xjslink {

namespace dist {
class Comm;
}

// Default limit: the larger of an absolute floor and a number of pairs per record. The shipped
// settings make about 94 scored pairs per record at 10M records (docs/benchmarks.md).
inline constexpr std::uint64_t kDefaultMinPairLimit = 10'000'000;
inline constexpr std::uint64_t kDefaultPairsPerRecord = 1'000;

// The limit that applies to `records` records; max_pairs > 0 is the user's own limit.
std::uint64_t pair_limit(std::uint64_t records, std::uint64_t max_pairs);

// Candidate pairs of one rule: pairs of records with the same non-null key, without the pairs
// within a source for link_only (before excluding pairs found by earlier rules).
struct RulePairCount {
  std::uint64_t pairs = 0;
  std::vector<std::uint64_t> largest_blocks;  // records, largest first (at most 3)
};

// Collective: the same on every rank, whatever the number of ranks. The largest blocks are
// found only when the pairs exceed largest_if_above.
RulePairCount count_rule_pairs(const dist::Comm& comm, const PreparedRecords& local,
                               const BlockingRuleSpec& rule, LinkType link_type,
                               std::uint64_t largest_if_above = 0);

// Collective: throws Error (every rank the same) for the first rule of `rules` whose pairs
// exceed the limit; json_path names the list ("blocking_rules"), source the settings or model
// file it came from.
void check_rule_pair_limits(const dist::Comm& comm, const PreparedRecords& local,
                            std::span<const BlockingRuleSpec> rules, const std::string& source,
                            const std::string& json_path, LinkType link_type,
                            std::uint64_t max_pairs);

}  // namespace xjslink
