// File: pairs/pair_file.hpp
// Kept pairs on local disk: fixed-width rows (left, right, match_weight, match_key, the gamma
// of each comparison, the term-frequency Bayes factors), so row i is at byte i × row width and
// any range can be read back by any thread. Files live in a scratch directory that is removed
// with everything in it when its owner goes, on success and on failure alike.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "xjslink/score.hpp"

namespace xjslink {

// A directory for one rank's temporary files, removed (with its files) by the destructor.
class PairScratch {
 public:
  PairScratch() = default;
  // Creates <parent>/.xjslink-scratch-<tag>; throws Error(kIo) naming the directory if it cannot.
  PairScratch(const std::string& parent, const std::string& tag);
  ~PairScratch();
  PairScratch(PairScratch&& other) noexcept;
  PairScratch& operator=(PairScratch&& other) noexcept;
  PairScratch(const PairScratch&) = delete;
  PairScratch& operator=(const PairScratch&) = delete;

  const std::string& path() const { return path_; }
  // A new file name in the directory (not yet created).
  std::string new_file(const std::string& stem);

 private:
  void remove();
  std::string path_;
  int next_ = 0;
};

// The fixed row layout of pairs with `num_comparisons` gammas and `num_tf` tf Bayes factors.
struct PairRowLayout {
  std::size_t num_comparisons = 0;
  std::size_t num_tf = 0;
  std::size_t bytes() const { return 3 * 8 + 1 + num_comparisons + 8 * num_tf; }
  static PairRowLayout of(const Predictions& p) {
    return {p.num_comparisons, p.tf_comparisons.size()};
  }
};

// Rows [begin, end) of pairs, encoded and appended to out.
void encode_pair_rows(const Predictions& pairs, std::size_t begin, std::size_t end,
                      std::vector<std::byte>& out);
// n encoded rows appended to pairs (laid out as PairRowLayout::of(pairs)).
void decode_pair_rows(const std::byte* rows, std::size_t n, Predictions& pairs);

// A file of pair rows: written by appending, then read by row ranges (reads are thread-safe).
class PairFile {
 public:
  PairFile() = default;
  // Creates (truncates) the file; `layout_of` gives the pairs' layout (it may hold no rows).
  PairFile(std::string path, const Predictions& layout_of);
  ~PairFile();
  PairFile(PairFile&& other) noexcept;
  PairFile& operator=(PairFile&& other) noexcept;
  PairFile(const PairFile&) = delete;
  PairFile& operator=(const PairFile&) = delete;

  void append(const Predictions& pairs, std::size_t begin, std::size_t end);
  void append(const Predictions& pairs) { append(pairs, 0, pairs.size()); }
  std::uint64_t rows() const { return rows_; }
  const PairRowLayout& layout() const { return layout_; }
  const std::string& path() const { return path_; }
  // Replaces out's rows with rows [begin, end) (out keeps its layout fields as set by caller).
  void read(std::uint64_t begin, std::uint64_t end, Predictions& out) const;
  // An empty Predictions with this file's layout.
  Predictions empty() const { return empty_; }

 private:
  void release();
  std::string path_;
  int fd_ = -1;
  PairRowLayout layout_;
  Predictions empty_;
  std::uint64_t rows_ = 0;
};

}  // namespace xjslink
