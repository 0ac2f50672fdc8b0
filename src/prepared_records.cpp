// File: prepared_records.cpp
// Appends to the compare payload; hashing is defined once here so that exact levels, term
// frequencies and blocking keys agree on what "equal" means.
#include "xjslink/prepared_records.hpp"

#include <algorithm>

#include <bit>
#include "kernels/civil_date.hpp"

#include <xxhash.h>

namespace xjslink {
namespace {

std::uint64_t non_null(std::uint64_t h) {
  return h == kNullHash ? 1 : h;
}

}  // namespace

int PreparedRecords::find_column(std::string_view name) const {
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].spec.name == name) return static_cast<int>(i);
  }
  return -1;
}

int PreparedRecords::find_tuple(std::span<const std::size_t> wanted) const {
  for (std::size_t i = 0; i < tuples.size(); ++i) {
    if (std::equal(tuples[i].columns.begin(), tuples[i].columns.end(), wanted.begin(),
                   wanted.end())) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

std::uint64_t tuple_hash(const PreparedRecords& records, std::span<const std::size_t> columns,
                         std::size_t row) {
  // The member hashes in order, hashed again: equal tuples hash alike, and a swapped tuple
  // (forename and surname exchanged) does not.
  std::uint64_t parts[16];
  std::size_t n = 0;
  for (std::size_t c : columns) {
    const std::uint64_t h = records.columns[c].hash[row];
    if (h == kNullHash) return kNullHash;
    parts[n++] = h;
  }
  return non_null(XXH3_64bits(parts, n * sizeof(std::uint64_t)));
}

std::size_t PreparedRecords::memory_bytes() const {
  std::size_t total =
      global_index.capacity() * sizeof(std::uint64_t) + source.capacity() * sizeof(std::uint16_t);
  for (const auto& c : columns) {
    total += c.values.memory_bytes() + c.hash.capacity() * sizeof(std::uint64_t) +
             c.token_offsets.capacity() * sizeof(std::uint64_t) +
             c.tokens.capacity() * sizeof(std::uint64_t) + c.tf.capacity() * sizeof(double);
  }
  for (const auto& t : tuples)
    total += t.tf.capacity() * sizeof(double);
  return total;
}

std::uint64_t value_hash(std::string_view text) {
  return non_null(XXH3_64bits(text.data(), text.size()));
}

std::uint64_t value_hash(std::int32_t date_days) {
  return non_null(XXH3_64bits(&date_days, sizeof(date_days)));
}

std::uint64_t value_hash(double number) {
  // +0.0 and -0.0 are equal values, so they must hash alike.
  const double canonical = number == 0.0 ? 0.0 : number;
  const auto bits = std::bit_cast<std::uint64_t>(canonical);
  return non_null(XXH3_64bits(&bits, sizeof(bits)));
}

namespace {

bool is_string_kernel(LevelType type) {
  return type == LevelType::kJaroWinkler || type == LevelType::kJaro ||
         type == LevelType::kJaccard || type == LevelType::kLevenshtein ||
         type == LevelType::kDamerauLevenshtein;
}

// Marks the date columns that a string kernel reads in a condition (at any depth).
void mark_date_text(PreparedRecords& records, const std::vector<LevelSpec>& conditions) {
  for (const auto& c : conditions) {
    if (is_string_kernel(c.type)) {
      const int at = records.find_column(c.column);
      if (at >= 0 && records.columns[at].spec.type == ColumnType::kDate) {
        records.columns[at].has_date_text = true;
      }
    }
    mark_date_text(records, c.of);
  }
}

}  // namespace

PreparedRecords make_prepared_records(const Settings& settings) {
  PreparedRecords records;
  for (const auto& spec : settings.columns) {
    PreparedColumn& column = records.columns.emplace_back(spec);
    for (const auto& comparison : settings.comparisons) {
      if (comparison.is_multi_column() || comparison.column != spec.name) continue;
      for (const auto& level : comparison.levels) {
        column.has_tf = column.has_tf || level.tf_adjust;
        column.has_date_text = column.has_date_text ||
                               (spec.type == ColumnType::kDate && is_string_kernel(level.type));
      }
    }
  }
  for (const auto& comparison : settings.comparisons) {
    if (!comparison.is_multi_column()) continue;
    mark_date_text(records, comparison.levels);
    const bool tf = std::any_of(comparison.levels.begin(), comparison.levels.end(),
                                [](const LevelSpec& l) { return l.tf_adjust; });
    if (!tf) continue;
    std::vector<std::size_t> columns;
    for (const auto& name : comparison.columns)
      columns.push_back(static_cast<std::size_t>(records.find_column(name)));
    if (records.find_tuple(columns) < 0) records.tuples.push_back({columns, {}});
  }
  return records;
}

PreparedRecords empty_like(const PreparedRecords& layout) {
  PreparedRecords records;
  for (const auto& c : layout.columns) {
    PreparedColumn& column = records.columns.emplace_back(c.spec);
    column.has_tf = c.has_tf;
    column.has_date_text = c.has_date_text;
  }
  for (const auto& t : layout.tuples)
    records.tuples.push_back({t.columns, {}});
  return records;
}

void append_string(PreparedColumn& column, std::string_view standardised) {
  if (column.is_array()) {
    const std::string token(standardised);
    append_tokens(column, std::span<const std::string>(&token, 1));
    return;
  }
  if (standardised.empty()) {
    append_null(column);
    return;
  }
  column.values.append_string(standardised);
  column.hash.push_back(value_hash(standardised));
}

void append_string(PreparedColumn& column, std::string_view text, std::uint64_t hash) {
  column.values.append_string(text);
  column.hash.push_back(hash);
}

PreparedRecords gather_rows(const PreparedRecords& records, std::span<const std::uint32_t> rows) {
  PreparedRecords out = empty_like(records);
  out.global_index.reserve(rows.size());
  out.source.reserve(rows.size());
  for (std::uint32_t r : rows) {
    out.global_index.push_back(records.global_index[r]);
    out.source.push_back(records.source[r]);
  }
  for (std::size_t c = 0; c < records.columns.size(); ++c) {
    const PreparedColumn& from = records.columns[c];
    PreparedColumn& to = out.columns[c];
    to.values.reserve(rows.size());
    to.hash.reserve(rows.size());
    for (std::uint32_t r : rows) {
      to.values.append_from(from.values, r);
      to.hash.push_back(from.hash[r]);
      if (from.is_array()) {
        const auto tokens = from.row_tokens(r);
        to.tokens.insert(to.tokens.end(), tokens.begin(), tokens.end());
        to.token_offsets.push_back(to.tokens.size());
      }
      if (from.has_tf) to.tf.push_back(from.tf[r]);
      if (from.has_date_text) {
        const std::string_view t = from.date_text_at(r);
        to.date_text.insert(to.date_text.end(), t.begin(), t.end());
      }
    }
  }
  for (std::size_t t = 0; t < records.tuples.size(); ++t) {
    for (std::uint32_t r : rows)
      out.tuples[t].tf.push_back(records.tuples[t].tf[r]);
  }
  return out;
}

void format_iso_date(std::int32_t days, char out[10]) {
  const kernels::CivilDate c = kernels::civil_from_days(days);
  const auto y = static_cast<unsigned>(std::clamp(c.year, 0, 9999));
  out[0] = static_cast<char>('0' + y / 1000);
  out[1] = static_cast<char>('0' + y / 100 % 10);
  out[2] = static_cast<char>('0' + y / 10 % 10);
  out[3] = static_cast<char>('0' + y % 10);
  out[4] = '-';
  out[5] = static_cast<char>('0' + c.month / 10);
  out[6] = static_cast<char>('0' + c.month % 10);
  out[7] = '-';
  out[8] = static_cast<char>('0' + c.day / 10);
  out[9] = static_cast<char>('0' + c.day % 10);
}

void append_date(PreparedColumn& column, std::int32_t days) {
  column.values.append_date(days);
  column.hash.push_back(value_hash(days));
  if (column.has_date_text) {
    const std::size_t at = column.date_text.size();
    column.date_text.resize(at + 10);
    format_iso_date(days, column.date_text.data() + at);
  }
}

void append_number(PreparedColumn& column, double value) {
  column.values.append_number(value);
  column.hash.push_back(value_hash(value));
}

void append_tokens(PreparedColumn& column, std::span<const std::string> standardised_tokens) {
  std::vector<std::uint64_t> hashes;
  std::string joined;
  for (const auto& t : standardised_tokens) {
    if (t.empty()) continue;
    hashes.push_back(value_hash(t));
    if (!joined.empty()) joined += column.spec.array_separator;
    joined += t;
  }
  std::sort(hashes.begin(), hashes.end());
  hashes.erase(std::unique(hashes.begin(), hashes.end()), hashes.end());
  if (hashes.empty()) {
    append_null(column);
    return;
  }
  column.values.append_string(joined);
  // The set of tokens, not their order, is the value: hash the sorted token hashes.
  column.hash.push_back(
      non_null(XXH3_64bits(hashes.data(), hashes.size() * sizeof(std::uint64_t))));
  column.tokens.insert(column.tokens.end(), hashes.begin(), hashes.end());
  column.token_offsets.push_back(column.tokens.size());
}

void append_null(PreparedColumn& column) {
  column.values.append_null();
  column.hash.push_back(kNullHash);
  if (column.has_date_text) column.date_text.resize(column.date_text.size() + 10, '0');
  if (column.is_array()) column.token_offsets.push_back(column.tokens.size());
}

}  // namespace xjslink
