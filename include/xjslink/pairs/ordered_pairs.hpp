// File: pairs/ordered_pairs.hpp
// This rank's pairs in output order (its output block, sorted by (left, right)): in memory, or
// in one file of rows on local disk when the kept pairs did not fit the memory budget. Writers
// read them a chunk at a time; clustering reads their edges (an EdgeSource).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "xjslink/pairs/edge_source.hpp"
#include "xjslink/pairs/pair_file.hpp"
#include "xjslink/score.hpp"

namespace xjslink {

class OrderedPairs {
 public:
  static OrderedPairs in_memory(Predictions pairs);
  static OrderedPairs on_disk(PairFile file, PairScratch scratch);

  bool is_on_disk() const { return file_.has_value(); }
  std::uint64_t rows() const { return is_on_disk() ? file_->rows() : memory_.size(); }
  // Layout fields (num_comparisons, tf_comparisons) of the pairs.
  const Predictions& layout() const { return layout_; }

  // Rows [begin, end) as a Predictions in which row i is at index i - offset. In memory that is
  // the whole set (offset 0); on disk, the chunk is read into this thread's buffer, so a
  // thread's view lasts until its next call. Thread-safe (OpenMP threads).
  struct View {
    const Predictions* pairs;
    std::uint64_t offset;
  };
  View view(std::uint64_t begin, std::uint64_t end) const;

  // Releases the rows and files (the edges keep what they need).
  void clear();

 private:
  friend std::unique_ptr<EdgeSource> edges_of(OrderedPairs&& pairs);
  Predictions layout_;
  Predictions memory_;
  std::optional<PairFile> file_;
  PairScratch scratch_;
  struct Chunk {
    std::uint64_t begin = 0, end = 0;
    bool loaded = false;
    Predictions rows;
  };
  mutable std::vector<Chunk> per_thread_;
};

// The edges (left, right, match_weight) of ordered pairs for clustering. In memory they are
// moved out of the pairs (which are then empty); on disk they are read from the file, which
// this source then owns.
std::unique_ptr<EdgeSource> edges_of(OrderedPairs&& pairs);
// The edges of pairs held in memory, moved out of them (the rest released).
std::unique_ptr<EdgeSource> edges_in_memory(Predictions&& pairs);

}  // namespace xjslink
