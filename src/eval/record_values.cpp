// File: eval/record_values.cpp
#include "xjslink/eval/record_values.hpp"

#include <algorithm>
#include <regex>

#include "xjslink/error.hpp"
#include "xjslink/eval/table_blocks.hpp"

namespace xjslink::eval {
namespace {

constexpr std::uint64_t kBlockBytes = std::uint64_t{64} << 20;

// Sets a record's value, or checks it equals the one it has.
void set_value(RecordValues& v, std::uint32_t record, std::string_view text,
               const std::string& file, std::uint64_t line) {
  const std::uint32_t id = v.values.intern(text);
  std::uint32_t& slot = v.of_record[record];
  if (slot == KeyInterner::kAbsent) {
    slot = id;
  } else if (slot != id) {
    throw Error(ErrorCode::kInvalidInput, "record appears twice with different values", file, line,
                v.column);
  }
}

}  // namespace

KeyedReadStats read_record_values(const std::string& path, const std::string& hdf5_group,
                                  const RecordKeySpec& key, const std::vector<std::string>& columns,
                                  const RecordIndex& index, const io::CsvReadOptions& csv,
                                  std::vector<RecordValues>& out) {
  XJS_CHECK(out.size() == columns.size(), "one RecordValues per column");
  // A column may be read for two roles (e.g. the truth is derived from the unique id).
  std::vector<std::string> read;
  const auto position = [&](const std::string& name) {
    const auto it = std::find(read.begin(), read.end(), name);
    if (it != read.end()) return static_cast<std::size_t>(it - read.begin());
    read.push_back(name);
    return read.size() - 1;
  };
  std::vector<std::size_t> value_at;
  for (const auto& c : columns)
    value_at.push_back(position(c));
  const std::size_t uid_at = position(key.unique_id_column);
  const std::size_t source_at = key.source_column.empty() ? 0 : position(key.source_column);
  TableBlockReader reader(path, hdf5_group, read, csv, kBlockBytes);
  const std::uint16_t fixed =
      key.source_column.empty() ? index.find_source(key.fixed_source) : RecordIndex::kNoSource;

  KeyedReadStats stats;
  Table block;
  std::vector<std::uint64_t> lines;
  std::string a, b, c;
  while (reader.next(block, lines)) {
    const Column& uid = block.column(uid_at);
    const Column* source = key.source_column.empty() ? nullptr : &block.column(source_at);
    for (std::size_t row = 0; row < block.num_rows(); ++row) {
      ++stats.rows;
      const std::string_view id = cell_text(uid, row, a);
      if (uid.is_null(row)) {
        throw Error(ErrorCode::kInvalidInput, "unique id is empty", path, lines[row],
                    key.unique_id_column);
      }
      std::uint32_t record = RecordIndex::kAbsent;
      if (source != nullptr) {
        if (source->is_null(row)) {
          throw Error(ErrorCode::kInvalidInput, "source dataset is empty", path, lines[row],
                      key.source_column);
        }
        record = index.find(cell_text(*source, row, b), id);
      } else if (fixed != RecordIndex::kNoSource) {
        record = index.find(fixed, id);
      }
      if (record == RecordIndex::kAbsent) {
        ++stats.rows_not_in_run;
        continue;
      }
      for (std::size_t k = 0; k < columns.size(); ++k) {
        const Column& col = block.column(value_at[k]);
        if (!col.is_null(row)) set_value(out[k], record, cell_text(col, row, c), path, lines[row]);
      }
    }
  }
  return stats;
}

void read_person_values(const std::string& path, const std::string& person_id_column,
                        const std::vector<std::string>& columns, const RecordValues& persons,
                        const io::CsvReadOptions& csv, std::vector<RecordValues>& out) {
  XJS_CHECK(out.size() == columns.size(), "one RecordValues per column");
  std::vector<std::string> read = columns;
  read.push_back(person_id_column);
  TableBlockReader reader(path, "persons", read, csv, kBlockBytes);
  // Per person, per column: the value id.
  std::vector<std::vector<std::uint32_t>> per_person(
      columns.size(), std::vector<std::uint32_t>(persons.values.size(), KeyInterner::kAbsent));
  std::vector<bool> seen(persons.values.size(), false);
  Table block;
  std::vector<std::uint64_t> lines;
  std::string a, b;
  while (reader.next(block, lines)) {
    const Column& pid = block.column(columns.size());
    for (std::size_t row = 0; row < block.num_rows(); ++row) {
      if (pid.is_null(row)) {
        throw Error(ErrorCode::kInvalidInput, "person id is empty", path, lines[row],
                    person_id_column);
      }
      const std::uint32_t person = persons.values.find(cell_text(pid, row, a));
      if (person == KeyInterner::kAbsent) continue;  // a person with no record in the run
      if (seen[person]) {
        throw Error(ErrorCode::kInvalidInput, "person listed twice", path, lines[row],
                    person_id_column);
      }
      seen[person] = true;
      for (std::size_t k = 0; k < columns.size(); ++k) {
        const Column& col = block.column(k);
        if (!col.is_null(row)) per_person[k][person] = out[k].values.intern(cell_text(col, row, b));
      }
    }
  }
  for (std::size_t k = 0; k < columns.size(); ++k) {
    for (std::size_t r = 0; r < persons.of_record.size(); ++r) {
      const std::uint32_t person = persons.of_record[r];
      if (person != KeyInterner::kAbsent) out[k].of_record[r] = per_person[k][person];
    }
  }
}

RecordValues person_ids_from(const RecordValues& raw, const std::string& regex) {
  RecordValues out(raw.column, static_cast<std::uint32_t>(raw.of_record.size()));
  if (regex.empty()) {
    out.values = raw.values;
    out.of_record = raw.of_record;
    return out;
  }
  std::regex re;
  try {
    re = std::regex(regex, std::regex::ECMAScript);
  } catch (const std::regex_error&) {
    throw Error(ErrorCode::kInvalidInput, "not a valid regular expression", {}, 0, "--truth-regex");
  }
  // The regex runs once per distinct value.
  std::vector<std::uint32_t> mapped(raw.values.size(), KeyInterner::kAbsent);
  std::uint64_t unmatched = 0;
  std::cmatch m;
  for (std::uint32_t v = 0; v < raw.values.size(); ++v) {
    const std::string_view text = raw.values.key(v);
    if (!std::regex_search(text.data(), text.data() + text.size(), m, re)) {
      ++unmatched;
      continue;
    }
    const auto& group = m.size() > 1 ? m[1] : m[0];
    mapped[v] =
        out.values.intern(std::string_view(group.first, static_cast<std::size_t>(group.length())));
  }
  if (unmatched > 0) {
    throw Error(ErrorCode::kInvalidInput,
                std::to_string(unmatched) + " distinct value(s) do not match --truth-regex", {}, 0,
                raw.column);
  }
  for (std::size_t r = 0; r < raw.of_record.size(); ++r) {
    if (raw.of_record[r] != KeyInterner::kAbsent) out.of_record[r] = mapped[raw.of_record[r]];
  }
  return out;
}

GroupAttribute group_attribute(const RecordValues& values, const std::string& origin) {
  GroupAttribute a;
  a.name = values.column;
  a.origin = origin;
  for (std::uint32_t v = 0; v < values.values.size(); ++v) {
    a.groups.emplace_back(values.values.key(v));
  }
  std::uint32_t missing = KeyInterner::kAbsent;
  a.record_group.resize(values.of_record.size());
  for (std::size_t r = 0; r < values.of_record.size(); ++r) {
    std::uint32_t g = values.of_record[r];
    if (g == KeyInterner::kAbsent) {
      if (missing == KeyInterner::kAbsent) {
        missing = static_cast<std::uint32_t>(a.groups.size());
        a.groups.emplace_back(kMissingGroup);
      }
      g = missing;
    }
    a.record_group[r] = g;
  }
  return a;
}

}  // namespace xjslink::eval
