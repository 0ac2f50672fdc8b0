// File: dist/block_plan.hpp
// Where each block of a blocking rule is compared. Block sizes are counted before any pair is
// made. Small blocks stay with their key's owner rank (key mod P); larger ones are scheduled
// longest-processing-time first onto the least-loaded rank; blocks far above a rank's fair
// share are split into tiles of their pair matrix (chunks of records, every pair of chunks a
// tile) and the tiles are scheduled the same way. So no rank gets much more than the mean
// pair work, whatever the key skew. The plan is computed identically on every rank.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "dist/comm.hpp"

namespace xjslink::dist {

struct BlockSize {
  std::uint64_t key;
  std::uint64_t records;
};

struct PlanOptions {
  // Blocks whose pair work exceeds this fraction of the mean per-rank work are scheduled
  // individually (the rest follow their key's owner).
  double schedule_fraction = 0.01;
  // Blocks above this fraction are split into tiles of about tile_fraction of the mean.
  double split_fraction = 0.1;
  double tile_fraction = 0.02;
  // Bytes a rank may receive per shuffle round; 0 = no limit (one round).
  std::uint64_t memory_budget_bytes = 0;
};

inline std::uint64_t block_pairs(std::uint64_t n) {
  return n < 2 ? 0 : n * (n - 1) / 2;
}

class BlockPlan {
 public:
  struct Tile {
    std::uint32_t chunk_a, chunk_b;  // chunk_a <= chunk_b; equal = the chunk's own triangle
    std::int32_t rank;
    std::uint64_t work;  // expected pairs
  };
  struct Scheduled {
    std::uint64_t key;
    std::uint64_t records;
    std::uint32_t chunks;  // 1 = whole block on `rank`
    std::int32_t rank;
    std::uint32_t first_tile, num_tiles;  // into tiles()
  };

  BlockPlan() = default;
  // Pure: plans the scheduled blocks on top of each rank's small-block work.
  BlockPlan(std::vector<BlockSize> scheduled, std::vector<std::uint64_t> small_work_per_rank,
            const PlanOptions& options);

  int nranks() const { return static_cast<int>(work_.size()); }
  const Scheduled* find(std::uint64_t key) const;
  const std::vector<Tile>& tiles() const { return tiles_; }
  // Ranks holding a tile that involves `chunk` of a split block (sorted, distinct).
  std::span<const std::int32_t> chunk_ranks(const Scheduled& block, std::uint32_t chunk) const;
  // Planned pair work per rank (small blocks + scheduled blocks and tiles).
  const std::vector<std::uint64_t>& work_per_rank() const { return work_; }
  // Rank of a small block.
  int small_owner(std::uint64_t key) const {
    return static_cast<int>(key % static_cast<std::uint64_t>(work_.size()));
  }
  // Chunk of a record within a split block: a hash of its global index, so every rank agrees.
  static std::uint32_t chunk_of(std::uint64_t key, std::uint64_t global_index,
                                std::uint32_t chunks);
  // Shuffle rounds, and the round of a block (all of a block's tiles go in the same round, so
  // a record is sent once per rule).
  std::uint32_t rounds() const { return rounds_; }
  std::uint32_t round_of(std::uint64_t key) const;
  void set_rounds(std::uint32_t rounds) { rounds_ = rounds == 0 ? 1 : rounds; }

 private:
  std::vector<Scheduled> scheduled_;  // sorted by key
  std::vector<Tile> tiles_;
  // Per split block and chunk: the ranks that need the chunk's records.
  std::vector<std::vector<std::int32_t>> chunk_ranks_;  // indexed by first_chunk_ + chunk
  std::vector<std::uint32_t> first_chunk_;              // per scheduled block
  std::vector<std::uint64_t> work_;
  std::uint32_t rounds_ = 1;
};

// Collective: counts block sizes of the keys (kNullHash = 0 excluded) across ranks and plans
// them. With one rank the plan is trivial.
BlockPlan plan_blocks(const Comm& comm, std::span<const std::uint64_t> local_keys,
                      const PlanOptions& options);

}  // namespace xjslink::dist
