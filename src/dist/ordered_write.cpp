// File: dist/ordered_write.cpp
#include "dist/ordered_write.hpp"

#include <mpi.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "dist/agree.hpp"
#include "xjslink/error.hpp"

namespace xjslink::dist {
namespace {
constexpr std::uint64_t kChunk = std::uint64_t{1} << 30;
}

void write_ordered(const Comm& comm, const std::string& path, std::span<const char> local_bytes) {
  const std::string temp = path + ".tmp";
  const auto mpi_comm = reinterpret_cast<MPI_Comm>(comm.native_handle());
  if (comm.is_root()) {
    std::error_code ec;
    std::filesystem::remove(temp, ec);
  }
  comm.barrier();
  MPI_File file;
  int rc = MPI_File_open(mpi_comm, temp.c_str(), MPI_MODE_CREATE | MPI_MODE_WRONLY, MPI_INFO_NULL,
                         &file);
  const int open_failed = comm.allreduce<std::int32_t>(rc != MPI_SUCCESS ? 1 : 0, Op::kMax);
  if (open_failed) throw Error(ErrorCode::kIo, "cannot create file", path);

  const std::uint64_t size = local_bytes.size();
  const std::uint64_t offset = comm.exscan_sum(size);
  // Collective writes need the same number of calls on every rank.
  const std::uint64_t rounds = comm.allreduce((size + kChunk - 1) / kChunk, Op::kMax);
  bool ok = true;
  for (std::uint64_t r = 0; r < rounds; ++r) {
    const std::uint64_t lo = std::min(size, r * kChunk);
    const std::uint64_t n = std::min(size - lo, kChunk);
    MPI_Status status;
    rc = MPI_File_write_at_all(file, static_cast<MPI_Offset>(offset + lo), local_bytes.data() + lo,
                               static_cast<int>(n), MPI_CHAR, &status);
    ok = ok && rc == MPI_SUCCESS;
  }
  ok = MPI_File_close(&file) == MPI_SUCCESS && ok;
  std::optional<Error> error;
  if (!ok) error = Error(ErrorCode::kIo, "write failed", path);
  const bool any_failed = comm.allreduce<std::int32_t>(ok ? 0 : 1, Op::kMax) != 0;
  if (any_failed && comm.is_root()) {
    std::error_code ec;
    std::filesystem::remove(temp, ec);
  }
  raise_if_any(comm, error);
  if (comm.is_root()) {
    if (std::rename(temp.c_str(), path.c_str()) != 0) {
      error = Error(ErrorCode::kIo, "cannot rename temporary file into place", path);
    }
  }
  raise_if_any(comm, error);
}

}  // namespace xjslink::dist
