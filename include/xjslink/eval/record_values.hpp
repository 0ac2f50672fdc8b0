// File: eval/record_values.hpp
// Values attached to the run's records from other tables: the truth table (person_id and
// subgroup columns, keyed by source_dataset and unique_id), the run's inputs (a truth column,
// subgroup columns), and a persons table (person-level attributes keyed by person_id).
// Values are interned per column; a record without a value has KeyInterner::kAbsent.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "xjslink/eval/key_interner.hpp"
#include "xjslink/eval/record_index.hpp"
#include "xjslink/eval/subgroups.hpp"
#include "xjslink/io/csv_reader.hpp"

namespace xjslink::eval {

struct RecordValues {
  std::string column;
  KeyInterner values;
  std::vector<std::uint32_t> of_record;  // per record: value id or KeyInterner::kAbsent

  RecordValues() = default;
  RecordValues(std::string name, std::uint32_t num_records)
      : column(std::move(name)), of_record(num_records, KeyInterner::kAbsent) {}
};

// How the rows of a table name records of the run.
struct RecordKeySpec {
  std::string source_column;  // column holding the source dataset; empty: fixed_source
  std::string fixed_source;   // e.g. the input file's stem
  std::string unique_id_column;
};

struct KeyedReadStats {
  std::uint64_t rows = 0;
  std::uint64_t rows_not_in_run = 0;  // keys the run does not have (ignored)
};

// Reads `columns` of a table (CSV, or HDF5 group hdf5_group) whose rows are records of the
// run into out[i] (one per column, sized to the run's records; filled further if already
// partly filled). Empty cells give no value. Throws Error(kInvalidInput) naming file, line and
// field when a column is missing, a key is empty, or a record gets two different values.
KeyedReadStats read_record_values(const std::string& path, const std::string& hdf5_group,
                                  const RecordKeySpec& key, const std::vector<std::string>& columns,
                                  const RecordIndex& index, const io::CsvReadOptions& csv,
                                  std::vector<RecordValues>& out);

// Reads person-level `columns` of a persons table (CSV) keyed by person_id_column, whose
// values are matched with the person ids in `persons`, and gives every record its person's
// value. Throws Error(kInvalidInput) for a missing column or a person listed twice.
void read_person_values(const std::string& path, const std::string& person_id_column,
                        const std::vector<std::string>& columns, const RecordValues& persons,
                        const io::CsvReadOptions& csv, std::vector<RecordValues>& out);

// Person ids from a truth column: the first capture group of the first match of `regex` in
// each value (its whole match if it has no group); without a regex, the value itself. Throws
// Error(kInvalidInput) naming the column when values do not match (values are not quoted) or
// the regex is invalid.
RecordValues person_ids_from(const RecordValues& raw, const std::string& regex);

// A subgroup attribute from per-record values: one group per value, in first-seen order, and
// kMissingGroup for records without a value.
GroupAttribute group_attribute(const RecordValues& values, const std::string& origin);

}  // namespace xjslink::eval
