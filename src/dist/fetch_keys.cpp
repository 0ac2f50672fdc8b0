// File: dist/fetch_keys.cpp
#include "dist/fetch_keys.hpp"

#include <algorithm>
#include <cstring>

#include "byte_buffer.hpp"
#include "dist/index_layout.hpp"
#include "xjslink/error.hpp"

namespace xjslink::dist {

std::vector<FetchedKey> fetch_keys(const Comm& comm, const RecordKeys& keys,
                                   std::span<const std::uint64_t> global_indices) {
  std::vector<FetchedKey> out(global_indices.size());
  if (comm.size() == 1) {
    for (std::size_t i = 0; i < global_indices.size(); ++i) {
      const auto it =
          std::lower_bound(keys.global_index.begin(), keys.global_index.end(), global_indices[i]);
      XJS_CHECK(it != keys.global_index.end() && *it == global_indices[i], "unknown record index");
      const auto row = static_cast<std::size_t>(it - keys.global_index.begin());
      out[i] = {keys.source[row], std::string(keys.uid(row))};
    }
    return out;
  }
  const IndexLayout layout(comm, keys.global_index);
  const auto nranks = static_cast<std::size_t>(comm.size());
  std::vector<std::vector<std::byte>> ask(nranks);
  std::vector<std::vector<std::size_t>> where(nranks);
  for (std::size_t i = 0; i < global_indices.size(); ++i) {
    const RowRef ref = layout.locate(global_indices[i]);
    auto& buf = ask[static_cast<std::size_t>(ref.rank)];
    const std::size_t at = buf.size();
    buf.resize(at + sizeof(std::uint64_t));
    std::memcpy(buf.data() + at, &ref.row, sizeof(std::uint64_t));
    where[static_cast<std::size_t>(ref.rank)].push_back(i);
  }
  const Comm::Received asked = comm.alltoallv_bytes(ask);
  std::vector<std::vector<std::byte>> reply(nranks);
  std::size_t offset = 0;
  for (std::size_t r = 0; r < nranks; ++r) {
    for (std::size_t k = 0; k < asked.counts[r] / sizeof(std::uint64_t); ++k) {
      std::uint64_t row;
      std::memcpy(&row, asked.bytes.data() + offset + k * sizeof(row), sizeof(row));
      const std::uint16_t source = keys.source[row];
      const std::string_view uid = keys.uid(row);
      const auto len = static_cast<std::uint32_t>(uid.size());
      auto& buf = reply[r];
      const std::size_t at = buf.size();
      buf.resize(at + sizeof(source) + sizeof(len) + len);
      std::memcpy(buf.data() + at, &source, sizeof(source));
      std::memcpy(buf.data() + at + sizeof(source), &len, sizeof(len));
      copy_bytes(buf.data() + at + sizeof(source) + sizeof(len), uid.data(), len);
    }
    offset += asked.counts[r];
  }
  const Comm::Received answers = comm.alltoallv_bytes(reply);
  std::size_t pos = 0;
  for (std::size_t r = 0; r < nranks; ++r) {
    for (std::size_t i : where[r]) {
      std::uint16_t source;
      std::uint32_t len;
      std::memcpy(&source, answers.bytes.data() + pos, sizeof(source));
      std::memcpy(&len, answers.bytes.data() + pos + sizeof(source), sizeof(len));
      out[i].source = source;
      out[i].uid.assign(
          reinterpret_cast<const char*>(answers.bytes.data() + pos + sizeof(source) + sizeof(len)),
          len);
      pos += sizeof(source) + sizeof(len) + len;
    }
  }
  return out;
}

}  // namespace xjslink::dist
