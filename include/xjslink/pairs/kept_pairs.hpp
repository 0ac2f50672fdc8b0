// File: pairs/kept_pairs.hpp
// Kept pairs as scoring finds them, within a memory budget: rows are held in memory until they
// reach half the budget, then sorted by (left, right) and written as one sorted run to the
// rank's scratch directory (the other half is room for the sort). Runs are merged back in
// order (RunMerger, below). Threads add their pairs concurrently; the result does not
// depend on the order they arrive in, because every pair is unique and runs are merged by key.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "xjslink/pairs/pair_file.hpp"
#include "xjslink/score.hpp"

namespace xjslink {

class KeptPairs {
 public:
  // layout: an empty Predictions with the kept pairs' layout. budget_bytes: memory for pairs
  // (0: no limit). scratch_parent / tag: where the scratch directory goes, made at the first
  // spill.
  KeptPairs(Predictions layout, std::uint64_t budget_bytes, std::string scratch_parent,
            std::string tag);

  // Thread-safe: moves the rows of `pairs` in (leaving it empty, layout kept).
  void add(Predictions& pairs);
  // Rows a thread may gather before it adds them (a small share of the budget).
  std::size_t rows_per_add() const;
  // Sorts the rows held in memory (and, once anything was spilled, spills them too, so that
  // every row is in a run).
  void finish();
  // Writes whatever is still in memory as a last run (for a rank that must merge runs because
  // another rank spilled).
  void spill_rest() { spill(); }
  // The scratch directory, made if it is not there yet.
  PairScratch& scratch();

  bool spilled() const { return !runs_.empty(); }
  std::uint64_t rows() const { return rows_; }
  std::uint64_t row_bytes() const { return PairRowLayout::of(memory_).bytes(); }
  std::uint64_t budget_bytes() const { return budget_; }
  Predictions& in_memory() { return memory_; }
  std::vector<PairFile>& runs() { return runs_; }
  std::uint64_t spilled_bytes() const { return spilled_bytes_; }

 private:
  void spill();
  Predictions memory_;
  std::uint64_t budget_;
  std::string scratch_parent_, tag_;
  PairScratch scratch_;
  std::vector<PairFile> runs_;
  std::uint64_t rows_ = 0;
  std::uint64_t spilled_bytes_ = 0;
  std::mutex mutex_;
};

// Merges sorted runs by (left, right), a buffer of rows per run at a time.
class RunMerger {
 public:
  RunMerger(const std::vector<PairFile>& runs, std::uint64_t buffer_bytes);
  bool done() const { return heap_.empty(); }
  // The left index of the next row (done() must be false).
  std::uint64_t next_left() const;
  // Appends the next row to out.
  void take(Predictions& out);

 private:
  struct Cursor {
    const PairFile* run;
    std::uint64_t next_row = 0;  // next row of the file to buffer
    Predictions buffer;
    std::size_t at = 0;
  };
  bool refill(Cursor& c);
  bool less(std::size_t a, std::size_t b) const;  // cursor a's row before cursor b's
  void sift_down(std::size_t i);
  std::vector<Cursor> cursors_;
  std::vector<std::size_t> heap_;  // cursors with rows left, a min-heap by their next row
  std::uint64_t buffer_rows_;
};

}  // namespace xjslink
