// File: multi_column_comparison.cpp
// Levels of a multi-column comparison. A pair is first described per column (null, equal, and
// each kernel the column's conditions use, run once with the loosest cutoff), then the levels'
// condition trees are read off that description in order. Pair by pair and one against many
// compute the same description (the cached kernels equal the plain ones), so they agree exactly.
#include "xjslink/multi_column_comparison.hpp"

#include <algorithm>

#include "comparison/level_support.hpp"
#include "kernels/damerau_levenshtein.hpp"
#include "kernels/date_diff.hpp"
#include "kernels/jaccard.hpp"
#include "kernels/jaro_winkler.hpp"
#include "kernels/levenshtein.hpp"
#include "xjslink/error.hpp"

namespace xjslink {
namespace {

// Text a string kernel reads: strings as stored, dates as their ISO text (precomputed for date
// columns that a string kernel reads, see make_prepared_records).
std::string_view text_at(const PreparedColumn& column, std::uint32_t row) {
  if (column.values.type() == ColumnType::kDate) return column.date_text_at(row);
  return column.values.string_at(row);
}

// Below this many pairs needing a kernel, the plain kernel is cheaper than building a cache.
constexpr std::size_t kMinBatch = 4;

}  // namespace

MultiColumnComparison::MultiColumnComparison(const ComparisonSpec& spec,
                                             const PreparedRecords& layout) {
  XJS_CHECK(spec.columns.size() <= kMaxColumns, "too many columns in one comparison");
  XJS_CHECK(spec.levels.size() <= 255, "at most 255 levels per comparison");
  for (const auto& name : spec.columns) {
    const int at = layout.find_column(name);
    XJS_CHECK(at >= 0, "comparison column missing from prepared records: " + name);
    columns_.push_back(static_cast<std::size_t>(at));
  }
  kernels_.resize(columns_.size());
  // Level roots first, so that a level's root index is its level index.
  conditions_.resize(spec.levels.size());
  for (std::size_t j = 0; j < spec.levels.size(); ++j) {
    const auto root = static_cast<std::uint32_t>(j);
    add_condition(spec.levels[j], spec, layout, /*whole_level=*/true, root);
    level_root_.push_back(root);
    if (spec.levels[j].type == LevelType::kNull) null_level_ = static_cast<int>(j);
  }
  for (std::size_t j = 0; j < level_root_.size(); ++j) {
    const int h = holds_when_all_equal(level_root_[j]);
    if (h < 0) break;
    if (h == 1) {
      equal_result_ = static_cast<int>(j);
      break;
    }
  }
  if (std::any_of(spec.levels.begin(), spec.levels.end(),
                  [](const LevelSpec& l) { return l.tf_adjust; })) {
    tuple_ = layout.find_tuple(columns_);
    XJS_CHECK(tuple_ >= 0, "tuple frequencies missing from prepared records: " + spec.name);
  }
  for (std::size_t k = 0; k < columns_.size(); ++k) {
    const PreparedColumn& column = layout.columns[columns_[k]];
    XJS_CHECK(
        !kernels_[k].any() || column.values.type() != ColumnType::kDate || column.has_date_text,
        "date text missing for a string kernel on a date column");
  }
}

void MultiColumnComparison::add_condition(const LevelSpec& spec, const ComparisonSpec& comparison,
                                          const PreparedRecords& layout, bool whole_level,
                                          std::uint32_t at) {
  const auto column_index = [&](const std::string& name) -> std::uint8_t {
    const auto it = std::find(comparison.columns.begin(), comparison.columns.end(), name);
    XJS_CHECK(it != comparison.columns.end(), "condition column not in its comparison: " + name);
    return static_cast<std::uint8_t>(it - comparison.columns.begin());
  };
  Condition c;
  c.type = spec.type;
  c.whole = whole_level && (spec.type == LevelType::kNull || spec.type == LevelType::kExact);
  if (!c.whole && spec.type != LevelType::kElse && spec.type != LevelType::kAll &&
      spec.type != LevelType::kAny) {
    c.column = column_index(spec.column.empty() ? comparison.column : spec.column);
  }
  c.threshold = spec.threshold;
  c.max_value = spec.max;
  c.min_shared = spec.min_shared;
  ColumnKernels& k = kernels_[c.column];
  switch (spec.type) {
    case LevelType::kJaroWinkler:
      k.jaro_winkler = true;
      k.min_jaro_winkler = std::min(k.min_jaro_winkler, spec.threshold);
      break;
    case LevelType::kJaro:
      k.jaro = true;
      k.min_jaro = std::min(k.min_jaro, spec.threshold);
      break;
    case LevelType::kJaccard:
      k.jaccard = true;
      k.min_jaccard = std::min(k.min_jaccard, spec.threshold);
      break;
    case LevelType::kLevenshtein:
      c.max_edits = static_cast<std::uint64_t>(spec.max);
      k.levenshtein = true;
      k.max_levenshtein = std::max(k.max_levenshtein, c.max_edits);
      break;
    case LevelType::kDamerauLevenshtein:
      c.max_edits = static_cast<std::uint64_t>(spec.max);
      k.damerau = true;
      k.max_damerau = std::max(k.max_damerau, c.max_edits);
      break;
    case LevelType::kDateDiff:
      c.max_days = kernels::max_days_within(spec.max, to_kernel_unit(spec.unit));
      break;
    case LevelType::kColumnsReversed:
      c.other_column = column_index(spec.other_column);
      break;
    default:
      break;
  }
  (void)layout;
  // Children go in one contiguous run after everything reserved so far; each child's own
  // children follow later. Indices, not references: the vector grows while this recurses.
  if (!spec.of.empty()) {
    c.first_child = static_cast<std::uint32_t>(conditions_.size());
    c.children = static_cast<std::uint32_t>(spec.of.size());
    conditions_.resize(conditions_.size() + spec.of.size());
    for (std::size_t i = 0; i < spec.of.size(); ++i) {
      add_condition(spec.of[i], comparison, layout, false,
                    c.first_child + static_cast<std::uint32_t>(i));
    }
  }
  conditions_[at] = c;
}

int MultiColumnComparison::holds_when_all_equal(std::uint32_t index) const {
  const Condition& c = conditions_[index];
  switch (c.type) {
    case LevelType::kNull:
      return 0;
    case LevelType::kArrayIntersect:
    case LevelType::kColumnsReversed:
      return -1;
    case LevelType::kAll: {
      int result = 1;
      for (std::uint32_t i = 0; i < c.children; ++i) {
        const int h = holds_when_all_equal(c.first_child + i);
        if (h == 0) return 0;
        if (h < 0) result = -1;
      }
      return result;
    }
    case LevelType::kAny: {
      int result = 0;
      for (std::uint32_t i = 0; i < c.children; ++i) {
        const int h = holds_when_all_equal(c.first_child + i);
        if (h == 1) return 1;
        if (h < 0) result = -1;
      }
      return result;
    }
    default:
      return 1;  // exact, similarity >= t, distance <= k, differences <= x, else
  }
}

bool MultiColumnComparison::holds(std::uint32_t index, const ColumnPairFeatures* f,
                                  const PreparedRecords& records, std::uint32_t a,
                                  std::uint32_t b) const {
  const Condition& c = conditions_[index];
  const ColumnPairFeatures& x = f[c.column];
  if (c.whole) {
    // Whole-comparison null: no column can be compared (each is null on one side or the
    // other). Whole-comparison exact: every column non-null and equal.
    const std::size_t n = columns_.size();
    if (c.type == LevelType::kNull) {
      return std::all_of(f, f + n, [](const ColumnPairFeatures& y) { return y.null; });
    }
    return std::all_of(f, f + n, [](const ColumnPairFeatures& y) { return y.equal; });
  }
  switch (c.type) {
    case LevelType::kElse:
      return true;
    case LevelType::kAll:
      for (std::uint32_t i = 0; i < c.children; ++i) {
        if (!holds(c.first_child + i, f, records, a, b)) return false;
      }
      return true;
    case LevelType::kAny:
      for (std::uint32_t i = 0; i < c.children; ++i) {
        if (holds(c.first_child + i, f, records, a, b)) return true;
      }
      return false;
    case LevelType::kNull:
      return x.null;
    case LevelType::kColumnsReversed: {
      const PreparedColumn& one = records.columns[columns_[c.column]];
      const PreparedColumn& two = records.columns[columns_[c.other_column]];
      return one.hash[a] != kNullHash && two.hash[a] != kNullHash && one.hash[a] == two.hash[b] &&
             two.hash[a] == one.hash[b];
    }
    default:
      break;
  }
  if (x.null) return false;
  const Column& values = records.columns[columns_[c.column]].values;
  switch (c.type) {
    case LevelType::kExact:
      return x.equal;
    case LevelType::kJaroWinkler:
      return x.equal || x.jaro_winkler >= c.threshold;
    case LevelType::kJaro:
      return x.equal || x.jaro >= c.threshold;
    case LevelType::kJaccard:
      return x.equal || x.jaccard >= c.threshold;
    case LevelType::kLevenshtein:
      return x.equal || x.levenshtein <= c.max_edits;
    case LevelType::kDamerauLevenshtein:
      return x.equal || x.damerau <= c.max_edits;
    case LevelType::kDateDiff:
      return kernels::abs_day_difference(values.date_at(a), values.date_at(b)) <= c.max_days;
    case LevelType::kAbsDiff:
      return kernels::abs_diff_within(values.number_at(a), values.number_at(b), c.max_value);
    case LevelType::kPctDiff:
      return kernels::pct_diff_within(values.number_at(a), values.number_at(b), c.max_value);
    case LevelType::kArrayIntersect: {
      const PreparedColumn& col = records.columns[columns_[c.column]];
      return shared_tokens(col.row_tokens(a), col.row_tokens(b)) >= c.min_shared;
    }
    default:
      return false;
  }
}

void MultiColumnComparison::build_level_table() {
  // Leaves that test the same thing (e.g. "forename exact" in two levels) share one bit.
  const auto same = [](const Condition& x, const Condition& y) {
    return x.type == y.type && x.whole == y.whole && x.column == y.column &&
           x.other_column == y.other_column && x.threshold == y.threshold &&
           x.max_edits == y.max_edits && x.max_days == y.max_days && x.max_value == y.max_value &&
           x.min_shared == y.min_shared;
  };
  leaf_of_.assign(conditions_.size(), -1);
  for (std::uint32_t i = 0; i < conditions_.size(); ++i) {
    const Condition& c = conditions_[i];
    if (c.type == LevelType::kAll || c.type == LevelType::kAny) continue;
    std::size_t leaf = 0;
    while (leaf < leaves_.size() && !same(conditions_[leaves_[leaf]], c))
      ++leaf;
    if (leaf == leaves_.size()) leaves_.push_back(i);
    leaf_of_[i] = static_cast<int>(leaf);
  }
  if (leaves_.size() > kMaxTableLeaves) {
    leaves_.clear();
    return;
  }
  level_table_.resize(std::size_t{1} << leaves_.size());
  for (std::uint32_t bits = 0; bits < level_table_.size(); ++bits) {
    std::uint8_t level = static_cast<std::uint8_t>(level_root_.size() - 1);
    for (std::size_t j = 0; j < level_root_.size(); ++j) {
      if (holds_for_leaves(level_root_[j], bits)) {
        level = static_cast<std::uint8_t>(j);
        break;
      }
    }
    level_table_[bits] = level;
  }
}

bool MultiColumnComparison::holds_for_leaves(std::uint32_t index, std::uint32_t bits) const {
  const Condition& c = conditions_[index];
  if (c.type == LevelType::kAll) {
    for (std::uint32_t i = 0; i < c.children; ++i) {
      if (!holds_for_leaves(c.first_child + i, bits)) return false;
    }
    return true;
  }
  if (c.type == LevelType::kAny) {
    for (std::uint32_t i = 0; i < c.children; ++i) {
      if (holds_for_leaves(c.first_child + i, bits)) return true;
    }
    return false;
  }
  return ((bits >> leaf_of_[index]) & 1u) != 0;
}

std::uint8_t MultiColumnComparison::first_level(const ColumnPairFeatures* f,
                                                const PreparedRecords& records, std::uint32_t a,
                                                std::uint32_t b) const {
  if (!level_table_.empty()) {
    std::uint32_t bits = 0;
    for (std::size_t leaf = 0; leaf < leaves_.size(); ++leaf) {
      bits |= static_cast<std::uint32_t>(holds(leaves_[leaf], f, records, a, b)) << leaf;
    }
    return level_table_[bits];
  }
  for (std::size_t j = 0; j < level_root_.size(); ++j) {
    if (holds(level_root_[j], f, records, a, b)) return static_cast<std::uint8_t>(j);
  }
  // Settings validation guarantees a final else level.
  return static_cast<std::uint8_t>(level_root_.size() - 1);
}

bool MultiColumnComparison::flags(const PreparedRecords& records, std::uint32_t a, std::uint32_t b,
                                  ColumnPairFeatures* f, std::uint8_t& decided) const {
  bool all_null = true, all_equal = true;
  for (std::size_t k = 0; k < columns_.size(); ++k) {
    const std::vector<std::uint64_t>& hash = records.columns[columns_[k]].hash;
    f[k] = ColumnPairFeatures{};
    f[k].null = hash[a] == kNullHash || hash[b] == kNullHash;
    // Equal 64-bit value hashes mean equal values (docs/architecture.md).
    f[k].equal = !f[k].null && hash[a] == hash[b];
    all_null = all_null && f[k].null;
    all_equal = all_equal && f[k].equal;
  }
  if (all_null && null_level_ >= 0) {
    decided = static_cast<std::uint8_t>(null_level_);
    return true;
  }
  if (all_equal && equal_result_ >= 0) {
    decided = static_cast<std::uint8_t>(equal_result_);
    return true;
  }
  return false;
}

std::uint8_t MultiColumnComparison::level(const PreparedRecords& records, std::uint32_t a,
                                          std::uint32_t b) const {
  ColumnPairFeatures f[kMaxColumns];
  std::uint8_t decided = 0;
  if (flags(records, a, b, f, decided)) return decided;
  for (std::size_t k = 0; k < columns_.size(); ++k) {
    const ColumnKernels& kern = kernels_[k];
    if (f[k].null || f[k].equal || !kern.any()) continue;
    const PreparedColumn& column = records.columns[columns_[k]];
    const std::string_view ta = text_at(column, a), tb = text_at(column, b);
    if (kern.jaro_winkler) {
      f[k].jaro_winkler = kernels::jaro_winkler_similarity(ta, tb, 0.1, kern.min_jaro_winkler);
    }
    if (kern.jaro) f[k].jaro = kernels::jaro_similarity(ta, tb, kern.min_jaro);
    if (kern.jaccard) f[k].jaccard = kernels::jaccard_similarity(ta, tb, 2, kern.min_jaccard);
    if (kern.levenshtein) {
      f[k].levenshtein = kernels::levenshtein_distance(ta, tb, kern.max_levenshtein);
    }
    if (kern.damerau) {
      f[k].damerau = kernels::damerau_levenshtein_distance(ta, tb, kern.max_damerau);
    }
  }
  return first_level(f, records, a, b);
}

void MultiColumnComparison::level_one_to_many(const PreparedRecords& records, std::uint32_t a,
                                              std::span<const std::uint32_t> bs,
                                              std::uint8_t* gammas, std::size_t stride,
                                              MultiColumnScratch& s) const {
  const std::size_t nk = columns_.size();
  s.pending.clear();
  s.features.resize(bs.size() * nk);
  std::size_t np = 0;
  for (std::size_t i = 0; i < bs.size(); ++i) {
    std::uint8_t decided = 0;
    ColumnPairFeatures* f = s.features.data() + np * nk;
    if (flags(records, a, bs[i], f, decided)) {
      gammas[i * stride] = decided;
    } else {
      s.pending.push_back(static_cast<std::uint32_t>(i));
      ++np;
    }
  }
  if (np == 0) return;
  // Each column's kernels, run over the pending pairs that need them (non-null and unequal).
  for (std::size_t k = 0; k < nk; ++k) {
    const ColumnKernels& kern = kernels_[k];
    if (!kern.any()) continue;
    s.call.clear();
    for (std::size_t p = 0; p < np; ++p) {
      const ColumnPairFeatures& x = s.features[p * nk + k];
      if (!x.null && !x.equal) s.call.push_back(static_cast<std::uint32_t>(p));
    }
    if (s.call.empty()) continue;
    const PreparedColumn& column = records.columns[columns_[k]];
    const std::string_view ta = text_at(column, a);
    s.texts.clear();
    for (std::uint32_t p : s.call)
      s.texts.push_back(text_at(column, bs[s.pending[p]]));
    const std::size_t n = s.call.size();
    const bool batch = n >= kMinBatch;
    auto scatter_scores = [&](double ColumnPairFeatures::*field) {
      for (std::size_t i = 0; i < n; ++i)
        s.features[s.call[i] * nk + k].*field = s.scores[i];
    };
    auto scatter_distances = [&](std::uint64_t ColumnPairFeatures::*field) {
      for (std::size_t i = 0; i < n; ++i)
        s.features[s.call[i] * nk + k].*field = s.distances[i];
    };
    s.scores.resize(n);
    s.distances.resize(n);
    if (kern.jaro_winkler) {
      if (batch) {
        kernels::CachedJaroWinkler(ta, 0.1).similarity_many(s.texts.data(), n, s.scores.data(),
                                                            kern.min_jaro_winkler);
      } else {
        for (std::size_t i = 0; i < n; ++i)
          s.scores[i] =
              kernels::jaro_winkler_similarity(ta, s.texts[i], 0.1, kern.min_jaro_winkler);
      }
      scatter_scores(&ColumnPairFeatures::jaro_winkler);
    }
    if (kern.jaro) {
      if (batch) {
        kernels::CachedJaro(ta).similarity_many(s.texts.data(), n, s.scores.data(), kern.min_jaro);
      } else {
        for (std::size_t i = 0; i < n; ++i)
          s.scores[i] = kernels::jaro_similarity(ta, s.texts[i], kern.min_jaro);
      }
      scatter_scores(&ColumnPairFeatures::jaro);
    }
    if (kern.jaccard) {
      if (batch) {
        const kernels::CachedJaccard cached(ta, 2);
        for (std::size_t i = 0; i < n; ++i)
          s.scores[i] = cached.similarity(s.texts[i], kern.min_jaccard);
      } else {
        for (std::size_t i = 0; i < n; ++i)
          s.scores[i] = kernels::jaccard_similarity(ta, s.texts[i], 2, kern.min_jaccard);
      }
      scatter_scores(&ColumnPairFeatures::jaccard);
    }
    if (kern.levenshtein) {
      if (batch) {
        kernels::CachedLevenshtein(ta).distance_many(s.texts.data(), n, s.distances.data(),
                                                     kern.max_levenshtein);
      } else {
        for (std::size_t i = 0; i < n; ++i)
          s.distances[i] = kernels::levenshtein_distance(ta, s.texts[i], kern.max_levenshtein);
      }
      scatter_distances(&ColumnPairFeatures::levenshtein);
    }
    if (kern.damerau) {
      if (batch) {
        kernels::CachedDamerauLevenshtein(ta).distance_many(s.texts.data(), n, s.distances.data(),
                                                            kern.max_damerau);
      } else {
        for (std::size_t i = 0; i < n; ++i) {
          s.distances[i] = kernels::damerau_levenshtein_distance(ta, s.texts[i], kern.max_damerau);
        }
      }
      scatter_distances(&ColumnPairFeatures::damerau);
    }
  }
  for (std::size_t p = 0; p < np; ++p) {
    const std::uint32_t i = s.pending[p];
    gammas[i * stride] = first_level(s.features.data() + p * nk, records, a, bs[i]);
  }
}

}  // namespace xjslink
