// File: dist/components.hpp
// Connected components of the record graph across ranks, and the naming of each component by
// its smallest record key.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "dist/comm.hpp"
#include "xjslink/record_keys.hpp"

namespace xjslink::dist {

// Collective. Records are numbered globally; this rank holds `local_records` (ascending global
// indices). Edges (left[i], right[i]) may be held by any rank. Returns, per local record, the
// smallest global index in its component.
std::vector<std::uint64_t> connected_components(const Comm& comm,
                                                std::span<const std::uint64_t> local_records,
                                                std::span<const std::uint64_t> left,
                                                std::span<const std::uint64_t> right);

struct ComponentKeys {
  std::vector<std::string> cluster_id;  // per local record
  std::uint64_t num_components = 0;
  std::uint64_t largest_component = 0;
};

// Collective: the composite key of the smallest record (RecordKeys::key_less) of each local
// record's component, given component labels from connected_components.
ComponentKeys smallest_key_per_component(const Comm& comm, const RecordKeys& keys,
                                         std::span<const std::uint64_t> labels);

}  // namespace xjslink::dist
