// File: dist/fetch_values.cpp
// Two all-to-alls: the requested rows to their owners, the values back in request order.
#include "dist/fetch_values.hpp"

namespace xjslink::dist {

std::vector<std::uint64_t> fetch_values(const Comm& comm, const IndexLayout& layout,
                                        const std::vector<std::uint64_t>& values,
                                        const std::vector<std::uint64_t>& vertices) {
  const auto nranks = static_cast<std::size_t>(comm.size());
  std::vector<std::vector<std::uint64_t>> ask(nranks);
  std::vector<std::vector<std::size_t>> where(nranks);
  for (std::size_t i = 0; i < vertices.size(); ++i) {
    const RowRef ref = layout.locate(vertices[i]);
    const auto o = static_cast<std::size_t>(ref.rank);
    ask[o].push_back(ref.row);
    where[o].push_back(i);
  }
  const Comm::Received asked = comm.alltoallv_bytes(pack(ask));
  std::vector<std::uint64_t> wanted = unpack<std::uint64_t>(asked);
  for (auto& row : wanted)
    row = values[row];
  std::vector<std::vector<std::byte>> reply(nranks);
  std::size_t offset = 0;
  for (std::size_t r = 0; r < nranks; ++r) {
    const std::size_t n = asked.counts[r] / sizeof(std::uint64_t);
    reply[r].resize(n * sizeof(std::uint64_t));
    if (n > 0) std::memcpy(reply[r].data(), wanted.data() + offset, n * sizeof(std::uint64_t));
    offset += n;
  }
  const std::vector<std::uint64_t> answers = unpack<std::uint64_t>(comm.alltoallv_bytes(reply));
  std::vector<std::uint64_t> out(vertices.size());
  std::size_t k = 0;
  for (std::size_t r = 0; r < nranks; ++r) {
    for (std::size_t i : where[r])
      out[i] = answers[k++];
  }
  return out;
}

}  // namespace xjslink::dist
