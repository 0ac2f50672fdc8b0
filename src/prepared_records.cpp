// File: prepared_records.cpp
// Appends to the compare payload; hashing is defined once here so that exact levels, term
// frequencies and blocking keys agree on what "equal" means.
#include "xjslink/prepared_records.hpp"

#include <algorithm>
#include <bit>

#include <xxhash.h>

namespace xjslink {
namespace {

std::uint64_t non_null(std::uint64_t h) { return h == kNullHash ? 1 : h; }

}  // namespace

int PreparedRecords::find_column(std::string_view name) const {
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].spec.name == name) return static_cast<int>(i);
  }
  return -1;
}

std::size_t PreparedRecords::memory_bytes() const {
  std::size_t total = global_index.capacity() * sizeof(std::uint64_t) +
                      source.capacity() * sizeof(std::uint16_t);
  for (const auto& c : columns) {
    total += c.values.memory_bytes() + c.hash.capacity() * sizeof(std::uint64_t) +
             c.token_offsets.capacity() * sizeof(std::uint64_t) +
             c.tokens.capacity() * sizeof(std::uint64_t) + c.tf.capacity() * sizeof(double);
  }
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

PreparedRecords make_prepared_records(const Settings& settings) {
  PreparedRecords records;
  for (const auto& spec : settings.columns) {
    PreparedColumn& column = records.columns.emplace_back(spec);
    for (const auto& comparison : settings.comparisons) {
      if (comparison.column != spec.name) continue;
      for (const auto& level : comparison.levels) column.has_tf = column.has_tf || level.tf_adjust;
    }
  }
  return records;
}

PreparedRecords empty_like(const PreparedRecords& layout) {
  PreparedRecords records;
  for (const auto& c : layout.columns) records.columns.emplace_back(c.spec).has_tf = c.has_tf;
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

void append_date(PreparedColumn& column, std::int32_t days) {
  column.values.append_date(days);
  column.hash.push_back(value_hash(days));
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
  column.hash.push_back(non_null(XXH3_64bits(hashes.data(), hashes.size() * sizeof(std::uint64_t))));
  column.tokens.insert(column.tokens.end(), hashes.begin(), hashes.end());
  column.token_offsets.push_back(column.tokens.size());
}

void append_null(PreparedColumn& column) {
  column.values.append_null();
  column.hash.push_back(kNullHash);
  if (column.is_array()) column.token_offsets.push_back(column.tokens.size());
}

}  // namespace xjslink
