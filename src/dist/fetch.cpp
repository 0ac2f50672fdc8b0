// File: dist/fetch.cpp
// Two all-to-all rounds: requests (row numbers) to owners, encoded rows back. Replies come back
// grouped by owner; a permutation restores request order.
#include "dist/fetch.hpp"

#include <cstring>

#include "xjslink/error.hpp"
#include "xjslink/record_codec.hpp"

namespace xjslink::dist {

FetchedRows fetch_rows(const Comm& comm, const PreparedRecords& local, const IndexLayout& layout,
                       std::span<const RowRef> requests) {
  const auto nranks = static_cast<std::size_t>(comm.size());
  struct Wire {
    std::uint64_t source;  // 64 bits: no padding bytes go over the wire
    std::uint64_t index;
  };
  std::vector<std::vector<std::byte>> send(nranks);
  std::vector<std::vector<std::size_t>> order(nranks);  // request positions per owner
  for (std::size_t i = 0; i < requests.size(); ++i) {
    const RowRef& r = requests[i];
    const Wire w{r.source, r.index};
    auto& buf = send[static_cast<std::size_t>(r.rank)];
    const std::size_t at = buf.size();
    buf.resize(at + sizeof(Wire));
    std::memcpy(buf.data() + at, &w, sizeof(Wire));
    order[static_cast<std::size_t>(r.rank)].push_back(i);
  }
  const Comm::Received asked = comm.alltoallv_bytes(send);

  std::vector<std::vector<std::byte>> reply(nranks);
  std::size_t offset = 0;
  for (std::size_t src = 0; src < nranks; ++src) {
    const std::size_t count = asked.counts[src] / sizeof(Wire);
    for (std::size_t k = 0; k < count; ++k) {
      Wire w;
      std::memcpy(&w, asked.bytes.data() + offset + k * sizeof(Wire), sizeof(Wire));
      const std::size_t row =
          w.source == kAnySource ? w.index : layout.local_source_rows()[w.source][w.index];
      encode_record(local, row, reply[src]);
    }
    offset += asked.counts[src];
  }
  const Comm::Received answers = comm.alltoallv_bytes(reply);

  FetchedRows out{empty_like(local), {}};
  decode_records(answers.bytes, out.rows);
  // Replies are in owner order, each owner's in request order.
  out.row_of_request.resize(requests.size());
  std::uint32_t next = 0;
  for (std::size_t r = 0; r < nranks; ++r) {
    for (std::size_t i : order[r]) out.row_of_request[i] = next++;
  }
  return out;
}

}  // namespace xjslink::dist
