// File: dist/reduce.cpp
// The distinct patterns are few (thousands), so gathering every rank's sparse histogram and
// merging is cheaper than a dense allreduce over all possible pattern ids.
#include "dist/reduce.hpp"

#include <cstring>

#include "byte_buffer.hpp"

namespace xjslink::dist {

std::vector<PatternCount> allreduce_pattern_counts(const Comm& comm, const PatternCounts& local) {
  std::vector<PatternCount> mine = local.sorted();
  if (comm.size() == 1) return mine;
  const auto* bytes = reinterpret_cast<const std::byte*>(mine.data());
  const Comm::Received all =
      comm.allgatherv_bytes(std::span<const std::byte>(bytes, mine.size() * sizeof(PatternCount)));
  std::vector<PatternCount> entries(all.bytes.size() / sizeof(PatternCount));
  copy_bytes(entries.data(), all.bytes.data(), all.bytes.size());
  PatternCounts merged;
  merged.merge(entries);
  return merged.sorted();
}

}  // namespace xjslink::dist
