// File: prepared_records.hpp
// The compare payload: for each record its global index and source, and for every settings
// column the standardised, typed value plus a 64-bit hash of it (0 = null). Exact levels, term
// frequencies and blocking keys work on the hashes; fuzzy levels on the text. This is what the
// distributed shuffle moves between ranks, so it holds nothing the compare stage does not need.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "xjslink/settings.hpp"
#include "xjslink/table.hpp"

namespace xjslink {

inline constexpr std::uint64_t kNullHash = 0;

struct PreparedColumn {
  ColumnSpec spec;
  Column values;                    // typed, standardised; arrays keep the joined tokens
  std::vector<std::uint64_t> hash;  // per row; kNullHash for null
  // Array columns: the row's distinct token hashes, sorted, in tokens[token_offsets[row] ..
  // token_offsets[row+1]).
  std::vector<std::uint64_t> token_offsets;
  std::vector<std::uint64_t> tokens;
  // Term frequency of the row's value among all records (0 for null); filled for columns with
  // a tf_adjust level by compute_term_frequencies, which ingest runs.
  std::vector<double> tf;
  bool has_tf = false;  // some comparison of this column has a tf_adjust level
  // Date columns compared with a string kernel (e.g. a typo level on dates) keep each date's
  // ISO text (YYYY-MM-DD, 10 bytes a row), so the compare loop does not format dates.
  bool has_date_text = false;
  std::vector<char> date_text;
  std::string_view date_text_at(std::size_t row) const { return {date_text.data() + 10 * row, 10}; }

  explicit PreparedColumn(const ColumnSpec& s) : spec(s), values(s.name, s.type) {
    if (!s.array_separator.empty()) token_offsets.push_back(0);
  }
  bool is_array() const { return !spec.array_separator.empty(); }
  std::span<const std::uint64_t> row_tokens(std::size_t row) const {
    return {tokens.data() + token_offsets[row], tokens.data() + token_offsets[row + 1]};
  }
};

// Term frequencies of a tuple of columns, for a multi-column comparison with a tf_adjust exact
// level: the share of the records with every column non-null that have the row's whole tuple
// (e.g. the full name), not the product of the columns' own frequencies.
struct TupleFrequencies {
  std::vector<std::size_t> columns;  // indices into PreparedRecords::columns, comparison order
  std::vector<double> tf;            // per row; 0 when any of the columns is null
};

struct PreparedRecords {
  std::vector<std::uint64_t> global_index;
  std::vector<std::uint16_t> source;
  std::vector<PreparedColumn> columns;   // Settings::columns order
  std::vector<TupleFrequencies> tuples;  // one per distinct tuple that needs frequencies

  std::size_t size() const { return global_index.size(); }
  int find_column(std::string_view name) const;
  // Index into `tuples` of the tuple of these columns, or -1.
  int find_tuple(std::span<const std::size_t> columns) const;
  std::size_t memory_bytes() const;
};

// Hash of a standardised value as used everywhere (exact levels, TF, blocking): never kNullHash.
std::uint64_t value_hash(std::string_view text);
std::uint64_t value_hash(std::int32_t date_days);
std::uint64_t value_hash(double number);
// Hash of a row's tuple of values in `columns` (kNullHash when any of them is null).
std::uint64_t tuple_hash(const PreparedRecords& records, std::span<const std::size_t> columns,
                         std::size_t row);

// Empty payload with one column per settings column.
PreparedRecords make_prepared_records(const Settings& settings);
// ISO text (YYYY-MM-DD) of a day number; years outside 0..9999 are clamped to that range's text
// form "0000"/"9999" so that every date text is 10 bytes.
void format_iso_date(std::int32_t days, char out[10]);
// Empty payload with the same column layout as `layout`.
PreparedRecords empty_like(const PreparedRecords& layout);
// The given rows of `records`, in that order (a copy).
PreparedRecords gather_rows(const PreparedRecords& records, std::span<const std::uint32_t> rows);

// Appends values that are already standardised (see prepare.hpp for the raw-text path). Each
// record appends exactly one value to every column, then calls finish_record.
void append_string(PreparedColumn& column, std::string_view standardised);
// A value compared by a prefix `text` of it, with the hash of the whole value (not an array
// column; text not empty).
void append_string(PreparedColumn& column, std::string_view text, std::uint64_t hash);
void append_date(PreparedColumn& column, std::int32_t days);
void append_number(PreparedColumn& column, double value);
void append_tokens(PreparedColumn& column, std::span<const std::string> standardised_tokens);
void append_null(PreparedColumn& column);

}  // namespace xjslink
