// File: dist/output_order.hpp
// The order of output rows. Output files list rows in global order (records by global index,
// pairs by (left, right)); for that, rank r writes the rows of global indices
// [N·r/P, N·(r+1)/P), its "output block", and rows are moved to their block's rank first.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "dist/comm.hpp"
#include "xjslink/table.hpp"

namespace xjslink::dist {

class OutputBlocks {
 public:
  OutputBlocks(std::uint64_t total_records, int nranks)
      : total_(total_records), nranks_(static_cast<std::uint64_t>(nranks)) {}
  // The rank whose output block holds global index g.
  int owner(std::uint64_t g) const;

 private:
  std::uint64_t total_;
  std::uint64_t nranks_;
};

// Collective: moves each row to the rank of `key[row]`'s output block and sorts every rank's
// rows by key (then by `tie[row]` when given, for pairs). Returns the rows this rank writes.
Table gather_rows_in_order(const Comm& comm, const Table& rows, std::span<const std::uint64_t> key,
                           std::span<const std::uint64_t> tie, std::uint64_t total_records);

}  // namespace xjslink::dist
