// File: limits/pair_limit.cpp
#include "xjslink/limits/pair_limit.hpp"

#include <algorithm>
#include <cstring>

#include <xxhash.h>

#include "dist/agree.hpp"
#include "dist/comm.hpp"
#include "xjslink/blocking.hpp"
#include "xjslink/error.hpp"

namespace xjslink {
namespace {

constexpr std::size_t kLargestShown = 3;

struct BlockTotal {
  std::uint64_t key, records;
};

// Collective: the global size of every block (non-null key), each at the key's owner rank
// (key mod P), sorted by key. Sorting, not hashing: one pass over sorted keys counts them.
std::vector<BlockTotal> owned_block_totals(const dist::Comm& comm,
                                           std::span<const std::uint64_t> keys) {
  std::vector<std::uint64_t> sorted;
  sorted.reserve(keys.size());
  for (std::uint64_t k : keys) {
    if (k != kNullHash) sorted.push_back(k);
  }
  std::sort(sorted.begin(), sorted.end());
  std::vector<BlockTotal> local;
  for (std::size_t i = 0; i < sorted.size();) {
    std::size_t j = i;
    while (j < sorted.size() && sorted[j] == sorted[i])
      ++j;
    local.push_back({sorted[i], j - i});
    i = j;
  }
  const auto nranks = static_cast<std::uint64_t>(comm.size());
  if (nranks == 1) return local;
  std::vector<std::vector<std::byte>> send(nranks);
  for (const BlockTotal& t : local) {
    auto& buf = send[t.key % nranks];
    const std::size_t at = buf.size();
    buf.resize(at + sizeof(t));
    std::memcpy(buf.data() + at, &t, sizeof(t));
  }
  const dist::Comm::Received got = comm.alltoallv_bytes(send);
  std::vector<BlockTotal> parts(got.bytes.size() / sizeof(BlockTotal));
  if (!parts.empty())
    std::memcpy(parts.data(), got.bytes.data(), parts.size() * sizeof(BlockTotal));
  std::sort(parts.begin(), parts.end(),
            [](const BlockTotal& x, const BlockTotal& y) { return x.key < y.key; });
  std::vector<BlockTotal> owned;
  for (const BlockTotal& t : parts) {
    if (!owned.empty() && owned.back().key == t.key) {
      owned.back().records += t.records;
    } else {
      owned.push_back(t);
    }
  }
  return owned;
}

// Collective: Σ over blocks of n(n−1), twice the pairs.
std::uint64_t twice_pairs(const dist::Comm& comm, const std::vector<BlockTotal>& owned) {
  std::uint64_t local = 0;
  for (const BlockTotal& t : owned)
    local += t.records * (t.records - 1);
  return comm.allreduce(local, dist::Op::kSum);
}

std::string with_commas(std::uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

}  // namespace

std::uint64_t pair_limit(std::uint64_t records, std::uint64_t max_pairs) {
  if (max_pairs > 0) return max_pairs;
  const std::uint64_t per_record =
      records > UINT64_MAX / kDefaultPairsPerRecord ? UINT64_MAX : records * kDefaultPairsPerRecord;
  return std::max(kDefaultMinPairLimit, per_record);
}

RulePairCount count_rule_pairs(const dist::Comm& comm, const PreparedRecords& local,
                               const BlockingRuleSpec& rule, LinkType link_type,
                               std::uint64_t largest_if_above) {
  const std::vector<std::uint64_t> keys =
      compute_rule_keys(local, std::span<const BlockingRuleSpec>(&rule, 1));
  const std::vector<BlockTotal> owned = owned_block_totals(comm, keys);
  RulePairCount out;
  out.pairs = twice_pairs(comm, owned) / 2;
  if (link_type == LinkType::kLinkOnly) {
    // Pairs within one source are never compared: count blocks of (key, source) too.
    std::vector<std::uint64_t> by_source(keys.size(), kNullHash);
    for (std::size_t i = 0; i < keys.size(); ++i) {
      if (keys[i] == kNullHash) continue;
      const std::uint64_t h[2] = {keys[i], local.source[i]};
      by_source[i] = XXH3_64bits(h, sizeof(h)) | 1;
    }
    out.pairs -= twice_pairs(comm, owned_block_totals(comm, by_source)) / 2;
  }
  if (out.pairs <= largest_if_above) return out;  // the same on every rank
  // The largest blocks: each owner offers its largest; ties broken by key so the answer does
  // not depend on the number of ranks.
  struct Block {
    std::uint64_t size, key;
  };
  auto larger = [](const Block& a, const Block& b) {
    return a.size != b.size ? a.size > b.size : a.key < b.key;
  };
  std::vector<Block> mine;
  for (const BlockTotal& t : owned) {
    if (t.records > 1) mine.push_back({t.records, t.key});
  }
  std::sort(mine.begin(), mine.end(), larger);
  if (mine.size() > kLargestShown) mine.resize(kLargestShown);
  const dist::Comm::Received got = comm.allgatherv_bytes(std::span<const std::byte>(
      reinterpret_cast<const std::byte*>(mine.data()), mine.size() * sizeof(Block)));
  std::vector<Block> all(got.bytes.size() / sizeof(Block));
  if (!all.empty()) std::memcpy(all.data(), got.bytes.data(), all.size() * sizeof(Block));
  std::sort(all.begin(), all.end(), larger);
  for (std::size_t i = 0; i < all.size() && i < kLargestShown; ++i)
    out.largest_blocks.push_back(all[i].size);
  return out;
}

void check_rule_pair_limits(const dist::Comm& comm, const PreparedRecords& local,
                            std::span<const BlockingRuleSpec> rules, const std::string& source,
                            const std::string& json_path, LinkType link_type,
                            std::uint64_t max_pairs) {
  const std::uint64_t records = comm.allreduce<std::uint64_t>(local.size(), dist::Op::kSum);
  const std::uint64_t limit = pair_limit(records, max_pairs);
  for (std::size_t r = 0; r < rules.size(); ++r) {
    const RulePairCount c = count_rule_pairs(comm, local, rules[r], link_type, limit);
    if (c.pairs <= limit) continue;
    std::string blocks;
    for (std::uint64_t n : c.largest_blocks)
      blocks += (blocks.empty() ? "" : ", ") + with_commas(n);
    throw Error(ErrorCode::kInvalidSettings,
                "blocking rule '" + rules[r].text + "' makes " + with_commas(c.pairs) +
                    " candidate pairs, more than the limit of " + with_commas(limit) +
                    (max_pairs > 0 ? " (--max-pairs)"
                                   : " (the larger of " + with_commas(kDefaultMinPairLimit) +
                                         " and " + with_commas(kDefaultPairsPerRecord) +
                                         " per record; raise it with --max-pairs)") +
                    "; its largest blocks hold " + blocks +
                    " records. Use a rule with more distinct values",
                source, 0, json_path + "[" + std::to_string(r) + "]");
  }
}

}  // namespace xjslink
