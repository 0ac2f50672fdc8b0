// File: dist/fetch_keys.hpp
// Record keys (source dataset, unique id) by global index, from whichever rank holds them.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "dist/comm.hpp"
#include "xjslink/record_keys.hpp"

namespace xjslink::dist {

struct FetchedKey {
  std::uint16_t source;
  std::string uid;
};

// Collective: the keys of the given global indices, in request order.
std::vector<FetchedKey> fetch_keys(const Comm& comm, const RecordKeys& keys,
                                   std::span<const std::uint64_t> global_indices);

}  // namespace xjslink::dist
