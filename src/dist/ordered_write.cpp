// File: dist/ordered_write.cpp
// Writes are independent (MPI_File_write_at) in chunks of at most 64 MiB, so counts fit MPI's
// int and no rank waits for another's data; open, set_size and close are collective.
#include "dist/ordered_write.hpp"

#include <mpi.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <vector>

#include "byte_buffer.hpp"
#include "dist/agree.hpp"
#include "xjslink/error.hpp"

namespace xjslink::dist {
namespace {

constexpr std::size_t kChunkBytes = std::size_t{64} << 20;

std::string mpi_error_text(int rc) {
  char text[MPI_MAX_ERROR_STRING];
  int len = 0;
  MPI_Error_string(rc, text, &len);
  return std::string(text, static_cast<std::size_t>(len));
}

// Fills buffer with `count` bytes of this rank's data from `offset`; false on failure.
using ChunkReader = std::function<bool(char* buffer, std::size_t count, std::uint64_t offset)>;

void assemble(const Comm& comm, const std::string& final_path, std::uint64_t local_size,
              const ChunkReader& read_chunk, std::optional<Error> error) {
  raise_if_any(comm, error);
  const std::uint64_t offset = comm.exscan_sum(local_size);
  const std::uint64_t total = comm.allreduce(local_size, Op::kSum);
  const std::string temp_path = final_path + ".tmp";
  const auto mpi_comm = reinterpret_cast<MPI_Comm>(comm.native_handle());
  MPI_File file;
  int rc = MPI_File_open(mpi_comm, temp_path.c_str(), MPI_MODE_CREATE | MPI_MODE_WRONLY,
                         MPI_INFO_NULL, &file);
  if (rc != MPI_SUCCESS) {
    error = Error(ErrorCode::kIo, "cannot create file: " + mpi_error_text(rc), final_path);
  }
  raise_if_any(comm, error);
  // The file may exist from an earlier failed run: make its size exactly the total.
  rc = MPI_File_set_size(file, static_cast<MPI_Offset>(total));
  if (rc != MPI_SUCCESS) {
    error = Error(ErrorCode::kIo, "cannot size file: " + mpi_error_text(rc), final_path);
  }
  std::vector<char> buffer(
      std::min<std::uint64_t>(kChunkBytes, std::max<std::uint64_t>(local_size, 1)));
  for (std::uint64_t done = 0; done < local_size && !error;) {
    const auto want =
        static_cast<std::size_t>(std::min<std::uint64_t>(buffer.size(), local_size - done));
    if (!read_chunk(buffer.data(), want, done)) {
      error = Error(ErrorCode::kIo, "cannot read this rank's data", final_path);
      break;
    }
    MPI_Status status;
    rc = MPI_File_write_at(file, static_cast<MPI_Offset>(offset + done), buffer.data(),
                           static_cast<int>(want), MPI_BYTE, &status);
    if (rc != MPI_SUCCESS) {
      error = Error(ErrorCode::kIo, "write failed: " + mpi_error_text(rc), final_path);
    }
    done += want;
  }
  rc = MPI_File_close(&file);
  if (rc != MPI_SUCCESS && !error) {
    error = Error(ErrorCode::kIo, "cannot close file: " + mpi_error_text(rc), final_path);
  }
  const bool failed = comm.allreduce<std::int32_t>(error ? 1 : 0, Op::kMax) != 0;
  if (failed && comm.is_root()) {
    std::error_code ec;
    std::filesystem::remove(temp_path, ec);
  }
  raise_if_any(comm, error);
  if (comm.is_root() && std::rename(temp_path.c_str(), final_path.c_str()) != 0) {
    error = Error(ErrorCode::kIo, std::string("cannot rename into place: ") + std::strerror(errno),
                  final_path);
  }
  raise_if_any(comm, error);
}

}  // namespace

void write_ordered(const Comm& comm, const std::string& path, std::span<const char> local_bytes) {
  assemble(
      comm, path, local_bytes.size(),
      [&](char* buffer, std::size_t count, std::uint64_t offset) {
        copy_bytes(buffer, local_bytes.data() + offset, count);
        return true;
      },
      std::nullopt);
}

std::uint64_t concatenate_parts(const Comm& comm, const std::string& part_path,
                                const std::string& final_path) {
  std::optional<Error> error;
  std::error_code ec;
  const std::uint64_t local_size = std::filesystem::file_size(part_path, ec);
  if (ec) error = Error(ErrorCode::kIo, "cannot read part file: " + ec.message(), part_path);
  if (comm.size() == 1) {
    raise_if_any(comm, error);
    std::filesystem::rename(part_path, final_path, ec);
    if (ec) throw Error(ErrorCode::kIo, "cannot rename into place: " + ec.message(), final_path);
    return local_size;
  }
  std::FILE* part = error ? nullptr : std::fopen(part_path.c_str(), "rb");
  if (!error && part == nullptr) {
    error =
        Error(ErrorCode::kIo, std::string("cannot open part: ") + std::strerror(errno), part_path);
  }
  try {
    assemble(
        comm, final_path, error ? 0 : local_size,
        [&](char* buffer, std::size_t count, std::uint64_t) {
          return std::fread(buffer, 1, count, part) == count;
        },
        error);
  } catch (...) {
    if (part != nullptr) std::fclose(part);
    throw;
  }
  std::fclose(part);
  std::filesystem::remove(part_path, ec);
  return comm.allreduce(local_size, Op::kSum);
}

}  // namespace xjslink::dist
