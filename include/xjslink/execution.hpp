// File: execution.hpp
// How stages run (not what they compute): limits that change memory use and the number of
// shuffle rounds but never the results.
#pragma once

#include <cstdint>

namespace xjslink {

struct ExecutionOptions {
  // Most bytes a rank may receive in one shuffle round of blocked records; 0 = no limit (one
  // round per rule). Smaller budgets mean more rounds, same outputs.
  std::uint64_t memory_budget_bytes = 0;
  // Most candidate pairs one blocking rule may make (limits/pair_limit.hpp); 0 = the default,
  // which grows with the number of records. A rule above it is refused before comparing.
  std::uint64_t max_pairs = 0;
};

}  // namespace xjslink
