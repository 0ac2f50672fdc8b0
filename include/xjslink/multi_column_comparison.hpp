// File: multi_column_comparison.hpp
// A comparison over several columns at once (e.g. forename + surname). Its levels are joint
// conditions: every column exact, the columns swapped, all / any of per-column conditions
// (exact, jaro_winkler, levenshtein, date_diff, ...). One comparison gives one Bayes factor, so
// evidence the columns share (two people with the same full name) is counted once, and its
// term frequency is that of the whole tuple (see docs/settings.md, "Multi-column comparisons").
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "xjslink/prepared_records.hpp"
#include "xjslink/settings.hpp"

namespace xjslink {

// What the compare loop knows about one column of a pair: null on either side, equal, and the
// kernel values the comparison's conditions need (the others are not computed).
struct ColumnPairFeatures {
  bool null = false;
  bool equal = false;
  double jaro_winkler = 0, jaro = 0, jaccard = 0;
  std::uint64_t levenshtein = 0, damerau = 0;
};

// Per-thread working memory of the one-against-many form, reused across calls.
struct MultiColumnScratch {
  std::vector<ColumnPairFeatures> features;  // pending pair p, column k: [p * columns + k]
  std::vector<std::uint32_t> pending;        // batch positions still without a level
  std::vector<std::uint32_t> call;           // pending pairs of one kernel call
  std::vector<std::string_view> texts;
  std::vector<double> scores;
  std::vector<std::size_t> distances;
};

class MultiColumnComparison {
 public:
  // Most columns in one comparison (settings validation enforces it).
  static constexpr std::size_t kMaxColumns = 8;

  MultiColumnComparison(const ComparisonSpec& spec, const PreparedRecords& layout);

  std::size_t num_levels() const { return level_root_.size(); }
  int null_level() const { return null_level_; }
  // Index into PreparedRecords::tuples of this comparison's tuple frequencies, or -1.
  int tuple() const { return tuple_; }

  // Level of records a and b (pair by pair).
  std::uint8_t level(const PreparedRecords& records, std::uint32_t a, std::uint32_t b) const;
  // gammas[i * stride] = level(records, a, bs[i]); kernels built once for a's values.
  void level_one_to_many(const PreparedRecords& records, std::uint32_t a,
                         std::span<const std::uint32_t> bs, std::uint8_t* gammas,
                         std::size_t stride, MultiColumnScratch& scratch) const;

 private:
  // Flattened condition tree: all/any read children [first_child, first_child + children).
  struct Condition {
    LevelType type = LevelType::kElse;
    bool whole = false;  // null / exact of the whole comparison (every column)
    std::uint8_t column = 0, other_column = 0;  // indices into columns_
    double threshold = 0;
    std::uint64_t max_edits = 0;
    std::int64_t max_days = 0;
    double max_value = 0;
    std::uint32_t min_shared = 1;
    std::uint32_t first_child = 0, children = 0;
  };
  // Which kernels a column's conditions use, each with the loosest cutoff of its conditions:
  // one kernel call per column and pair answers every condition.
  struct ColumnKernels {
    bool jaro_winkler = false, jaro = false, jaccard = false, levenshtein = false, damerau = false;
    double min_jaro_winkler = 1.0, min_jaro = 1.0, min_jaccard = 1.0;
    std::uint64_t max_levenshtein = 0, max_damerau = 0;
    bool any() const { return jaro_winkler || jaro || jaccard || levenshtein || damerau; }
  };

  // Compiles `spec` into conditions_[at] (reserved by the caller), its children after the end.
  void add_condition(const LevelSpec& spec, const ComparisonSpec& comparison,
                     const PreparedRecords& layout, bool whole_level, std::uint32_t at);
  // 1 holds, 0 does not, -1 depends on more, for a pair whose every column is equal, non-null.
  int holds_when_all_equal(std::uint32_t condition) const;
  bool holds(std::uint32_t condition, const ColumnPairFeatures* f, const PreparedRecords& records,
             std::uint32_t a, std::uint32_t b) const;
  std::uint8_t first_level(const ColumnPairFeatures* f, const PreparedRecords& records,
                           std::uint32_t a, std::uint32_t b) const;
  // The level table (below): each distinct leaf condition evaluated once, one lookup.
  void build_level_table();
  bool holds_for_leaves(std::uint32_t condition, std::uint32_t leaf_bits) const;
  // Null/equal flags of every column; true when that alone decides the level (in `decided`).
  bool flags(const PreparedRecords& records, std::uint32_t a, std::uint32_t b,
             ColumnPairFeatures* f, std::uint8_t& decided) const;

  std::vector<std::size_t> columns_;  // local column index per comparison column
  std::vector<ColumnKernels> kernels_;
  std::vector<Condition> conditions_;
  std::vector<std::uint32_t> level_root_;
  // When the levels have at most kMaxTableLeaves distinct leaf conditions (not all/any), the
  // level of every combination of leaf results is tabulated: a pair's level is then its leaf
  // bits looked up, instead of walking each level's tree.
  static constexpr std::size_t kMaxTableLeaves = 12;
  std::vector<std::uint32_t> leaves_;      // condition index of each distinct leaf
  std::vector<int> leaf_of_;               // per condition: its leaf, -1 for all/any
  std::vector<std::uint8_t> level_table_;  // leaf bits -> level; empty: walk the trees
  int null_level_ = -1;
  int equal_result_ = -1;  // level of a pair with every column equal and non-null, -1: depends
  int tuple_ = -1;
};

}  // namespace xjslink
