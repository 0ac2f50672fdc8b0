// File: execution.hpp
// How stages run (not what they compute): limits that change memory use and the number of
// shuffle rounds but never the results.
#pragma once

#include <cstdint>
#include <string>

namespace xjslink {

struct ExecutionOptions {
  // Most bytes a rank may receive in one shuffle round of blocked records; 0 = no limit (one
  // round per rule). Smaller budgets mean more rounds, same outputs.
  std::uint64_t memory_budget_bytes = 0;
  // Most candidate pairs one blocking rule may make (limits/pair_limit.hpp); 0 = the default,
  // which grows with the number of records. A rule above it is refused before comparing.
  std::uint64_t max_pairs = 0;
  // Most bytes of kept pairs a rank holds in memory; beyond it they go to sorted runs in
  // scratch files and are merged back in order (same outputs). 0 = a default from the memory
  // of the node (pair_memory_default).
  std::uint64_t pair_memory_bytes = 0;
  // Where scratch files go; empty = the output directory.
  std::string tmp_dir;
};

// The default pair memory of a rank: 40% of the node's memory (the smaller of its physical
// memory and the cgroup limit, as under Slurm) shared among the ranks on the node.
std::uint64_t pair_memory_default(int ranks_on_node);

}  // namespace xjslink
