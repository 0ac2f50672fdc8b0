// File: eval/key_interner.cpp
// Linear probing with the hash's upper half kept in the slot, so most mismatches are rejected
// without touching the arena; the table doubles at load 1/2.
#include "xjslink/eval/key_interner.hpp"

#include <xxhash.h>

#include "xjslink/error.hpp"

namespace xjslink::eval {
namespace {

std::uint64_t hash_of(std::string_view key) {
  return XXH3_64bits(key.data(), key.size());
}

}  // namespace

KeyInterner::KeyInterner() : offsets_{0}, slots_(16, 0) {}

std::size_t KeyInterner::probe(std::string_view key, std::uint64_t hash) const {
  const std::size_t mask = slots_.size() - 1;
  const std::uint64_t tag = hash >> 32;
  for (std::size_t i = static_cast<std::size_t>(hash) & mask;; i = (i + 1) & mask) {
    const std::uint64_t slot = slots_[i];
    if (slot == 0) return i;
    if ((slot >> 32) == tag && this->key(static_cast<std::uint32_t>(slot) - 1) == key) return i;
  }
}

std::uint32_t KeyInterner::find(std::string_view key) const {
  const std::uint64_t slot = slots_[probe(key, hash_of(key))];
  return slot == 0 ? kAbsent : static_cast<std::uint32_t>(slot) - 1;
}

std::uint32_t KeyInterner::intern(std::string_view key) {
  const std::uint64_t hash = hash_of(key);
  std::size_t at = probe(key, hash);
  if (slots_[at] != 0) return static_cast<std::uint32_t>(slots_[at]) - 1;
  const std::uint32_t id = size();
  if (id >= kAbsent - 1) {
    throw Error(ErrorCode::kResource, "more than 4294967293 distinct keys to evaluate");
  }
  chars_.append(key);
  offsets_.push_back(chars_.size());
  slots_[at] = ((hash >> 32) << 32) | (static_cast<std::uint64_t>(id) + 1);
  if (2 * static_cast<std::size_t>(size()) > slots_.size()) grow();
  return id;
}

void KeyInterner::grow() {
  std::vector<std::uint64_t> old(slots_.size() * 2, 0);
  old.swap(slots_);
  const std::size_t mask = slots_.size() - 1;
  for (std::uint32_t id = 0; id < size(); ++id) {
    const std::uint64_t hash = hash_of(key(id));
    std::size_t i = static_cast<std::size_t>(hash) & mask;
    while (slots_[i] != 0)
      i = (i + 1) & mask;
    slots_[i] = ((hash >> 32) << 32) | (static_cast<std::uint64_t>(id) + 1);
  }
}

std::size_t KeyInterner::memory_bytes() const {
  return chars_.capacity() + offsets_.capacity() * sizeof(std::uint64_t) +
         slots_.capacity() * sizeof(std::uint64_t);
}

}  // namespace xjslink::eval
