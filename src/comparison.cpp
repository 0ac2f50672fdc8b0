// File: comparison.cpp
// Level evaluation. Each kernel is called at most once per comparison and pair, with the
// loosest threshold of the levels that use it, so stricter levels are answered from the same
// value and the kernel may stop early when even the loosest level cannot hold.
#include "xjslink/comparison.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <limits>

#include "comparison/level_support.hpp"
#include "kernels/civil_date.hpp"
#include "kernels/damerau_levenshtein.hpp"
#include "kernels/date_diff.hpp"
#include "kernels/jaccard.hpp"
#include "kernels/jaro_winkler.hpp"
#include "kernels/levenshtein.hpp"
#include "xjslink/error.hpp"

namespace xjslink {
namespace {

// Text of a value for string kernels: strings as stored, dates as ISO YYYY-MM-DD (so a
// one-digit typo in a date is one edit).
struct TextValue {
  char buffer[16];
  std::string_view view;
};

void text_of(const PreparedColumn& prepared, std::uint32_t row, TextValue& out) {
  const Column& column = prepared.values;
  if (column.type() != ColumnType::kDate) {
    out.view = column.string_at(row);
    return;
  }
  if (prepared.has_date_text) {
    out.view = prepared.date_text_at(row);
    return;
  }
  // Out-of-range years (outside 0..9999) are clamped, as in the precomputed date text.
  format_iso_date(column.date_at(row), out.buffer);
  out.view = std::string_view(out.buffer, 10);
}

// Whether a level holds for two equal non-null values, or -1 when that depends on more.
int holds_for_equal_values(LevelType type) {
  switch (type) {
    case LevelType::kNull:
      return 0;
    case LevelType::kArrayIntersect:
    case LevelType::kColumnsReversed:
      return -1;
    default:
      return 1;  // exact, similarity >= t, distance <= k, differences <= x, else
  }
}

}  // namespace

PatternCodec::PatternCodec(std::vector<std::uint32_t> levels_per_comparison)
    : radix_(std::move(levels_per_comparison)), stride_(radix_.size()) {
  num_patterns_ = 1;
  for (std::size_t c = radix_.size(); c-- > 0;) {
    stride_[c] = num_patterns_;
    if (num_patterns_ > std::numeric_limits<std::uint64_t>::max() / radix_[c]) {
      throw Error(ErrorCode::kInvalidSettings,
                  "too many comparison levels: the number of possible gamma patterns exceeds "
                  "2^64; use fewer comparisons or levels");
    }
    num_patterns_ *= radix_[c];
  }
}

std::uint64_t PatternCodec::pack(std::span<const std::uint8_t> gammas) const {
  std::uint64_t id = 0;
  for (std::size_t c = 0; c < radix_.size(); ++c)
    id += gammas[c] * stride_[c];
  return id;
}

void PatternCodec::unpack(std::uint64_t id, std::span<std::uint8_t> gammas) const {
  for (std::size_t c = 0; c < radix_.size(); ++c)
    gammas[c] = level_of(id, c);
}

ComparisonVector::ComparisonVector(const Settings& settings, const PreparedRecords& layout) {
  std::vector<std::uint32_t> radix;
  for (const auto& spec : settings.comparisons) {
    Compiled c;
    if (spec.is_multi_column()) {
      multi_.emplace_back(spec, layout);
      c.multi = static_cast<int>(multi_.size() - 1);
      c.column = 0;  // unused: the multi-column comparison knows its columns
      c.null_level = multi_.back().null_level();
      radix.push_back(static_cast<std::uint32_t>(multi_.back().num_levels()));
      comparisons_.push_back(std::move(c));
      continue;
    }
    const int column = layout.find_column(spec.column);
    XJS_CHECK(column >= 0, "comparison column missing from prepared records: " + spec.column);
    c.column = static_cast<std::size_t>(column);
    XJS_CHECK(spec.levels.size() <= 255, "at most 255 levels per comparison");
    for (std::size_t j = 0; j < spec.levels.size(); ++j) {
      const LevelSpec& l = spec.levels[j];
      Level level{l.type, l.threshold, 0, 0, l.max, l.min_shared, 0};
      switch (l.type) {
        case LevelType::kNull:
          c.null_level = static_cast<int>(j);
          break;
        case LevelType::kJaroWinkler:
          c.min_jaro_winkler = std::min(c.min_jaro_winkler, l.threshold);
          break;
        case LevelType::kJaro:
          c.min_jaro = std::min(c.min_jaro, l.threshold);
          break;
        case LevelType::kJaccard:
          c.min_jaccard = std::min(c.min_jaccard, l.threshold);
          break;
        case LevelType::kLevenshtein:
          level.max_edits = static_cast<std::uint64_t>(l.max);
          c.max_levenshtein = std::max(c.max_levenshtein, level.max_edits);
          break;
        case LevelType::kDamerauLevenshtein:
          level.max_edits = static_cast<std::uint64_t>(l.max);
          c.max_damerau = std::max(c.max_damerau, level.max_edits);
          break;
        case LevelType::kDateDiff:
          level.max_days = kernels::max_days_within(l.max, to_kernel_unit(l.unit));
          break;
        case LevelType::kColumnsReversed: {
          const int other = layout.find_column(l.other_column);
          XJS_CHECK(other >= 0, "columns_reversed column missing from prepared records");
          level.other_column = static_cast<std::size_t>(other);
          break;
        }
        default:
          break;
      }
      c.uses_text = c.uses_text || l.type == LevelType::kJaroWinkler ||
                    l.type == LevelType::kJaro || l.type == LevelType::kJaccard ||
                    l.type == LevelType::kLevenshtein || l.type == LevelType::kDamerauLevenshtein;
      c.levels.push_back(level);
    }
    // A null value satisfies only the null level, or falls through to else.
    c.null_result =
        static_cast<std::uint8_t>(c.null_level >= 0 ? c.null_level : c.levels.size() - 1);
    for (std::size_t j = 0; j < c.levels.size(); ++j) {
      const int holds = holds_for_equal_values(c.levels[j].type);
      if (holds < 0) break;
      if (holds == 1) {
        c.equal_result = static_cast<int>(j);
        break;
      }
    }
    radix.push_back(static_cast<std::uint32_t>(c.levels.size()));
    comparisons_.push_back(std::move(c));
  }
  codec_ = PatternCodec(std::move(radix));
}

std::uint8_t ComparisonVector::level(std::size_t index, const PreparedRecords& records,
                                     std::uint32_t a, std::uint32_t b) const {
  const Compiled& c = comparisons_[index];
  if (c.multi >= 0) return multi_[static_cast<std::size_t>(c.multi)].level(records, a, b);
  const PreparedColumn& col = records.columns[c.column];
  const std::uint64_t ha = col.hash[a], hb = col.hash[b];
  if (ha == kNullHash || hb == kNullHash) return c.null_result;
  // Equal 64-bit value hashes mean equal values: a collision between two different values has
  // probability 2^-64 per comparison (docs/architecture.md).
  const bool equal = ha == hb;
  if (equal && c.equal_result >= 0) return static_cast<std::uint8_t>(c.equal_result);
  return graded_level(c, records, a, b, equal);
}

std::uint8_t ComparisonVector::graded_level(const Compiled& c, const PreparedRecords& records,
                                            std::uint32_t a, std::uint32_t b, bool equal) const {
  const PreparedColumn& col = records.columns[c.column];
  const Column& values = col.values;
  // Each kernel runs at most once, with the loosest threshold of its levels; NaN = not yet run.
  double jw = -1, jaro = -1, jaccard = -1;
  std::uint64_t lev = UINT64_MAX, dl = UINT64_MAX;
  TextValue ta, tb;
  bool have_text = false;
  auto texts = [&]() {
    if (!have_text) {
      text_of(col, a, ta);
      text_of(col, b, tb);
      have_text = true;
    }
  };
  for (std::size_t j = 0; j < c.levels.size(); ++j) {
    const Level& l = c.levels[j];
    bool holds = false;
    switch (l.type) {
      case LevelType::kNull:
        break;
      case LevelType::kElse:
        holds = true;
        break;
      case LevelType::kExact:
        holds = equal;
        break;
      case LevelType::kJaroWinkler:
        if (equal) {
          holds = true;
          break;
        }
        if (jw < 0) {
          texts();
          jw = kernels::jaro_winkler_similarity(ta.view, tb.view, 0.1, c.min_jaro_winkler);
        }
        holds = jw >= l.threshold;
        break;
      case LevelType::kJaro:
        if (equal) {
          holds = true;
          break;
        }
        if (jaro < 0) {
          texts();
          jaro = kernels::jaro_similarity(ta.view, tb.view, c.min_jaro);
        }
        holds = jaro >= l.threshold;
        break;
      case LevelType::kJaccard:
        if (equal) {
          holds = true;
          break;
        }
        if (jaccard < 0) {
          texts();
          jaccard = kernels::jaccard_similarity(ta.view, tb.view, 2, c.min_jaccard);
        }
        holds = jaccard >= l.threshold;
        break;
      case LevelType::kLevenshtein:
        if (equal) {
          holds = true;
          break;
        }
        if (lev == UINT64_MAX) {
          texts();
          lev = kernels::levenshtein_distance(ta.view, tb.view, c.max_levenshtein);
        }
        holds = lev <= l.max_edits;
        break;
      case LevelType::kDamerauLevenshtein:
        if (equal) {
          holds = true;
          break;
        }
        if (dl == UINT64_MAX) {
          texts();
          dl = kernels::damerau_levenshtein_distance(ta.view, tb.view, c.max_damerau);
        }
        holds = dl <= l.max_edits;
        break;
      case LevelType::kDateDiff:
        holds = kernels::abs_day_difference(values.date_at(a), values.date_at(b)) <= l.max_days;
        break;
      case LevelType::kAbsDiff:
        holds = kernels::abs_diff_within(values.number_at(a), values.number_at(b), l.max_value);
        break;
      case LevelType::kPctDiff:
        holds = kernels::pct_diff_within(values.number_at(a), values.number_at(b), l.max_value);
        break;
      case LevelType::kArrayIntersect:
        holds = shared_tokens(col.row_tokens(a), col.row_tokens(b)) >= l.min_shared;
        break;
      case LevelType::kColumnsReversed: {
        const PreparedColumn& other = records.columns[l.other_column];
        holds = other.hash[a] != kNullHash && other.hash[b] != kNullHash &&
                col.hash[a] == other.hash[b] && col.hash[b] == other.hash[a];
        break;
      }
    }
    if (holds) return static_cast<std::uint8_t>(j);
  }
  // Settings validation guarantees a final else level.
  return static_cast<std::uint8_t>(c.levels.size() - 1);
}

namespace {
// Below this many undecided pairs a record is compared pair by pair: building the cached
// kernels would cost more than it saves.
constexpr std::size_t kMinBatch = 4;
}  // namespace

void ComparisonVector::comparison_one_to_many(const Compiled& c, const PreparedRecords& records,
                                              std::uint32_t a, std::span<const std::uint32_t> bs,
                                              std::uint8_t* gammas, std::size_t stride,
                                              ComparisonScratch& s) const {
  if (c.multi >= 0) {
    return multi_[static_cast<std::size_t>(c.multi)].level_one_to_many(records, a, bs, gammas,
                                                                       stride, s.multi);
  }
  const PreparedColumn& col = records.columns[c.column];
  const Column& values = col.values;
  const std::uint64_t ha = col.hash[a];
  const std::size_t n = bs.size();
  if (ha == kNullHash) {
    for (std::size_t i = 0; i < n; ++i)
      gammas[i * stride] = c.null_result;
    return;
  }
  s.pending.clear();
  s.equal.clear();
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint64_t hb = col.hash[bs[i]];
    if (hb == kNullHash) {
      gammas[i * stride] = c.null_result;
    } else if (hb == ha && c.equal_result >= 0) {
      gammas[i * stride] = static_cast<std::uint8_t>(c.equal_result);
    } else {
      s.pending.push_back(static_cast<std::uint32_t>(i));
      s.equal.push_back(hb == ha ? 1 : 0);
    }
  }
  const std::size_t np = s.pending.size();
  if (np == 0) return;
  auto pair_by_pair = [&]() {
    for (std::size_t p = 0; p < np; ++p) {
      gammas[s.pending[p] * stride] =
          graded_level(c, records, a, bs[s.pending[p]], s.equal[p] != 0);
    }
  };
  if (np < kMinBatch) return pair_by_pair();
  // Texts for the string kernels: a's once, each right-hand value once.
  TextValue ta;
  if (c.uses_text) text_of(col, a, ta);
  s.texts.resize(np);
  if (!c.uses_text) {
    // No string kernel: the levels read the typed values directly.
  } else if (values.type() == ColumnType::kDate && col.has_date_text) {
    for (std::size_t p = 0; p < np; ++p)
      s.texts[p] = col.date_text_at(bs[s.pending[p]]);
  } else if (values.type() == ColumnType::kDate) {
    s.date_text.resize(np * sizeof(TextValue::buffer));
    for (std::size_t p = 0; p < np; ++p) {
      TextValue tb;
      text_of(col, bs[s.pending[p]], tb);
      char* slot = s.date_text.data() + p * sizeof(TextValue::buffer);
      std::memcpy(slot, tb.view.data(), tb.view.size());
      s.texts[p] = std::string_view(slot, tb.view.size());
    }
  } else {
    for (std::size_t p = 0; p < np; ++p)
      s.texts[p] = values.string_at(bs[s.pending[p]]);
  }
  s.undecided.resize(np);
  for (std::size_t p = 0; p < np; ++p)
    s.undecided[p] = static_cast<std::uint32_t>(p);

  bool have_jw = false, have_jaro = false, have_jaccard = false, have_lev = false, have_dl = false;
  // Runs a kernel over the texts of the undecided pairs, scattering results to `out`.
  auto gather = [&]() {
    s.call.clear();
    for (std::uint32_t p : s.undecided)
      s.call.push_back(s.texts[p]);
  };
  auto decide = [&](std::size_t level, auto holds) {
    s.next.clear();
    for (std::uint32_t p : s.undecided) {
      if (holds(p)) {
        gammas[s.pending[p] * stride] = static_cast<std::uint8_t>(level);
      } else {
        s.next.push_back(p);
      }
    }
    s.undecided.swap(s.next);
  };
  for (std::size_t j = 0; j < c.levels.size() && !s.undecided.empty(); ++j) {
    const Level& l = c.levels[j];
    switch (l.type) {
      case LevelType::kNull:
        break;
      case LevelType::kElse:
        decide(j, [](std::uint32_t) { return true; });
        break;
      case LevelType::kExact:
        decide(j, [&](std::uint32_t p) { return s.equal[p] != 0; });
        break;
      case LevelType::kJaroWinkler:
        if (!have_jw) {
          gather();
          s.scores.resize(s.call.size());
          kernels::CachedJaroWinkler(ta.view, 0.1)
              .similarity_many(s.call.data(), s.call.size(), s.scores.data(), c.min_jaro_winkler);
          s.jaro_winkler.resize(np);
          for (std::size_t k = 0; k < s.undecided.size(); ++k)
            s.jaro_winkler[s.undecided[k]] = s.scores[k];
          have_jw = true;
        }
        decide(j, [&](std::uint32_t p) { return s.equal[p] || s.jaro_winkler[p] >= l.threshold; });
        break;
      case LevelType::kJaro:
        if (!have_jaro) {
          gather();
          s.scores.resize(s.call.size());
          kernels::CachedJaro(ta.view).similarity_many(s.call.data(), s.call.size(),
                                                       s.scores.data(), c.min_jaro);
          s.jaro.resize(np);
          for (std::size_t k = 0; k < s.undecided.size(); ++k)
            s.jaro[s.undecided[k]] = s.scores[k];
          have_jaro = true;
        }
        decide(j, [&](std::uint32_t p) { return s.equal[p] || s.jaro[p] >= l.threshold; });
        break;
      case LevelType::kJaccard:
        if (!have_jaccard) {
          const kernels::CachedJaccard cached(ta.view, 2);
          s.jaccard.resize(np);
          for (std::uint32_t p : s.undecided)
            s.jaccard[p] = cached.similarity(s.texts[p], c.min_jaccard);
          have_jaccard = true;
        }
        decide(j, [&](std::uint32_t p) { return s.equal[p] || s.jaccard[p] >= l.threshold; });
        break;
      case LevelType::kLevenshtein:
        if (!have_lev) {
          gather();
          s.distances.resize(s.call.size());
          kernels::CachedLevenshtein(ta.view).distance_many(s.call.data(), s.call.size(),
                                                            s.distances.data(), c.max_levenshtein);
          s.levenshtein.resize(np);
          for (std::size_t k = 0; k < s.undecided.size(); ++k)
            s.levenshtein[s.undecided[k]] = s.distances[k];
          have_lev = true;
        }
        decide(j, [&](std::uint32_t p) { return s.equal[p] || s.levenshtein[p] <= l.max_edits; });
        break;
      case LevelType::kDamerauLevenshtein:
        if (!have_dl) {
          gather();
          s.distances.resize(s.call.size());
          kernels::CachedDamerauLevenshtein(ta.view).distance_many(
              s.call.data(), s.call.size(), s.distances.data(), c.max_damerau);
          s.damerau.resize(np);
          for (std::size_t k = 0; k < s.undecided.size(); ++k)
            s.damerau[s.undecided[k]] = s.distances[k];
          have_dl = true;
        }
        decide(j, [&](std::uint32_t p) { return s.equal[p] || s.damerau[p] <= l.max_edits; });
        break;
      case LevelType::kDateDiff:
        decide(j, [&](std::uint32_t p) {
          return kernels::abs_day_difference(values.date_at(a), values.date_at(bs[s.pending[p]])) <=
                 l.max_days;
        });
        break;
      case LevelType::kAbsDiff:
        decide(j, [&](std::uint32_t p) {
          return kernels::abs_diff_within(values.number_at(a), values.number_at(bs[s.pending[p]]),
                                          l.max_value);
        });
        break;
      case LevelType::kPctDiff:
        decide(j, [&](std::uint32_t p) {
          return kernels::pct_diff_within(values.number_at(a), values.number_at(bs[s.pending[p]]),
                                          l.max_value);
        });
        break;
      case LevelType::kArrayIntersect:
        decide(j, [&](std::uint32_t p) {
          return shared_tokens(col.row_tokens(a), col.row_tokens(bs[s.pending[p]])) >= l.min_shared;
        });
        break;
      case LevelType::kColumnsReversed: {
        const PreparedColumn& other = records.columns[l.other_column];
        decide(j, [&](std::uint32_t p) {
          const std::uint32_t b = bs[s.pending[p]];
          return other.hash[a] != kNullHash && other.hash[b] != kNullHash &&
                 col.hash[a] == other.hash[b] && col.hash[b] == other.hash[a];
        });
        break;
      }
    }
  }
}

void ComparisonVector::levels_one_to_many(const PreparedRecords& records, std::uint32_t a,
                                          std::span<const std::uint32_t> bs, std::uint8_t* gammas,
                                          ComparisonScratch& scratch) const {
  const std::size_t nc = comparisons_.size();
  for (std::size_t c = 0; c < nc; ++c) {
    comparison_one_to_many(comparisons_[c], records, a, bs, gammas + c, nc, scratch);
  }
}

std::uint64_t ComparisonVector::pattern(const PreparedRecords& records, std::uint32_t a,
                                        std::uint32_t b, std::span<std::uint8_t> gammas) const {
  std::uint64_t id = 0;
  for (std::size_t c = 0; c < comparisons_.size(); ++c) {
    gammas[c] = level(c, records, a, b);
    id += gammas[c] * codec_.stride(c);
  }
  return id;
}

}  // namespace xjslink
