// File: dist/shuffle.hpp
// Moves prepared records to the ranks that compare their blocks (dist/block_plan.hpp): a small
// block's records go to the key's owner, a scheduled block's to its rank, a split block's
// chunks to every rank holding a tile of that chunk.
#pragma once

#include <cstdint>
#include <span>

#include "dist/block_plan.hpp"
#include "dist/comm.hpp"
#include "xjslink/prepared_records.hpp"

namespace xjslink::dist {

// Collective: the number of rounds needed so that no rank receives more than budget_bytes in
// one round (1 when the budget is 0).
std::uint32_t shuffle_rounds(const Comm& comm, const PreparedRecords& local,
                             std::span<const std::uint64_t> keys, const BlockPlan& plan,
                             std::uint64_t budget_bytes);

// Collective. keys: the rule's key per local record (kNullHash: not sent). Returns the records
// of the blocks in `round` that this rank compares.
PreparedRecords shuffle_round(const Comm& comm, const PreparedRecords& local,
                              std::span<const std::uint64_t> keys, const BlockPlan& plan,
                              std::uint32_t round);

}  // namespace xjslink::dist
