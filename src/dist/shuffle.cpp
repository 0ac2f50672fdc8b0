// File: dist/shuffle.cpp
#include "dist/shuffle.hpp"

#include <algorithm>
#include <vector>

#include "xjslink/record_codec.hpp"

namespace xjslink::dist {
namespace {

// Calls send_to(rank) for every rank that needs local record `row` of a block with `key`.
template <typename F>
void for_each_destination(const BlockPlan& plan, std::uint64_t key, std::uint64_t global_index,
                          F&& send_to) {
  const BlockPlan::Scheduled* s = plan.find(key);
  if (s == nullptr) {
    send_to(plan.small_owner(key));
  } else if (s->chunks == 1) {
    send_to(s->rank);
  } else {
    for (std::int32_t r : plan.chunk_ranks(*s, BlockPlan::chunk_of(key, global_index, s->chunks))) {
      send_to(r);
    }
  }
}

}  // namespace

std::uint32_t shuffle_rounds(const Comm& comm, const PreparedRecords& local,
                             std::span<const std::uint64_t> keys, const BlockPlan& plan,
                             std::uint64_t budget_bytes) {
  if (budget_bytes == 0) return 1;
  std::vector<std::uint64_t> bytes_to(static_cast<std::size_t>(comm.size()), 0);
  std::vector<std::byte> scratch;
  for (std::size_t row = 0; row < local.size(); ++row) {
    if (keys[row] == kNullHash) continue;
    scratch.clear();
    encode_record(local, row, scratch);
    for_each_destination(plan, keys[row], local.global_index[row],
                         [&](int r) { bytes_to[static_cast<std::size_t>(r)] += scratch.size(); });
  }
  comm.allreduce_inplace(std::span<std::uint64_t>(bytes_to), Op::kSum);
  const std::uint64_t most = *std::max_element(bytes_to.begin(), bytes_to.end());
  // Decoded records take about as much memory again as their encoding.
  return static_cast<std::uint32_t>(
      std::max<std::uint64_t>(1, (2 * most + budget_bytes - 1) / budget_bytes));
}

PreparedRecords shuffle_round(const Comm& comm, const PreparedRecords& local,
                              std::span<const std::uint64_t> keys, const BlockPlan& plan,
                              std::uint32_t round) {
  std::vector<std::vector<std::byte>> send(static_cast<std::size_t>(comm.size()));
  std::vector<std::byte> scratch;
  for (std::size_t row = 0; row < local.size(); ++row) {
    const std::uint64_t key = keys[row];
    if (key == kNullHash || plan.round_of(key) != round) continue;
    scratch.clear();
    encode_record(local, row, scratch);
    for_each_destination(plan, key, local.global_index[row], [&](int r) {
      auto& buf = send[static_cast<std::size_t>(r)];
      buf.insert(buf.end(), scratch.begin(), scratch.end());
    });
  }
  const Comm::Received received = comm.alltoallv_bytes(send);
  send.clear();
  PreparedRecords out = empty_like(local);
  decode_records(received.bytes, out);
  return out;
}

}  // namespace xjslink::dist
