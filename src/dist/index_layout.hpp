// File: dist/index_layout.hpp
// Where each global record index lives. Records are numbered in input order (files in
// command-line order, rows in file order), and each rank holds an ascending set of them: with
// partitioned ingest, part r of every file. The set is a few runs of consecutive indices
// ("segments", about ranks × files of them); the layout gathers every rank's segments once and
// then tells on any rank, without communication, which rank and local row hold index g.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "dist/comm.hpp"

namespace xjslink::dist {

struct RowRef {
  std::int32_t rank;
  std::uint64_t row;  // local row on that rank
};

class IndexLayout {
 public:
  // Collective. global_index must be ascending on every rank, and together dense 0..N-1.
  IndexLayout(const Comm& comm, std::span<const std::uint64_t> global_index);

  std::uint64_t total() const { return total_; }
  RowRef locate(std::uint64_t global_index) const;
  int owner(std::uint64_t global_index) const { return locate(global_index).rank; }

 private:
  struct Segment {
    std::uint64_t start;      // first global index
    std::uint64_t local_row;  // local row of `start` on its rank
    std::int32_t rank;
  };
  std::uint64_t total_ = 0;
  std::vector<Segment> segments_;  // sorted by start
};

}  // namespace xjslink::dist
