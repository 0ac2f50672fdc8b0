// File: dist/comm.hpp
// A small typed face over one MPI communicator. Stages use this, never <mpi.h>: the header
// keeps MPI out so that everything outside src/dist/ compiles without it.
// Every collective here must be called by all ranks of the communicator, in the same order.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

namespace xjslink::dist {

// Owns MPI initialisation for a process (MPI_Init_thread with FUNNELED, checked).
class Environment {
 public:
  Environment(int* argc, char*** argv);
  ~Environment();
  Environment(const Environment&) = delete;
  Environment& operator=(const Environment&) = delete;
};

enum class Op : std::uint8_t { kSum, kMin, kMax };

class Comm {
 public:
  // A duplicate of MPI_COMM_WORLD (so library traffic never mixes with a caller's).
  static Comm world();
  // A one-rank communicator for this process alone (MPI_COMM_SELF duplicate).
  static Comm self();

  Comm(const Comm& other);
  Comm& operator=(const Comm& other);
  Comm(Comm&& other) noexcept;
  Comm& operator=(Comm&& other) noexcept;
  ~Comm();

  int rank() const { return rank_; }
  int size() const { return size_; }
  bool is_root() const { return rank_ == 0; }
  // Collective: how many ranks of this communicator share this rank's node (its memory).
  int ranks_on_this_node() const;

  void barrier() const;

  template <typename T>
  T allreduce(T value, Op op) const {
    allreduce_inplace(std::span<T>(&value, 1), op);
    return value;
  }
  template <typename T>
  void allreduce_inplace(std::span<T> values, Op op) const {
    allreduce_raw(values.data(), values.size(), type_tag<T>(), op);
  }
  // Sum of value over ranks below this one (0 on rank 0).
  template <typename T>
  T exscan_sum(T value) const {
    T out{};
    exscan_raw(&value, &out, type_tag<T>());
    return out;
  }
  template <typename T>
  std::vector<T> allgather(T value) const {
    std::vector<T> out(static_cast<std::size_t>(size_));
    allgather_raw(&value, out.data(), sizeof(T));
    return out;
  }
  // Broadcast of a trivially copyable vector or a string from root; resizes on receivers.
  template <typename T>
  void bcast(std::vector<T>& values, int root) const {
    static_assert(std::is_trivially_copyable_v<T>);
    std::uint64_t n = values.size();
    bcast_raw(&n, sizeof(n), root);
    values.resize(n);
    bcast_raw(values.data(), n * sizeof(T), root);
  }
  void bcast(std::string& text, int root) const;

  // All-to-all of variable-size byte payloads: send[d] goes to rank d. Returns what each rank
  // sent to this one, concatenated in source-rank order, with the per-source byte counts.
  struct Received {
    std::vector<std::byte> bytes;
    std::vector<std::uint64_t> counts;  // one per source rank
  };
  Received alltoallv_bytes(const std::vector<std::vector<std::byte>>& send) const;

  // Gathers variable-size byte payloads on every rank (per-rank blocks in rank order).
  Received allgatherv_bytes(std::span<const std::byte> local) const;

  // The raw MPI_Comm, for src/dist/ code (HDF5 MPI-IO) only.
  void* native_handle() const { return handle_; }

  enum class Type : std::uint8_t { kU8, kI32, kU32, kI64, kU64, kF64 };

 private:
  explicit Comm(void* handle);
  template <typename T>
  static constexpr Type type_tag() {
    if constexpr (std::is_same_v<T, std::uint8_t>)
      return Type::kU8;
    else if constexpr (std::is_same_v<T, std::int32_t>)
      return Type::kI32;
    else if constexpr (std::is_same_v<T, std::uint32_t>)
      return Type::kU32;
    else if constexpr (std::is_same_v<T, std::int64_t> || std::is_same_v<T, long long>)
      return Type::kI64;
    else if constexpr (std::is_same_v<T, std::uint64_t> || std::is_same_v<T, unsigned long long>)
      return Type::kU64;
    else if constexpr (std::is_same_v<T, double>)
      return Type::kF64;
    else
      static_assert(sizeof(T) == 0, "unsupported type for a reduction");
  }
  void allreduce_raw(void* data, std::size_t count, Type type, Op op) const;
  void exscan_raw(const void* in, void* out, Type type) const;
  void allgather_raw(const void* in, void* out, std::size_t bytes_each) const;
  void bcast_raw(void* data, std::size_t bytes, int root) const;

  void* handle_ = nullptr;  // MPI_Comm, owned (a duplicate)
  int rank_ = 0;
  int size_ = 1;
};

}  // namespace xjslink::dist
