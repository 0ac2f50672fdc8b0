// File: synth/unique_id.hpp
// Record unique_ids: a keyed bijection (a 4-round balanced Feistel network, Luby-Rackoff) of the
// 48-bit slot (block << 24 | position in the block's shuffled dataset), written as 10 Crockford
// base-32 characters. Bijective, so ids are unique with no collision check; keyed by the seed
// and dataset, so they reveal neither the person nor the block to anyone without the key.
#pragma once

#include <cstdint>
#include <string>

#include "synth/philox.hpp"

namespace xjslink::synth {

inline constexpr std::uint64_t kSlotBits = 24;  // per half, and per position within a block

inline std::uint64_t permute_slot(std::uint64_t slot, std::uint64_t seed, std::uint32_t dataset) {
  constexpr std::uint32_t kMask = (1u << kSlotBits) - 1;
  std::uint32_t left = static_cast<std::uint32_t>(slot >> kSlotBits) & kMask;
  std::uint32_t right = static_cast<std::uint32_t>(slot) & kMask;
  const PhiloxKey key{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)};
  for (std::uint32_t round = 0; round < 4; ++round) {
    const auto f =
        philox4x32_10({right, round, dataset, static_cast<std::uint32_t>(Purpose::kUniqueId)},
                      key)[0] &
        kMask;
    const std::uint32_t next = left ^ f;
    left = right;
    right = next;
  }
  return (std::uint64_t{left} << kSlotBits) | right;
}

inline std::string unique_id_text(std::uint64_t value) {
  static constexpr char kAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  std::string out(10, '0');
  for (int i = 9; i >= 0; --i) {
    out[static_cast<std::size_t>(i)] = kAlphabet[value & 31];
    value >>= 5;
  }
  return out;
}

}  // namespace xjslink::synth
