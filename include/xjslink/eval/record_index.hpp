// File: eval/record_index.hpp
// The records of a run, by key: record key (source_dataset, unique_id) -> dense record id
// 0..n-1 in the order the records were added (the row order of clusters.csv/h5), and back.
// Sources get dense ids too (at most 65535 of them, like the run itself).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "xjslink/eval/key_interner.hpp"

namespace xjslink::eval {

class RecordIndex {
 public:
  static constexpr std::uint32_t kAbsent = KeyInterner::kAbsent;
  static constexpr std::uint16_t kNoSource = 0xFFFF;

  // The id of a source dataset name, adding it if new. Throws Error(kInvalidInput) past 65535.
  std::uint16_t add_source(std::string_view name);
  std::uint16_t find_source(std::string_view name) const;  // kNoSource if unknown

  // Adds a record and returns its id, or kAbsent if the key is already present.
  std::uint32_t add(std::uint16_t source, std::string_view unique_id);
  std::uint32_t find(std::uint16_t source, std::string_view unique_id) const;
  std::uint32_t find(std::string_view source_name, std::string_view unique_id) const;

  std::uint32_t size() const { return static_cast<std::uint32_t>(source_.size()); }
  std::uint16_t num_sources() const { return static_cast<std::uint16_t>(sources_.size()); }
  std::string_view source_name(std::uint16_t source) const { return sources_.key(source); }
  std::uint16_t source(std::uint32_t record) const { return source_[record]; }
  const std::vector<std::uint16_t>& sources() const { return source_; }
  std::string_view unique_id(std::uint32_t record) const { return keys_.key(record).substr(2); }

 private:
  KeyInterner sources_;
  KeyInterner keys_;  // 2 bytes of source id, then the unique id
  std::vector<std::uint16_t> source_;
};

}  // namespace xjslink::eval
