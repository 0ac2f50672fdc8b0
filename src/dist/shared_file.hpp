// File: dist/shared_file.hpp
// One output file written by every rank: each rank produces its own part (a local file) and
// the parts are placed one after another in rank order with MPI-IO, at offsets given by an
// exclusive prefix sum of the part sizes. The result does not depend on how the work was split
// as long as each rank's part holds the rows that rank owns in global order.
#pragma once

#include <optional>
#include <string>

#include "dist/comm.hpp"
#include "xjslink/error.hpp"

namespace xjslink::dist {

// Agreement point before a collective: if any rank holds an error, every rank throws the error
// of the lowest such rank (so all ranks leave by the same path). Collective.
void raise_if_any(const Comm& comm, const std::optional<Error>& local_error);

// Writes the concatenation of every rank's part_path (in rank order) to final_path: data goes to
// "<final_path>.tmp" through MPI-IO, and rank 0 renames it into place once every rank has
// closed it. Part files are removed. With one rank the part is simply renamed. Collective;
// throws the same Error on every rank on failure. Returns the total size in bytes.
std::uint64_t concatenate_parts(const Comm& comm, const std::string& part_path,
                                const std::string& final_path);

}  // namespace xjslink::dist
