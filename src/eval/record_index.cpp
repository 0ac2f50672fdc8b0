// File: eval/record_index.cpp
#include "xjslink/eval/record_index.hpp"

#include "xjslink/error.hpp"

namespace xjslink::eval {
namespace {

std::string composite(std::uint16_t source, std::string_view unique_id) {
  std::string key;
  key.reserve(2 + unique_id.size());
  key.push_back(static_cast<char>(source & 0xFF));
  key.push_back(static_cast<char>(source >> 8));
  key.append(unique_id);
  return key;
}

}  // namespace

std::uint16_t RecordIndex::add_source(std::string_view name) {
  const std::uint32_t id = sources_.find(name);
  if (id != KeyInterner::kAbsent) return static_cast<std::uint16_t>(id);
  if (sources_.size() >= kNoSource) {
    throw Error(ErrorCode::kInvalidInput, "more than 65535 distinct source datasets");
  }
  return static_cast<std::uint16_t>(sources_.intern(name));
}

std::uint16_t RecordIndex::find_source(std::string_view name) const {
  const std::uint32_t id = sources_.find(name);
  return id == KeyInterner::kAbsent ? kNoSource : static_cast<std::uint16_t>(id);
}

std::uint32_t RecordIndex::add(std::uint16_t source, std::string_view unique_id) {
  const std::string key = composite(source, unique_id);
  const std::uint32_t before = keys_.size();
  const std::uint32_t id = keys_.intern(key);
  if (id < before) return kAbsent;
  source_.push_back(source);
  return id;
}

std::uint32_t RecordIndex::find(std::uint16_t source, std::string_view unique_id) const {
  return keys_.find(composite(source, unique_id));
}

std::uint32_t RecordIndex::find(std::string_view source_name, std::string_view unique_id) const {
  const std::uint16_t source = find_source(source_name);
  return source == kNoSource ? kAbsent : find(source, unique_id);
}

}  // namespace xjslink::eval
