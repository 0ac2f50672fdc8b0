// File: pairs/pair_memory.cpp
// The default memory for kept pairs, from what the node has.
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <string>

#include "xjslink/execution.hpp"

namespace xjslink {
namespace {

// The cgroup (v2, then v1) memory limit of this process, or 0 when there is none.
std::uint64_t cgroup_limit() {
  for (const char* path :
       {"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"}) {
    std::ifstream in(path);
    std::string text;
    if (!(in >> text) || text == "max") continue;
    try {
      return std::stoull(text);
    } catch (const std::exception&) {
      continue;
    }
  }
  return 0;
}

}  // namespace

std::uint64_t pair_memory_default(int ranks_on_node) {
  const long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGE_SIZE);
  std::uint64_t memory = pages > 0 && page > 0
                             ? static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page)
                             : std::uint64_t{8} << 30;
  const std::uint64_t limit = cgroup_limit();
  if (limit > 0) memory = std::min(memory, limit);
  return std::max<std::uint64_t>(
      std::uint64_t{64} << 20,
      memory / 10 * 4 / static_cast<std::uint64_t>(std::max(1, ranks_on_node)));
}

}  // namespace xjslink
