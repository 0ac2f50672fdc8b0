// File: dist/ordered_write.hpp
// One output file from every rank's data, concatenated in rank order: each rank writes its
// bytes with MPI-IO at the exclusive prefix sum of the sizes, into "<path>.tmp", which rank 0
// renames into place once every rank has closed it, so the file appears complete or not at all.
// A failure on any rank is agreed on before the next collective, so no rank is left waiting.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "dist/comm.hpp"

namespace xjslink::dist {

// Collective: the rank's bytes are in memory. Throws the same Error on every rank on failure.
void write_ordered(const Comm& comm, const std::string& path, std::span<const char> local_bytes);

// Collective: the rank's bytes are in a part file (for outputs larger than memory), which is
// removed afterwards; with one rank the part is simply renamed. Returns the total size.
std::uint64_t concatenate_parts(const Comm& comm, const std::string& part_path,
                                const std::string& final_path);

}  // namespace xjslink::dist
