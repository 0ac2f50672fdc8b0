// File: record_keys.hpp
// Record identity: the key of a record is (source_dataset, unique_id). Records also have a
// global index (inputs in command-line order, rows in file order), which every stage uses
// internally; keys appear only in outputs.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "xjslink/table.hpp"

namespace xjslink {

// "<source_dataset>-__-<unique_id>" (Splink's composite key form), or just the unique_id when
// there is only one source dataset.
std::string composite_key(const std::vector<std::string>& source_names, std::uint16_t source,
                          std::string_view uid);

struct RecordKeys {
  std::vector<std::string> source_names;  // every source dataset, same order on every rank
  std::vector<std::uint16_t> source;      // per local record
  Column unique_id{"unique_id", ColumnType::kString};  // per local record
  std::vector<std::uint64_t> global_index;             // per local record, ascending

  std::size_t size() const { return source.size(); }
  const std::string& source_name(std::size_t row) const { return source_names[source[row]]; }
  std::string_view uid(std::size_t row) const { return unique_id.string_at(row); }
  // Cluster identifier text of a record (see xjslink::composite_key).
  std::string composite_key(std::size_t row) const {
    return xjslink::composite_key(source_names, source[row], uid(row));
  }
  // Key order: by source name, then unique_id, bytewise.
  bool key_less(std::size_t a, std::size_t b) const;
};

}  // namespace xjslink
