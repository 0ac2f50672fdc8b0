// File: dist/pair_order.hpp
// Kept pairs into output order: every pair goes to the rank of its left record's output block
// (dist/output_order.hpp) and is sorted there by (left, right). When no rank spilled, that is
// one exchange in memory. Otherwise each rank merges its sorted runs (pairs/kept_pairs.hpp)
// and the pairs move in rounds of increasing left index, each round bounded by the memory
// budget, and every rank appends what it receives to one file in output order.
#pragma once

#include <cstdint>

#include "dist/comm.hpp"
#include "xjslink/pairs/kept_pairs.hpp"
#include "xjslink/pairs/ordered_pairs.hpp"

namespace xjslink::dist {

// Collective. Consumes the kept pairs (finished); the result is the same rows in the same
// order whatever the budget.
OrderedPairs order_pairs_for_output(const Comm& comm, KeptPairs& kept, std::uint64_t total_records);

}  // namespace xjslink::dist
