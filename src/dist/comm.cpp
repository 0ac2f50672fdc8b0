// File: dist/comm.cpp
// MPI behind dist::Comm. Byte counts are 64-bit; transfers above INT_MAX bytes are split into
// chunks, because MPI-3 counts are int.
#include "dist/comm.hpp"

#include <mpi.h>

#include <algorithm>
#include <climits>
#include <cstdio>
#include <cstdlib>

#include "dist/abort.hpp"
#include "xjslink/error.hpp"

namespace xjslink::dist {
namespace {

MPI_Comm as_mpi(void* handle) {
  return reinterpret_cast<MPI_Comm>(handle);
}
void* as_handle(MPI_Comm comm) {
  return reinterpret_cast<void*>(comm);
}

constexpr std::size_t kChunkBytes = std::size_t{1} << 30;

void check_mpi(int rc, const char* what) {
  if (rc != MPI_SUCCESS) {
    char text[MPI_MAX_ERROR_STRING];
    int len = 0;
    MPI_Error_string(rc, text, &len);
    std::fprintf(stderr, "xjslink: MPI failure in %s on rank %d: %.*s\n", what,
                 world_rank_or_zero(), len, text);
    abort_all(71);
  }
}

MPI_Datatype mpi_type(Comm::Type type) {
  switch (type) {
    case Comm::Type::kU8:
      return MPI_UINT8_T;
    case Comm::Type::kI32:
      return MPI_INT32_T;
    case Comm::Type::kU32:
      return MPI_UINT32_T;
    case Comm::Type::kI64:
      return MPI_INT64_T;
    case Comm::Type::kU64:
      return MPI_UINT64_T;
    case Comm::Type::kF64:
      return MPI_DOUBLE;
  }
  return MPI_BYTE;
}

MPI_Op mpi_op(Op op) {
  switch (op) {
    case Op::kSum:
      return MPI_SUM;
    case Op::kMin:
      return MPI_MIN;
    case Op::kMax:
      return MPI_MAX;
  }
  return MPI_SUM;
}

}  // namespace

namespace {
bool g_finalize_unsafe = false;
}  // namespace

void mark_finalize_unsafe() {
  g_finalize_unsafe = true;
}
bool finalize_unsafe() {
  return g_finalize_unsafe;
}

void exit_without_finalize(int exit_code) {
  std::fflush(stdout);
  std::fflush(stderr);
  int initialised = 0, finalised = 0, size = 1;
  MPI_Initialized(&initialised);
  MPI_Finalized(&finalised);
  if (initialised && !finalised) MPI_Comm_size(MPI_COMM_WORLD, &size);
  if (size > 1) MPI_Abort(MPI_COMM_WORLD, exit_code);
  std::_Exit(exit_code);
}

int world_rank_or_zero() {
  int initialised = 0, finalised = 0;
  MPI_Initialized(&initialised);
  MPI_Finalized(&finalised);
  if (!initialised || finalised) return 0;
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  return rank;
}

void abort_all(int exit_code) {
  int initialised = 0, finalised = 0;
  MPI_Initialized(&initialised);
  MPI_Finalized(&finalised);
  if (initialised && !finalised) MPI_Abort(MPI_COMM_WORLD, exit_code);
  std::_Exit(exit_code);
}

Environment::Environment(int* argc, char*** argv) {
  int initialised = 0;
  MPI_Initialized(&initialised);
  if (initialised) return;
  int provided = 0;
  check_mpi(MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided), "MPI_Init_thread");
  // Only the master thread of each rank calls MPI; OpenMP threads never do.
  if (provided < MPI_THREAD_FUNNELED) {
    std::fprintf(stderr, "xjslink: MPI provides thread level %d, need FUNNELED\n", provided);
    abort_all(71);
  }
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
}

Environment::~Environment() {
  int finalised = 0;
  MPI_Finalized(&finalised);
  if (!finalised) MPI_Finalize();
}

Comm::Comm(void* handle) : handle_(handle) {
  MPI_Comm_set_errhandler(as_mpi(handle_), MPI_ERRORS_RETURN);
  MPI_Comm_rank(as_mpi(handle_), &rank_);
  MPI_Comm_size(as_mpi(handle_), &size_);
}

Comm Comm::world() {
  MPI_Comm dup;
  check_mpi(MPI_Comm_dup(MPI_COMM_WORLD, &dup), "MPI_Comm_dup");
  return Comm(as_handle(dup));
}

int Comm::ranks_on_this_node() const {
  MPI_Comm node;
  check_mpi(MPI_Comm_split_type(as_mpi(handle_), MPI_COMM_TYPE_SHARED, rank_, MPI_INFO_NULL, &node),
            "MPI_Comm_split_type");
  int n = 1;
  MPI_Comm_size(node, &n);
  MPI_Comm_free(&node);
  return n;
}

Comm Comm::self() {
  MPI_Comm dup;
  check_mpi(MPI_Comm_dup(MPI_COMM_SELF, &dup), "MPI_Comm_dup");
  return Comm(as_handle(dup));
}

// Copies duplicate the communicator, so each Comm frees exactly what it owns.
Comm::Comm(const Comm& other) : rank_(other.rank_), size_(other.size_) {
  MPI_Comm dup;
  check_mpi(MPI_Comm_dup(as_mpi(other.handle_), &dup), "MPI_Comm_dup");
  handle_ = as_handle(dup);
}

Comm& Comm::operator=(const Comm& other) {
  if (this != &other) {
    Comm copy(other);
    *this = std::move(copy);
  }
  return *this;
}

Comm::Comm(Comm&& other) noexcept : handle_(other.handle_), rank_(other.rank_), size_(other.size_) {
  other.handle_ = nullptr;
}

Comm& Comm::operator=(Comm&& other) noexcept {
  if (this != &other) {
    if (handle_ != nullptr) {
      MPI_Comm c = as_mpi(handle_);
      MPI_Comm_free(&c);
    }
    handle_ = other.handle_;
    rank_ = other.rank_;
    size_ = other.size_;
    other.handle_ = nullptr;
  }
  return *this;
}

Comm::~Comm() {
  if (handle_ == nullptr) return;
  int finalised = 0;
  MPI_Finalized(&finalised);
  if (!finalised) {
    MPI_Comm c = as_mpi(handle_);
    MPI_Comm_free(&c);
  }
}

void Comm::barrier() const {
  check_mpi(MPI_Barrier(as_mpi(handle_)), "MPI_Barrier");
}

void Comm::allreduce_raw(void* data, std::size_t count, Type type, Op op) const {
  auto* bytes = static_cast<char*>(data);
  int type_size = 0;
  MPI_Type_size(mpi_type(type), &type_size);
  const std::size_t max_items = kChunkBytes / static_cast<std::size_t>(type_size);
  for (std::size_t done = 0; done < count;) {
    const std::size_t n = std::min(max_items, count - done);
    check_mpi(MPI_Allreduce(MPI_IN_PLACE, bytes + done * type_size, static_cast<int>(n),
                            mpi_type(type), mpi_op(op), as_mpi(handle_)),
              "MPI_Allreduce");
    done += n;
  }
}

void Comm::exscan_raw(const void* in, void* out, Type type) const {
  check_mpi(MPI_Exscan(in, out, 1, mpi_type(type), MPI_SUM, as_mpi(handle_)), "MPI_Exscan");
  // MPI leaves rank 0's output undefined; define it as zero.
  if (rank_ == 0) {
    int type_size = 0;
    MPI_Type_size(mpi_type(type), &type_size);
    std::fill_n(static_cast<char*>(out), type_size, 0);
  }
}

void Comm::allgather_raw(const void* in, void* out, std::size_t bytes_each) const {
  check_mpi(MPI_Allgather(in, static_cast<int>(bytes_each), MPI_BYTE, out,
                          static_cast<int>(bytes_each), MPI_BYTE, as_mpi(handle_)),
            "MPI_Allgather");
}

void Comm::bcast_raw(void* data, std::size_t bytes, int root) const {
  auto* p = static_cast<char*>(data);
  for (std::size_t done = 0; done < bytes;) {
    const std::size_t n = std::min(kChunkBytes, bytes - done);
    check_mpi(MPI_Bcast(p + done, static_cast<int>(n), MPI_BYTE, root, as_mpi(handle_)),
              "MPI_Bcast");
    done += n;
  }
}

void Comm::bcast(std::string& text, int root) const {
  std::uint64_t n = text.size();
  bcast_raw(&n, sizeof(n), root);
  text.resize(n);
  bcast_raw(text.data(), n, root);
}

Comm::Received Comm::alltoallv_bytes(const std::vector<std::vector<std::byte>>& send) const {
  XJS_CHECK(static_cast<int>(send.size()) == size_, "alltoallv needs one buffer per rank");
  std::vector<std::uint64_t> send_counts(size_), recv_counts(size_);
  for (int d = 0; d < size_; ++d)
    send_counts[d] = send[d].size();
  check_mpi(MPI_Alltoall(send_counts.data(), 1, MPI_UINT64_T, recv_counts.data(), 1, MPI_UINT64_T,
                         as_mpi(handle_)),
            "MPI_Alltoall");
  Received out;
  out.counts = recv_counts;
  std::vector<std::uint64_t> recv_offsets(size_ + 1, 0);
  for (int s = 0; s < size_; ++s)
    recv_offsets[s + 1] = recv_offsets[s] + recv_counts[s];
  out.bytes.resize(recv_offsets[size_]);

  // Point-to-point in chunks: counts of any size, and no packed send buffer to build.
  std::vector<MPI_Request> requests;
  constexpr int kTag = 7101;
  for (int s = 0; s < size_; ++s) {
    for (std::uint64_t done = 0; done < recv_counts[s];) {
      const std::uint64_t n = std::min<std::uint64_t>(kChunkBytes, recv_counts[s] - done);
      requests.emplace_back();
      check_mpi(MPI_Irecv(out.bytes.data() + recv_offsets[s] + done, static_cast<int>(n), MPI_BYTE,
                          s, kTag, as_mpi(handle_), &requests.back()),
                "MPI_Irecv");
      done += n;
    }
  }
  for (int d = 0; d < size_; ++d) {
    for (std::uint64_t done = 0; done < send_counts[d];) {
      const std::uint64_t n = std::min<std::uint64_t>(kChunkBytes, send_counts[d] - done);
      requests.emplace_back();
      check_mpi(MPI_Isend(send[d].data() + done, static_cast<int>(n), MPI_BYTE, d, kTag,
                          as_mpi(handle_), &requests.back()),
                "MPI_Isend");
      done += n;
    }
  }
  check_mpi(MPI_Waitall(static_cast<int>(requests.size()), requests.data(), MPI_STATUSES_IGNORE),
            "MPI_Waitall");
  return out;
}

Comm::Received Comm::allgatherv_bytes(std::span<const std::byte> local) const {
  std::vector<std::uint64_t> counts = allgather<std::uint64_t>(local.size());
  Received out;
  out.counts = counts;
  std::uint64_t total = 0;
  for (auto c : counts)
    total += c;
  out.bytes.resize(total);
  std::uint64_t offset = 0;
  for (int r = 0; r < size_; ++r) {
    if (r == rank_) std::copy(local.begin(), local.end(), out.bytes.begin() + offset);
    bcast_raw(out.bytes.data() + offset, counts[r], r);
    offset += counts[r];
  }
  return out;
}

}  // namespace xjslink::dist
