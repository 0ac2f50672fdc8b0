// File: dist/h5_table_writer.cpp
// Collective parallel HDF5 writes of a table (the HDF5 parallel examples' pattern: MPI-IO file
// access, every rank creates the same datasets, each writes its hyperslab with a collective
// transfer, ranks without rows write empty selections).
#include "dist/h5_table_writer.hpp"

#include <hdf5.h>
#include <mpi.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "dist/agree.hpp"
#include "io/hdf5_table_internal.hpp"
#include "xjslink/error.hpp"
#include "xjslink/io/hdf5_table.hpp"

namespace xjslink::dist {

void write_hdf5_table_collective(const Comm& comm, const std::string& path,
                                 const std::string& group, const Table& local_rows) {
  if (comm.size() == 1) {
    io::write_hdf5_table(path, group, local_rows);
    return;
  }
  using io::detail::H5Id;
  io::detail::silence_hdf5_errors();
  std::vector<io::detail::Hdf5ColumnSpec> specs;
  agree_on_errors(comm, [&] { specs = io::detail::hdf5_column_specs(local_rows, path); });
  std::vector<std::uint64_t> widths;
  for (const auto& s : specs) widths.push_back(s.string_width);
  comm.allreduce_inplace(std::span<std::uint64_t>(widths), Op::kMax);
  for (std::size_t i = 0; i < specs.size(); ++i) specs[i].string_width = widths[i];

  const std::uint64_t rows = local_rows.num_rows();
  const std::uint64_t total = comm.allreduce(rows, Op::kSum);
  const std::uint64_t offset = comm.exscan_sum(rows);
  io::detail::Hdf5RowWrite where;
  where.row_offset = offset;
  where.num_blocks =
      comm.allreduce((rows + where.block_rows - 1) / where.block_rows, Op::kMax);

  const std::string temp = path + ".tmp";
  const auto mpi_comm = reinterpret_cast<MPI_Comm>(comm.native_handle());
  std::optional<Error> failure;
  try {
    H5Id fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
    H5Pset_fapl_mpio(fapl.get(), mpi_comm, MPI_INFO_NULL);
    H5Pset_all_coll_metadata_ops(fapl.get(), true);
    H5Pset_coll_metadata_write(fapl.get(), true);
    const hid_t id = H5Fcreate(temp.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl.get());
    if (id < 0) throw Error(ErrorCode::kIo, "cannot create HDF5 file", path);
    H5Id file(id, H5Fclose);
    io::detail::create_hdf5_table(file.get(), path, group, specs, total, {});
    H5Id xfer(H5Pcreate(H5P_DATASET_XFER), H5Pclose);
    H5Pset_dxpl_mpio(xfer.get(), H5FD_MPIO_COLLECTIVE);
    where.xfer = xfer.get();
    io::detail::write_hdf5_rows(file.get(), path, group, local_rows, specs, where);
    if (H5Fclose(file.release()) < 0) throw Error(ErrorCode::kIo, "cannot close HDF5 file", path);
  } catch (const Error& e) {
    failure = e;
  }
  raise_if_any(comm, failure);
  if (comm.is_root() && std::rename(temp.c_str(), path.c_str()) != 0) {
    failure = Error(ErrorCode::kIo, "cannot rename temporary file into place", path);
  }
  raise_if_any(comm, failure);
}

}  // namespace xjslink::dist
