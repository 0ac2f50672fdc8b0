// File: dist/index_layout.cpp
#include "dist/index_layout.hpp"

#include <algorithm>
#include <cstring>

#include "byte_buffer.hpp"
#include "xjslink/error.hpp"

namespace xjslink::dist {

IndexLayout::IndexLayout(const Comm& comm, std::span<const std::uint64_t> global_index) {
  // Local segments as (start, length, local_row) triples.
  std::vector<std::uint64_t> mine;
  for (std::size_t row = 0; row < global_index.size();) {
    std::size_t end = row + 1;
    while (end < global_index.size() && global_index[end] == global_index[end - 1] + 1)
      ++end;
    XJS_CHECK(end == global_index.size() || global_index[end] > global_index[end - 1],
              "global indices must be ascending");
    mine.insert(mine.end(), {global_index[row], end - row, row});
    row = end;
  }
  const Comm::Received got = comm.allgatherv_bytes(std::span<const std::byte>(
      reinterpret_cast<const std::byte*>(mine.data()), mine.size() * sizeof(std::uint64_t)));
  std::vector<std::uint64_t> all(got.bytes.size() / sizeof(std::uint64_t));
  copy_bytes(all.data(), got.bytes.data(), got.bytes.size());
  struct Raw {
    Segment segment;
    std::uint64_t length;
  };
  std::vector<Raw> raw;
  std::size_t offset = 0;
  for (std::size_t r = 0; r < got.counts.size(); ++r) {
    const std::size_t words = got.counts[r] / sizeof(std::uint64_t);
    for (std::size_t w = 0; w < words; w += 3) {
      raw.push_back({{all[offset + w], all[offset + w + 2], static_cast<std::int32_t>(r)},
                     all[offset + w + 1]});
    }
    offset += words;
  }
  std::sort(raw.begin(), raw.end(),
            [](const Raw& a, const Raw& b) { return a.segment.start < b.segment.start; });
  for (const Raw& r : raw) {
    XJS_CHECK(r.segment.start == total_, "global indices must be dense 0..N-1 across ranks");
    segments_.push_back(r.segment);
    total_ += r.length;
  }
}

RowRef IndexLayout::locate(std::uint64_t global_index) const {
  XJS_CHECK(global_index < total_, "record index out of range");
  const auto it = std::upper_bound(segments_.begin(), segments_.end(), global_index,
                                   [](std::uint64_t g, const Segment& s) { return g < s.start; });
  const Segment& s = *(it - 1);
  return {s.rank, s.local_row + (global_index - s.start)};
}

}  // namespace xjslink::dist
