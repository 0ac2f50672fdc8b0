// File: dist/block_plan.cpp
// Planning: (1) local key counts go to key owners, which total the block sizes; (2) the global
// pair work W gives the mean per rank; (3) owners keep small blocks and report the others;
// (4) every rank plans the reported blocks identically: tiles for the largest, then
// longest-processing-time-first assignment onto the least-loaded rank (Graham 1969), ties to
// the lowest rank.
#include "dist/block_plan.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>
#include <unordered_map>

#include "byte_buffer.hpp"
#include "xjslink/counter_rng.hpp"
#include "xjslink/error.hpp"

namespace xjslink::dist {
namespace {

struct Task {
  std::uint64_t work;
  std::uint64_t key;
  std::uint32_t scheduled_index;
  std::int32_t tile_index;  // -1 = whole block
};

}  // namespace

std::uint32_t BlockPlan::chunk_of(std::uint64_t key, std::uint64_t global_index,
                                  std::uint32_t chunks) {
  return static_cast<std::uint32_t>(
      uniform_below(splitmix64(global_index ^ splitmix64(key)), chunks));
}

std::uint32_t BlockPlan::round_of(std::uint64_t key) const {
  return rounds_ == 1 ? 0 : static_cast<std::uint32_t>(uniform_below(splitmix64(key + 1), rounds_));
}

const BlockPlan::Scheduled* BlockPlan::find(std::uint64_t key) const {
  const auto it = std::lower_bound(scheduled_.begin(), scheduled_.end(), key,
                                   [](const Scheduled& s, std::uint64_t k) { return s.key < k; });
  return it != scheduled_.end() && it->key == key ? &*it : nullptr;
}

BlockPlan::BlockPlan(std::vector<BlockSize> scheduled, std::vector<std::uint64_t> small_work,
                     const PlanOptions& options)
    : work_(std::move(small_work)) {
  const auto nranks = static_cast<std::uint64_t>(work_.size());
  XJS_CHECK(nranks > 0, "a plan needs at least one rank");
  std::sort(scheduled.begin(), scheduled.end(),
            [](const BlockSize& a, const BlockSize& b) { return a.key < b.key; });
  std::uint64_t total = std::accumulate(work_.begin(), work_.end(), std::uint64_t{0});
  for (const auto& b : scheduled)
    total += block_pairs(b.records);
  const double mean = static_cast<double>(total) / static_cast<double>(nranks);
  const double tile_pairs = std::max(1.0, options.tile_fraction * mean);

  std::vector<Task> tasks;
  for (std::size_t i = 0; i < scheduled.size(); ++i) {
    const BlockSize& b = scheduled[i];
    Scheduled s{b.key, b.records, 1, -1, 0, 0};
    const auto pairs = static_cast<double>(block_pairs(b.records));
    if (nranks > 1 && pairs > options.split_fraction * mean && b.records >= 4) {
      // k chunks of n/k records: an off-diagonal tile has (n/k)^2 pairs ≈ tile_pairs.
      const double k = std::ceil(static_cast<double>(b.records) / std::sqrt(tile_pairs));
      s.chunks = static_cast<std::uint32_t>(std::clamp(k, 2.0, 4096.0));
      s.first_tile = static_cast<std::uint32_t>(tiles_.size());
      const double chunk = static_cast<double>(b.records) / s.chunks;
      for (std::uint32_t a = 0; a < s.chunks; ++a) {
        for (std::uint32_t c = a; c < s.chunks; ++c) {
          const double w = a == c ? chunk * (chunk - 1) / 2 : chunk * chunk;
          tasks.push_back({static_cast<std::uint64_t>(std::llround(w)), b.key,
                           static_cast<std::uint32_t>(i),
                           static_cast<std::int32_t>(tiles_.size())});
          tiles_.push_back({a, c, -1, static_cast<std::uint64_t>(std::llround(w))});
        }
      }
      s.num_tiles = static_cast<std::uint32_t>(tiles_.size()) - s.first_tile;
    } else {
      tasks.push_back({block_pairs(b.records), b.key, static_cast<std::uint32_t>(i), -1});
    }
    scheduled_.push_back(s);
  }
  // Longest first; equal work ordered by key and tile so that every rank sorts alike.
  std::sort(tasks.begin(), tasks.end(), [](const Task& a, const Task& b) {
    if (a.work != b.work) return a.work > b.work;
    if (a.key != b.key) return a.key < b.key;
    return a.tile_index < b.tile_index;
  });
  for (const Task& t : tasks) {
    const auto least =
        static_cast<std::size_t>(std::min_element(work_.begin(), work_.end()) - work_.begin());
    work_[least] += t.work;
    if (t.tile_index < 0) {
      scheduled_[t.scheduled_index].rank = static_cast<std::int32_t>(least);
    } else {
      tiles_[static_cast<std::size_t>(t.tile_index)].rank = static_cast<std::int32_t>(least);
    }
  }
  for (const Scheduled& s : scheduled_) {
    first_chunk_.push_back(static_cast<std::uint32_t>(chunk_ranks_.size()));
    if (s.chunks == 1) continue;
    const std::size_t base = chunk_ranks_.size();
    chunk_ranks_.resize(base + s.chunks);
    for (std::uint32_t t = s.first_tile; t < s.first_tile + s.num_tiles; ++t) {
      chunk_ranks_[base + tiles_[t].chunk_a].push_back(tiles_[t].rank);
      chunk_ranks_[base + tiles_[t].chunk_b].push_back(tiles_[t].rank);
    }
    for (std::size_t c = base; c < chunk_ranks_.size(); ++c) {
      auto& r = chunk_ranks_[c];
      std::sort(r.begin(), r.end());
      r.erase(std::unique(r.begin(), r.end()), r.end());
    }
  }
}

std::span<const std::int32_t> BlockPlan::chunk_ranks(const Scheduled& block,
                                                     std::uint32_t chunk) const {
  const auto index = static_cast<std::size_t>(&block - scheduled_.data());
  return chunk_ranks_[first_chunk_[index] + chunk];
}

BlockPlan plan_blocks(const Comm& comm, std::span<const std::uint64_t> local_keys,
                      const PlanOptions& options) {
  const auto nranks = static_cast<std::size_t>(comm.size());
  std::unordered_map<std::uint64_t, std::uint64_t> local;
  for (std::uint64_t k : local_keys) {
    if (k != 0) ++local[k];
  }
  if (nranks == 1) {
    std::uint64_t work = 0;
    for (const auto& [k, n] : local)
      work += block_pairs(n);
    return BlockPlan({}, {work}, options);
  }
  // (1) Totals at the owners.
  std::vector<std::vector<std::byte>> send(nranks);
  for (const auto& [k, n] : local) {
    const BlockSize e{k, n};
    auto& buf = send[k % nranks];
    const std::size_t at = buf.size();
    buf.resize(at + sizeof(e));
    std::memcpy(buf.data() + at, &e, sizeof(e));
  }
  const Comm::Received got = comm.alltoallv_bytes(send);
  std::unordered_map<std::uint64_t, std::uint64_t> sizes;
  for (std::size_t off = 0; off < got.bytes.size(); off += sizeof(BlockSize)) {
    BlockSize e;
    std::memcpy(&e, got.bytes.data() + off, sizeof(e));
    sizes[e.key] += e.records;
  }
  // (2) The mean pair work per rank.
  std::uint64_t owned = 0;
  for (const auto& [k, n] : sizes)
    owned += block_pairs(n);
  const std::uint64_t total = comm.allreduce(owned, Op::kSum);
  const double mean = static_cast<double>(total) / static_cast<double>(nranks);
  // (3) Owners keep the small blocks and report the others.
  std::vector<BlockSize> mine;
  std::uint64_t small = 0;
  for (const auto& [k, n] : sizes) {
    if (static_cast<double>(block_pairs(n)) > options.schedule_fraction * mean) {
      mine.push_back({k, n});
    } else {
      small += block_pairs(n);
    }
  }
  const std::vector<std::uint64_t> small_work = comm.allgather<std::uint64_t>(small);
  const Comm::Received all = comm.allgatherv_bytes(std::span<const std::byte>(
      reinterpret_cast<const std::byte*>(mine.data()), mine.size() * sizeof(BlockSize)));
  std::vector<BlockSize> scheduled(all.bytes.size() / sizeof(BlockSize));
  copy_bytes(scheduled.data(), all.bytes.data(), all.bytes.size());
  // (4) The same plan everywhere.
  return BlockPlan(std::move(scheduled), small_work, options);
}

}  // namespace xjslink::dist
