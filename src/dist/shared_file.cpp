// File: dist/shared_file.cpp
// MPI-IO assembly of per-rank parts. Writes are independent (MPI_File_write_at) in chunks of at
// most 64 MiB, so counts fit MPI's int; open, set_size and close are collective, and a failure
// on any rank is agreed on before the next collective so that no rank is left waiting.
#include "dist/shared_file.hpp"

#include <mpi.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <vector>

namespace xjslink::dist {
namespace {

constexpr std::size_t kChunkBytes = std::size_t{64} << 20;

std::string mpi_error_text(int rc) {
  char text[MPI_MAX_ERROR_STRING];
  int len = 0;
  MPI_Error_string(rc, text, &len);
  return std::string(text, static_cast<std::size_t>(len));
}

}  // namespace

void raise_if_any(const Comm& comm, const std::optional<Error>& local_error) {
  const int mine = local_error.has_value() ? comm.rank() : comm.size();
  const int first = comm.allreduce(static_cast<std::int32_t>(mine), Op::kMin);
  if (first == comm.size()) return;
  std::string text = comm.rank() == first ? local_error->serialise() : std::string();
  comm.bcast(text, first);
  throw Error::deserialise(text);
}

std::uint64_t concatenate_parts(const Comm& comm, const std::string& part_path,
                                const std::string& final_path) {
  std::optional<Error> error;
  std::uint64_t local_size = 0;
  {
    std::error_code ec;
    local_size = std::filesystem::file_size(part_path, ec);
    if (ec) error = Error(ErrorCode::kIo, "cannot read part file: " + ec.message(), part_path);
  }
  raise_if_any(comm, error);
  const std::uint64_t offset = comm.exscan_sum(local_size);
  const std::uint64_t total = comm.allreduce(local_size, Op::kSum);

  if (comm.size() == 1) {
    std::error_code ec;
    std::filesystem::rename(part_path, final_path, ec);
    if (ec) throw Error(ErrorCode::kIo, "cannot rename into place: " + ec.message(), final_path);
    return total;
  }

  const std::string temp_path = final_path + ".tmp";
  auto mpi_comm = reinterpret_cast<MPI_Comm>(comm.native_handle());
  MPI_File file;
  int rc = MPI_File_open(mpi_comm, temp_path.c_str(), MPI_MODE_CREATE | MPI_MODE_WRONLY,
                         MPI_INFO_NULL, &file);
  if (rc != MPI_SUCCESS) {
    error = Error(ErrorCode::kIo, "cannot open for MPI-IO: " + mpi_error_text(rc), temp_path);
  }
  raise_if_any(comm, error);
  // The file may exist from an earlier failed run: make its size exactly the total.
  rc = MPI_File_set_size(file, static_cast<MPI_Offset>(total));
  if (rc != MPI_SUCCESS)
    error = Error(ErrorCode::kIo, "cannot size: " + mpi_error_text(rc), temp_path);

  if (!error) {
    std::FILE* part = std::fopen(part_path.c_str(), "rb");
    if (part == nullptr) {
      error = Error(ErrorCode::kIo, std::string("cannot open part: ") + std::strerror(errno),
                    part_path);
    } else {
      std::vector<char> buffer(
          std::min<std::uint64_t>(kChunkBytes, std::max<std::uint64_t>(local_size, 1)));
      std::uint64_t done = 0;
      while (done < local_size && !error) {
        const std::size_t want =
            static_cast<std::size_t>(std::min<std::uint64_t>(buffer.size(), local_size - done));
        if (std::fread(buffer.data(), 1, want, part) != want) {
          error = Error(ErrorCode::kIo, "short read of part file", part_path);
          break;
        }
        MPI_Status status;
        rc = MPI_File_write_at(file, static_cast<MPI_Offset>(offset + done), buffer.data(),
                               static_cast<int>(want), MPI_BYTE, &status);
        if (rc != MPI_SUCCESS) {
          error = Error(ErrorCode::kIo, "MPI-IO write failed: " + mpi_error_text(rc), temp_path);
        }
        done += want;
      }
      std::fclose(part);
    }
  }
  rc = MPI_File_close(&file);
  if (rc != MPI_SUCCESS && !error) {
    error = Error(ErrorCode::kIo, "cannot close: " + mpi_error_text(rc), temp_path);
  }
  raise_if_any(comm, error);
  std::filesystem::remove(part_path);
  comm.barrier();
  if (comm.is_root()) {
    std::error_code ec;
    std::filesystem::rename(temp_path, final_path, ec);
    if (ec) error = Error(ErrorCode::kIo, "cannot rename into place: " + ec.message(), final_path);
  }
  raise_if_any(comm, error);
  return total;
}

}  // namespace xjslink::dist
