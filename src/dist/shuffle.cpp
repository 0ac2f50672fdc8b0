// File: dist/shuffle.cpp
#include "dist/shuffle.hpp"

#include <vector>

#include "xjslink/record_codec.hpp"

namespace xjslink::dist {

PreparedRecords shuffle_by_rule_key(const Comm& comm, const PreparedRecords& local,
                                    std::span<const std::uint64_t> rule_keys, std::size_t rule) {
  const std::size_t n = local.size();
  const auto nranks = static_cast<std::uint64_t>(comm.size());
  std::vector<std::vector<std::byte>> send(static_cast<std::size_t>(nranks));
  for (std::size_t row = 0; row < n; ++row) {
    const std::uint64_t key = rule_keys[rule * n + row];
    if (key == kNullHash) continue;
    encode_record(local, row, send[key % nranks]);
  }
  const Comm::Received received = comm.alltoallv_bytes(send);
  PreparedRecords out = empty_like(local);
  decode_records(received.bytes, out);
  return out;
}

}  // namespace xjslink::dist
