// File: comparison.hpp
// Comparisons turn a pair of records into a gamma vector: for each comparison, the index of the
// first of its ordered levels that holds (levels are in settings order; a null level, if any, is
// level 0). A gamma vector packs into one integer pattern id (mixed radix over the comparisons'
// level counts), which is what training counts.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "xjslink/multi_column_comparison.hpp"
#include "xjslink/prepared_records.hpp"
#include "xjslink/settings.hpp"

namespace xjslink {

// Packs and unpacks gamma vectors: id = sum_c level_c * stride_c, stride of the last comparison
// = 1, so sorting ids sorts gamma vectors lexicographically in comparison order.
class PatternCodec {
 public:
  PatternCodec() = default;
  explicit PatternCodec(std::vector<std::uint32_t> levels_per_comparison);
  std::size_t num_comparisons() const { return radix_.size(); }
  std::uint32_t num_levels(std::size_t c) const { return radix_[c]; }
  std::uint64_t num_patterns() const { return num_patterns_; }
  std::uint64_t pack(std::span<const std::uint8_t> gammas) const;
  void unpack(std::uint64_t id, std::span<std::uint8_t> gammas) const;
  std::uint8_t level_of(std::uint64_t id, std::size_t c) const {
    return static_cast<std::uint8_t>((id / stride_[c]) % radix_[c]);
  }
  std::uint64_t stride(std::size_t c) const { return stride_[c]; }

 private:
  std::vector<std::uint32_t> radix_;
  std::vector<std::uint64_t> stride_;
  std::uint64_t num_patterns_ = 1;
};

// Per-thread working memory of the one-against-many form, reused across calls.
struct ComparisonScratch {
  std::vector<std::uint32_t> pending;    // batch positions not decided by null/equality
  std::vector<std::uint8_t> equal;       // per pending: the values are equal
  std::vector<std::uint32_t> undecided;  // indices into pending, still without a level
  std::vector<std::uint32_t> next;
  std::vector<std::string_view> texts;                      // per pending: right-hand text
  std::vector<std::string_view> call;                       // texts of one kernel call
  std::vector<char> date_text;                              // per pending: ISO date text (10 bytes)
  std::vector<double> jaro_winkler, jaro, jaccard, scores;  // per pending
  std::vector<std::size_t> levenshtein, damerau, distances;
  MultiColumnScratch multi;  // multi-column comparisons
};

// Settings comparisons compiled against the columns of a PreparedRecords layout.
class ComparisonVector {
 public:
  ComparisonVector(const Settings& settings, const PreparedRecords& layout);

  std::size_t size() const { return comparisons_.size(); }
  const PatternCodec& codec() const { return codec_; }
  // Index of the null level of comparison c, or -1 if it has none.
  int null_level(std::size_t c) const { return comparisons_[c].null_level; }
  // Term frequency of record a's value for comparison c's tf levels: the column's value, or for
  // a multi-column comparison the whole tuple's.
  double term_frequency(std::size_t c, const PreparedRecords& records, std::uint32_t a) const {
    const Compiled& x = comparisons_[c];
    if (x.multi >= 0) {
      const int t = multi_[static_cast<std::size_t>(x.multi)].tuple();
      return t < 0 ? 0.0 : records.tuples[static_cast<std::size_t>(t)].tf[a];
    }
    return records.columns[x.column].tf[a];
  }

  // Gamma (level index) of comparison c for records a and b of `records`.
  std::uint8_t level(std::size_t c, const PreparedRecords& records, std::uint32_t a,
                     std::uint32_t b) const;
  // Fills gammas[c] for every comparison and returns the packed pattern id.
  std::uint64_t pattern(const PreparedRecords& records, std::uint32_t a, std::uint32_t b,
                        std::span<std::uint8_t> gammas) const;

  // One record against many: gammas[i * size() + c] = level(c, records, a, bs[i]). Kernels
  // are built once for a's values and scored against the bs in SIMD lanes, so this is the fast
  // form for blocks; results equal level() exactly.
  void levels_one_to_many(const PreparedRecords& records, std::uint32_t a,
                          std::span<const std::uint32_t> bs, std::uint8_t* gammas,
                          ComparisonScratch& scratch) const;

 private:
  struct Level {
    LevelType type;
    double threshold;          // similarity levels
    std::uint64_t max_edits;   // edit-distance levels
    std::int64_t max_days;     // date_diff
    double max_value;          // abs_diff, pct_diff
    std::uint32_t min_shared;  // array_intersect
    std::size_t other_column;  // columns_reversed
  };
  struct Compiled {
    std::size_t column;
    int multi = -1;  // index into multi_ for a multi-column comparison
    int null_level = -1;
    // The level of a pair when either value is null, and when both are equal (-1: it depends on
    // more than equality, e.g. an array_intersect or columns_reversed level comes first).
    std::uint8_t null_result = 0;
    int equal_result = -1;
    bool uses_text = false;  // some level runs a string kernel
    std::vector<Level> levels;
    // Lowest similarity threshold / highest edit bound per kernel: one kernel call with this
    // cutoff answers every level that uses the kernel.
    double min_jaro_winkler = 1.0, min_jaro = 1.0, min_jaccard = 1.0;
    std::uint64_t max_levenshtein = 0, max_damerau = 0;
  };
  // The level of a pair whose values are both non-null and differ (or equal_result is -1).
  std::uint8_t graded_level(const Compiled& c, const PreparedRecords& records, std::uint32_t a,
                            std::uint32_t b, bool equal) const;
  // One comparison, one record against many (see levels_one_to_many).
  void comparison_one_to_many(const Compiled& c, const PreparedRecords& records, std::uint32_t a,
                              std::span<const std::uint32_t> bs, std::uint8_t* gammas,
                              std::size_t stride, ComparisonScratch& scratch) const;

  std::vector<Compiled> comparisons_;
  std::vector<MultiColumnComparison> multi_;
  PatternCodec codec_;
};

}  // namespace xjslink
