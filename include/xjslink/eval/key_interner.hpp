// File: eval/key_interner.hpp
// Interning of text keys (record keys, person ids, cluster ids, attribute values) to dense
// 32-bit ids 0, 1, 2, ... in first-seen order. Open addressing over one character arena, so a
// key costs its bytes + 8 (offset) + about 16 (slots at load <= 1/2), not a std::string node.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace xjslink::eval {

class KeyInterner {
 public:
  static constexpr std::uint32_t kAbsent = 0xFFFFFFFFu;

  KeyInterner();

  // The id of key, adding it if new. Throws Error(kResource) past 2^32 - 2 keys.
  std::uint32_t intern(std::string_view key);
  // The id of key, or kAbsent.
  std::uint32_t find(std::string_view key) const;

  std::string_view key(std::uint32_t id) const {
    return {chars_.data() + offsets_[id], offsets_[id + 1] - offsets_[id]};
  }
  std::uint32_t size() const { return static_cast<std::uint32_t>(offsets_.size() - 1); }
  std::size_t memory_bytes() const;

 private:
  std::size_t probe(std::string_view key, std::uint64_t hash) const;
  void grow();

  std::string chars_;
  std::vector<std::uint64_t> offsets_;  // size() + 1 entries
  // Slot = (upper 32 bits of the key's hash) << 32 | (id + 1); 0 = empty.
  std::vector<std::uint64_t> slots_;
};

}  // namespace xjslink::eval
