// File: blocking.cpp
// Key evaluation, block index construction and pair-task planning.
#include "xjslink/blocking.hpp"

#include <algorithm>
#include <numeric>

#include <xxhash.h>

#include "kernels/civil_date.hpp"
#include "kernels/double_metaphone.hpp"
#include "kernels/nysiis.hpp"
#include "kernels/soundex.hpp"
#include "xjslink/error.hpp"
#include "xjslink/io/csv_writer.hpp"

namespace xjslink {
namespace {

// Byte length of the first `count` code points of UTF-8 text starting at byte `from`.
std::size_t utf8_advance(std::string_view text, std::size_t from, std::int64_t count) {
  std::size_t pos = from;
  while (count > 0 && pos < text.size()) {
    ++pos;
    while (pos < text.size() && (static_cast<unsigned char>(text[pos]) & 0xC0) == 0x80)
      ++pos;
    --count;
  }
  return pos;
}

std::string iso_date(std::int32_t days) {
  const kernels::CivilDate c = kernels::civil_from_days(days);
  char buf[16];
  std::snprintf(buf, sizeof(buf), "%04d-%02u-%02u", c.year, c.month, c.day);
  return buf;
}

std::optional<std::string> column_text(const PreparedColumn& column, std::size_t row) {
  if (column.values.is_null(row)) return std::nullopt;
  switch (column.values.type()) {
    case ColumnType::kString:
      return std::string(column.values.string_at(row));
    case ColumnType::kDate:
      return iso_date(column.values.date_at(row));
    case ColumnType::kNumber:
      return io::format_double(column.values.number_at(row));
  }
  return std::nullopt;
}

std::optional<std::string> non_empty(std::string s) {
  if (s.empty()) return std::nullopt;
  return s;
}

}  // namespace

std::optional<std::string> evaluate_key(const KeyExpression& key, const PreparedRecords& records,
                                        std::size_t row) {
  if (key.function == KeyFunction::kColumn) {
    const int c = records.find_column(key.column);
    XJS_CHECK(c >= 0, "blocking key column missing from prepared records: " + key.column);
    return column_text(records.columns[static_cast<std::size_t>(c)], row);
  }
  if (key.function == KeyFunction::kYear || key.function == KeyFunction::kMonth ||
      key.function == KeyFunction::kDay) {
    XJS_CHECK(key.arg->function == KeyFunction::kColumn, "date key functions take a column");
    const int c = records.find_column(key.arg->column);
    XJS_CHECK(c >= 0, "blocking key column missing from prepared records");
    const PreparedColumn& col = records.columns[static_cast<std::size_t>(c)];
    if (col.values.type() != ColumnType::kDate || col.values.is_null(row)) return std::nullopt;
    const kernels::CivilDate d = kernels::civil_from_days(col.values.date_at(row));
    const int part = key.function == KeyFunction::kYear    ? d.year
                     : key.function == KeyFunction::kMonth ? static_cast<int>(d.month)
                                                           : static_cast<int>(d.day);
    return std::to_string(part);
  }
  std::optional<std::string> inner = evaluate_key(*key.arg, records, row);
  if (!inner) return std::nullopt;
  const std::string& text = *inner;
  switch (key.function) {
    case KeyFunction::kSubstr: {
      const std::size_t begin = utf8_advance(text, 0, key.start - 1);
      const std::size_t end = utf8_advance(text, begin, key.length);
      return non_empty(text.substr(begin, end - begin));
    }
    case KeyFunction::kSoundex:
      return non_empty(kernels::soundex(text));
    case KeyFunction::kDoubleMetaphone:
      return non_empty(kernels::double_metaphone(text).first);
    case KeyFunction::kDoubleMetaphoneAlt:
      return non_empty(kernels::double_metaphone(text).second);
    case KeyFunction::kNysiis:
      return non_empty(kernels::nysiis(text));
    case KeyFunction::kFirstToken:
      return non_empty(text.substr(0, text.find(' ')));
    case KeyFunction::kLastToken: {
      const std::size_t space = text.rfind(' ');
      return non_empty(space == std::string::npos ? text : text.substr(space + 1));
    }
    default:
      XJS_CHECK(false, "unhandled key function");
  }
  return std::nullopt;
}

std::vector<std::uint64_t> compute_rule_keys(const PreparedRecords& records,
                                             std::span<const BlockingRuleSpec> rules) {
  const std::size_t n = records.size();
  std::vector<std::uint64_t> keys(rules.size() * n, kNullHash);
  for (std::size_t r = 0; r < rules.size(); ++r) {
    const auto& rule = rules[r];
    // Bare columns reuse the column hash; other keys hash their text.
    std::vector<int> bare_column(rule.keys.size(), -1);
    for (std::size_t k = 0; k < rule.keys.size(); ++k) {
      if (rule.keys[k].function == KeyFunction::kColumn) {
        bare_column[k] = records.find_column(rule.keys[k].column);
      }
    }
#pragma omp parallel for schedule(static)
    for (std::size_t row = 0; row < n; ++row) {
      std::uint64_t parts[16];
      std::vector<std::uint64_t> more;
      const std::size_t nk = rule.keys.size();
      std::uint64_t* p = parts;
      if (nk > 16) {
        more.resize(nk);
        p = more.data();
      }
      bool null = false;
      for (std::size_t k = 0; k < nk && !null; ++k) {
        if (bare_column[k] >= 0) {
          p[k] = records.columns[static_cast<std::size_t>(bare_column[k])].hash[row];
          null = p[k] == kNullHash;
        } else {
          const auto text = evaluate_key(rule.keys[k], records, row);
          null = !text.has_value();
          if (!null) p[k] = value_hash(*text);
        }
      }
      if (null) continue;
      std::uint64_t h = nk == 1 ? p[0] : XXH3_64bits(p, nk * sizeof(std::uint64_t));
      keys[r * n + row] = h == kNullHash ? 1 : h;
    }
  }
  return keys;
}

BlockIndex build_block_index(std::span<const std::uint64_t> keys,
                             std::span<const std::uint64_t> global_index,
                             std::span<const std::uint32_t> chunks) {
  const std::size_t n = keys.size();
  // Sort the keys themselves, not row numbers through them: no indirect loads in the sort.
  struct Entry {
    std::uint64_t key;
    std::uint64_t chunk_and_index;  // chunk in the top 16 bits, global index below
    std::uint32_t row;
  };
  std::vector<Entry> entries;
  entries.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    if (keys[i] == kNullHash) continue;
    const std::uint64_t chunk = chunks.empty() ? 0 : chunks[i];
    XJS_CHECK(global_index[i] < (std::uint64_t{1} << 48), "record index beyond 2^48");
    entries.push_back({keys[i], (chunk << 48) | global_index[i], static_cast<std::uint32_t>(i)});
  }
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    return a.key != b.key ? a.key < b.key : a.chunk_and_index < b.chunk_and_index;
  });
  BlockIndex index;
  index.order.reserve(entries.size());
  index.starts.push_back(0);
  for (std::size_t i = 0; i < entries.size();) {
    std::size_t j = i + 1;
    while (j < entries.size() && entries[j].key == entries[i].key)
      ++j;
    if (j - i >= 2) {
      for (std::size_t k = i; k < j; ++k)
        index.order.push_back(entries[k].row);
      index.starts.push_back(index.order.size());
      index.block_keys.push_back(entries[i].key);
    }
    i = j;
  }
  if (index.starts.size() == 1) index.starts.clear();
  return index;
}

PairFilter::PairFilter(const BlockIndex& index, LinkType link_type,
                       std::span<const std::uint16_t> source,
                       std::span<const std::uint64_t> rule_keys, std::size_t num_records,
                       std::size_t earlier_rules)
    : link_only_(link_type == LinkType::kLinkOnly),
      earlier_rules_(earlier_rules),
      positions_(index.order.size()) {
  XJS_CHECK(rule_keys.size() >= earlier_rules * num_records, "rule keys do not cover the rules");
  if (link_only_) {
    source_.resize(positions_);
    for (std::size_t p = 0; p < positions_; ++p)
      source_[p] = source[index.order[p]];
  }
  keys_.resize(earlier_rules * positions_);
  for (std::size_t r = 0; r < earlier_rules; ++r) {
    for (std::size_t p = 0; p < positions_; ++p) {
      keys_[r * positions_ + p] = rule_keys[r * num_records + index.order[p]];
    }
  }
}

void plan_triangle_tasks(std::uint64_t begin, std::uint64_t end, std::uint64_t target_pairs,
                         std::vector<PairTask>& tasks) {
  target_pairs = std::max<std::uint64_t>(target_pairs, 1);
  for (std::uint64_t row = begin; row + 1 < end;) {
    std::uint64_t acc = 0, stop = row;
    while (stop + 1 < end && acc < target_pairs) {
      acc += end - stop - 1;
      ++stop;
    }
    tasks.push_back(PairTask::triangle(row, stop, end));
    row = stop;
  }
}

void plan_rectangle_tasks(std::uint64_t row_begin, std::uint64_t row_end, std::uint64_t col_begin,
                          std::uint64_t col_end, std::uint64_t target_pairs,
                          std::vector<PairTask>& tasks) {
  const std::uint64_t width = col_end - col_begin;
  if (width == 0) return;
  const std::uint64_t rows_per_task = std::max<std::uint64_t>(1, target_pairs / width);
  for (std::uint64_t row = row_begin; row < row_end; row += rows_per_task) {
    tasks.push_back(
        PairTask::rectangle(row, std::min(row_end, row + rows_per_task), col_begin, col_end));
  }
}

void plan_block_tasks(const BlockIndex& index, std::uint64_t first, std::uint64_t last,
                      std::uint64_t target_pairs, std::vector<PairTask>& tasks) {
  target_pairs = std::max<std::uint64_t>(target_pairs, 1);
  std::uint64_t group_start = first, group_pairs = 0;
  for (std::uint64_t b = first; b < last; ++b) {
    const std::uint64_t size = index.block_size(b);
    const std::uint64_t pairs = size * (size - 1) / 2;
    if (pairs < target_pairs) {
      if (group_pairs + pairs > target_pairs && b > group_start) {
        tasks.push_back(PairTask::blocks(group_start, b));
        group_start = b;
        group_pairs = 0;
      }
      group_pairs += pairs;
      continue;
    }
    if (b > group_start) tasks.push_back(PairTask::blocks(group_start, b));
    plan_triangle_tasks(index.starts[b], index.starts[b + 1], target_pairs, tasks);
    group_start = b + 1;
    group_pairs = 0;
  }
  if (last > group_start) tasks.push_back(PairTask::blocks(group_start, last));
}

std::vector<PairTask> plan_pair_tasks(const BlockIndex& index, std::uint64_t target_pairs) {
  std::vector<PairTask> tasks;
  plan_block_tasks(index, 0, index.num_blocks(), target_pairs, tasks);
  return tasks;
}

std::uint64_t task_pairs(const PairTask& task, const BlockIndex& index) {
  switch (task.kind) {
    case PairTask::Kind::kBlocks: {
      std::uint64_t pairs = 0;
      for (std::uint64_t b = task.first; b < task.last; ++b) {
        const std::uint64_t size = index.block_size(b);
        pairs += size * (size - 1) / 2;
      }
      return pairs;
    }
    case PairTask::Kind::kTriangle: {
      // Rows [row_begin, row_end), row r pairing with (r, span_end).
      const std::uint64_t n = task.row_end - task.row_begin;
      return n * (task.span_end - 1 - task.row_begin) - n * (n - 1) / 2;
    }
    case PairTask::Kind::kRectangle:
      return (task.row_end - task.row_begin) * (task.col_end - task.col_begin);
  }
  return 0;
}

double total_possible_pairs(LinkType link_type, std::span<const std::uint64_t> counts_per_source) {
  double total = 0, sum_sq = 0;
  for (auto c : counts_per_source) {
    total += static_cast<double>(c);
    sum_sq += static_cast<double>(c) * static_cast<double>(c);
  }
  if (link_type == LinkType::kLinkOnly) return (total * total - sum_sq) / 2.0;
  return total * (total - 1.0) / 2.0;
}

}  // namespace xjslink
