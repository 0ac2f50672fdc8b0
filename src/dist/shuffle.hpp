// File: dist/shuffle.hpp
// Moves prepared records between ranks so that all records of a blocking rule's block meet on
// one rank: the owner of a block is its key hash modulo the number of ranks.
#pragma once

#include <cstdint>
#include <span>

#include "dist/comm.hpp"
#include "xjslink/prepared_records.hpp"

namespace xjslink::dist {

// Collective. rule_keys is rule-major over the local records for rules [0, rule]; records whose
// key for `rule` is null are not sent. Returns the records this rank owns for the rule.
PreparedRecords shuffle_by_rule_key(const Comm& comm, const PreparedRecords& local,
                                    std::span<const std::uint64_t> rule_keys, std::size_t rule);

}  // namespace xjslink::dist
