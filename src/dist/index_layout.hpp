// File: dist/index_layout.hpp
// Where each global record index lives. Records are numbered in input order (files in
// command-line order, rows in file order), and each rank holds an ascending set of them: with
// partitioned ingest, part r of every file. The set is a few runs of consecutive indices
// ("segments", about ranks × files of them); the layout gathers every rank's segments once, and
// then answers "which rank and row holds index g" and "where is the k-th record of source s"
// on any rank without communication.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "dist/comm.hpp"

namespace xjslink::dist {

inline constexpr std::uint16_t kAnySource = 0xFFFF;

struct RowRef {
  std::int32_t rank;
  std::uint16_t source;  // kAnySource: `index` is a local row; else the index-th local record of
                         // `source` on that rank (in local order)
  std::uint64_t index;
};

class IndexLayout {
 public:
  // Collective. global_index must be ascending; source[i] < num_sources. `source` may be empty
  // (with num_sources 0) when only locate/owner are needed.
  IndexLayout(const Comm& comm, std::span<const std::uint64_t> global_index,
              std::span<const std::uint16_t> source, std::size_t num_sources);
  // Collective; the number of sources is 1 + the largest source on any rank.
  IndexLayout(const Comm& comm, std::span<const std::uint64_t> global_index,
              std::span<const std::uint16_t> source);

  std::uint64_t total() const { return total_; }
  std::uint64_t source_total(std::uint16_t source) const { return source_totals_[source]; }
  // Rank and local row of a global index.
  RowRef locate(std::uint64_t global_index) const;
  int owner(std::uint64_t global_index) const { return locate(global_index).rank; }
  // The k-th record of `source` in global order.
  RowRef locate_in_source(std::uint16_t source, std::uint64_t k) const;
  // This rank's local rows of each source, in local order.
  const std::vector<std::vector<std::uint32_t>>& local_source_rows() const { return by_source_; }

 private:
  struct Segment {
    std::uint64_t start;       // first global index
    std::uint64_t length;
    std::uint64_t local_row;   // local row of `start` on its rank
    std::int32_t rank;
  };
  std::size_t num_sources_;
  std::uint64_t total_ = 0;
  std::vector<Segment> segments_;  // sorted by start
  // Per segment and source: source records in earlier segments (global), and the rank's
  // source records in its earlier segments (local); both [segment * S + s].
  std::vector<std::uint64_t> source_before_;
  std::vector<std::uint64_t> rank_source_before_;
  std::vector<std::uint64_t> source_totals_;
  std::vector<std::vector<std::uint32_t>> by_source_;
};

}  // namespace xjslink::dist
