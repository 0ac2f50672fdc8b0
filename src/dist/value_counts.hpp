// File: dist/value_counts.hpp
// How often each value occurs among all records of all ranks, by value hash: counts are
// gathered at the hash's owner rank (hash mod P) and sent back to the rows that asked.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "dist/comm.hpp"

namespace xjslink::dist {

// Collective. For each local hash (0 = null, not counted), the global number of rows with that
// hash; null rows get 0.
std::vector<std::uint64_t> global_value_counts(const Comm& comm,
                                               std::span<const std::uint64_t> hashes);

}  // namespace xjslink::dist
