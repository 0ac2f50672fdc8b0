// File: dist/ordered_write.hpp
// One file from every rank's bytes, concatenated in rank order (MPI-IO collective writes at
// offsets from an exclusive prefix sum), written under a temporary name and renamed by rank 0
// when every rank has finished, so the file appears complete or not at all.
#pragma once

#include <span>
#include <string>

#include "dist/comm.hpp"

namespace xjslink::dist {

// Collective. Throws Error(kIo) on every rank if any rank fails to write.
void write_ordered(const Comm& comm, const std::string& path, std::span<const char> local_bytes);

}  // namespace xjslink::dist
