// File: dist/value_counts.cpp
#include "dist/value_counts.hpp"

#include <cstring>
#include <unordered_map>

#include "byte_buffer.hpp"

namespace xjslink::dist {

std::vector<std::uint64_t> global_value_counts(const Comm& comm,
                                               std::span<const std::uint64_t> hashes) {
  std::vector<std::uint64_t> out(hashes.size(), 0);
  const auto nranks = static_cast<std::uint64_t>(comm.size());
  if (nranks == 1) {
    std::unordered_map<std::uint64_t, std::uint64_t> counts;
    for (std::uint64_t h : hashes) {
      if (h != 0) ++counts[h];
    }
    for (std::size_t i = 0; i < hashes.size(); ++i) {
      if (hashes[i] != 0) out[i] = counts[hashes[i]];
    }
    return out;
  }
  // Send each distinct local hash with its local count; owners sum and answer per hash.
  std::unordered_map<std::uint64_t, std::uint64_t> local;
  for (std::uint64_t h : hashes) {
    if (h != 0) ++local[h];
  }
  struct Entry {
    std::uint64_t hash, count;
  };
  std::vector<std::vector<Entry>> by_owner(nranks);
  for (const auto& [h, n] : local)
    by_owner[h % nranks].push_back({h, n});
  std::vector<std::vector<std::byte>> send(nranks);
  for (std::size_t r = 0; r < nranks; ++r) {
    send[r].resize(by_owner[r].size() * sizeof(Entry));
    copy_bytes(send[r].data(), by_owner[r].data(), send[r].size());
  }
  const Comm::Received asked = comm.alltoallv_bytes(send);
  std::unordered_map<std::uint64_t, std::uint64_t> totals;
  const std::size_t entries = asked.bytes.size() / sizeof(Entry);
  for (std::size_t i = 0; i < entries; ++i) {
    Entry e;
    std::memcpy(&e, asked.bytes.data() + i * sizeof(Entry), sizeof(Entry));
    totals[e.hash] += e.count;
  }
  // Answer in the order each rank asked.
  std::vector<std::vector<std::byte>> reply(nranks);
  std::size_t offset = 0;
  for (std::size_t r = 0; r < nranks; ++r) {
    const std::size_t n = asked.counts[r] / sizeof(Entry);
    reply[r].resize(n * sizeof(Entry));
    for (std::size_t i = 0; i < n; ++i) {
      Entry e;
      std::memcpy(&e, asked.bytes.data() + offset + i * sizeof(Entry), sizeof(Entry));
      e.count = totals[e.hash];
      std::memcpy(reply[r].data() + i * sizeof(Entry), &e, sizeof(Entry));
    }
    offset += asked.counts[r];
  }
  const Comm::Received answers = comm.alltoallv_bytes(reply);
  const std::size_t answered = answers.bytes.size() / sizeof(Entry);
  for (std::size_t i = 0; i < answered; ++i) {
    Entry e;
    std::memcpy(&e, answers.bytes.data() + i * sizeof(Entry), sizeof(Entry));
    local[e.hash] = e.count;
  }
  for (std::size_t i = 0; i < hashes.size(); ++i) {
    if (hashes[i] != 0) out[i] = local[hashes[i]];
  }
  return out;
}

}  // namespace xjslink::dist
