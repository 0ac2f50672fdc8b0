// File: dist/index_layout.cpp
#include "dist/index_layout.hpp"

#include <algorithm>
#include <cstring>

#include "xjslink/error.hpp"

namespace xjslink::dist {

IndexLayout::IndexLayout(const Comm& comm, std::span<const std::uint64_t> global_index,
                         std::span<const std::uint16_t> source, std::size_t num_sources)
    : num_sources_(num_sources), by_source_(num_sources) {
  const std::size_t s_count = num_sources;
  // Local segments: [start, length, local_row, per-source counts...].
  std::vector<std::uint64_t> mine;
  for (std::size_t row = 0; row < global_index.size();) {
    std::size_t end = row + 1;
    while (end < global_index.size() && global_index[end] == global_index[end - 1] + 1) ++end;
    XJS_CHECK(end == global_index.size() || global_index[end] > global_index[end - 1],
              "global indices must be ascending");
    mine.push_back(global_index[row]);
    mine.push_back(end - row);
    mine.push_back(row);
    const std::size_t at = mine.size();
    mine.resize(at + s_count, 0);
    for (std::size_t i = row; i < end && !source.empty(); ++i) {
      XJS_CHECK(source[i] < num_sources, "record source out of range");
      ++mine[at + source[i]];
    }
    row = end;
  }
  for (std::size_t row = 0; row < source.size(); ++row) {
    by_source_[source[row]].push_back(static_cast<std::uint32_t>(row));
  }
  const auto* bytes = reinterpret_cast<const std::byte*>(mine.data());
  const Comm::Received got =
      comm.allgatherv_bytes(std::span<const std::byte>(bytes, mine.size() * sizeof(std::uint64_t)));
  std::vector<std::uint64_t> all(got.bytes.size() / sizeof(std::uint64_t));
  std::memcpy(all.data(), got.bytes.data(), got.bytes.size());

  const std::size_t width = 3 + s_count;
  struct Raw {
    Segment seg;
    std::size_t at;  // offset of its source counts in `all`
  };
  std::vector<Raw> raw;
  std::size_t offset = 0;
  for (std::size_t r = 0; r < got.counts.size(); ++r) {
    const std::size_t words = got.counts[r] / sizeof(std::uint64_t);
    for (std::size_t w = 0; w < words; w += width) {
      raw.push_back({{all[offset + w], all[offset + w + 1], all[offset + w + 2],
                      static_cast<std::int32_t>(r)},
                     offset + w + 3});
    }
    offset += words;
  }
  std::sort(raw.begin(), raw.end(),
            [](const Raw& a, const Raw& b) { return a.seg.start < b.seg.start; });
  source_totals_.assign(s_count, 0);
  std::vector<std::vector<std::uint64_t>> per_rank_source(got.counts.size(),
                                                          std::vector<std::uint64_t>(s_count, 0));
  for (const Raw& r : raw) {
    XJS_CHECK(r.seg.start == total_, "global indices must be dense 0..N-1 across ranks");
    segments_.push_back(r.seg);
    total_ += r.seg.length;
    for (std::size_t s = 0; s < s_count; ++s) {
      source_before_.push_back(source_totals_[s]);
      auto& local_before = per_rank_source[static_cast<std::size_t>(r.seg.rank)][s];
      rank_source_before_.push_back(local_before);
      source_totals_[s] += all[r.at + s];
      local_before += all[r.at + s];
    }
  }
}

namespace {
std::size_t count_sources(const Comm& comm, std::span<const std::uint16_t> source) {
  std::uint64_t largest = 0;
  for (std::uint16_t s : source) largest = std::max<std::uint64_t>(largest, s);
  return static_cast<std::size_t>(comm.allreduce(largest, Op::kMax)) + 1;
}
}  // namespace

IndexLayout::IndexLayout(const Comm& comm, std::span<const std::uint64_t> global_index,
                         std::span<const std::uint16_t> source)
    : IndexLayout(comm, global_index, source, count_sources(comm, source)) {}

RowRef IndexLayout::locate(std::uint64_t global_index) const {
  XJS_CHECK(global_index < total_, "record index out of range");
  const auto it = std::upper_bound(
      segments_.begin(), segments_.end(), global_index,
      [](std::uint64_t g, const Segment& s) { return g < s.start; });
  const Segment& s = *(it - 1);
  return {s.rank, kAnySource, s.local_row + (global_index - s.start)};
}

RowRef IndexLayout::locate_in_source(std::uint16_t source, std::uint64_t k) const {
  XJS_CHECK(k < source_totals_[source], "source record index out of range");
  // The last segment with at most k earlier records of the source holds the k-th one.
  std::size_t lo = 0, hi = segments_.size();
  while (hi - lo > 1) {
    const std::size_t mid = (lo + hi) / 2;
    if (source_before_[mid * num_sources_ + source] <= k) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  const std::uint64_t within = k - source_before_[lo * num_sources_ + source];
  return {segments_[lo].rank, source, rank_source_before_[lo * num_sources_ + source] + within};
}

}  // namespace xjslink::dist
