// File: dist/h5_table_writer.hpp
// One HDF5 table (io/hdf5_table.hpp layout) from every rank's rows, in rank order, written with
// collective parallel HDF5 (MPI-IO): string widths are max-reduced so every rank creates the
// same datasets, each rank writes its hyperslab at the exclusive prefix sum of row counts.
#pragma once

#include <string>

#include "dist/comm.hpp"
#include "xjslink/table.hpp"

namespace xjslink::dist {

// Collective; written to path.tmp and renamed when every rank has finished.
void write_hdf5_table_collective(const Comm& comm, const std::string& path,
                                 const std::string& group, const Table& local_rows);

}  // namespace xjslink::dist
