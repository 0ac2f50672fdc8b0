// File: dist/fetch_values.hpp
// A per-record value (e.g. a component label) of arbitrary global indices, from the ranks that
// hold them; and the byte packing of plain structs that the exchanges share.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "dist/comm.hpp"
#include "dist/index_layout.hpp"

namespace xjslink::dist {

template <typename T>
std::vector<std::vector<std::byte>> pack(const std::vector<std::vector<T>>& per_rank) {
  std::vector<std::vector<std::byte>> out(per_rank.size());
  for (std::size_t r = 0; r < per_rank.size(); ++r) {
    out[r].resize(per_rank[r].size() * sizeof(T));
    if (!out[r].empty()) std::memcpy(out[r].data(), per_rank[r].data(), out[r].size());
  }
  return out;
}

template <typename T>
std::vector<T> unpack(const Comm::Received& got) {
  std::vector<T> out(got.bytes.size() / sizeof(T));
  if (!out.empty()) std::memcpy(out.data(), got.bytes.data(), got.bytes.size());
  return out;
}

// Collective: values[local row of v] for each of `vertices` (global indices), in request order.
// values holds one entry per local record of this rank.
std::vector<std::uint64_t> fetch_values(const Comm& comm, const IndexLayout& layout,
                                        const std::vector<std::uint64_t>& values,
                                        const std::vector<std::uint64_t>& vertices);

}  // namespace xjslink::dist
