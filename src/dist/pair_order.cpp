// File: dist/pair_order.cpp
#include "dist/pair_order.hpp"

#include <algorithm>
#include <limits>

#include "byte_buffer.hpp"
#include "dist/output_order.hpp"
#include "xjslink/error.hpp"

namespace xjslink::dist {
namespace {

// Rows of `pairs` to the ranks of their output blocks (by left), in one exchange.
Predictions exchange(const Comm& comm, const Predictions& pairs, std::size_t begin, std::size_t end,
                     const OutputBlocks& blocks) {
  std::vector<std::vector<std::byte>> send(static_cast<std::size_t>(comm.size()));
  // Rows are sorted by left, so each destination's rows are one run of consecutive rows.
  std::size_t from = begin;
  while (from < end) {
    const int owner = blocks.owner(pairs.left[from]);
    std::size_t to = from + 1;
    while (to < end && blocks.owner(pairs.left[to]) == owner)
      ++to;
    encode_pair_rows(pairs, from, to, send[static_cast<std::size_t>(owner)]);
    from = to;
  }
  const Comm::Received got = comm.alltoallv_bytes(send);
  send.clear();
  Predictions out = pairs.empty_like();
  const std::size_t width = PairRowLayout::of(pairs).bytes();
  decode_pair_rows(got.bytes.data(), got.bytes.size() / width, out);
  return out;
}

}  // namespace

OrderedPairs order_pairs_for_output(const Comm& comm, KeptPairs& kept,
                                    std::uint64_t total_records) {
  const OutputBlocks blocks(total_records, comm.size());
  const bool any_spilled = comm.allreduce<int>(kept.spilled() ? 1 : 0, Op::kMax) != 0;
  if (!any_spilled) {
    Predictions& mine = kept.in_memory();  // sorted by finish()
    if (comm.size() == 1) return OrderedPairs::in_memory(std::move(mine));
    Predictions out = exchange(comm, mine, 0, mine.size(), blocks);
    mine = mine.empty_like();
    out.sort();
    return OrderedPairs::in_memory(std::move(out));
  }

  // Out of core: merge this rank's runs, send in rounds, append arrivals to one file.
  kept.spill_rest();
  const std::uint64_t width = kept.row_bytes();
  const auto nranks = static_cast<std::uint64_t>(comm.size());
  const std::uint64_t budget = std::max<std::uint64_t>(kept.budget_bytes(), 1 << 20);
  // Per round a rank sends at most about `capacity` rows and receives at most nranks times
  // that; a quarter of the budget for what arrives, a quarter for the merge buffers.
  const std::uint64_t capacity = std::max<std::uint64_t>(1024, budget / (4 * nranks * width));
  const Predictions layout = kept.in_memory().empty_like();
  PairFile ordered(kept.scratch().new_file("ordered"), layout);
  {
    RunMerger merger(kept.runs(), budget / 4);
    Predictions staged = layout;
    constexpr std::uint64_t kNone = std::numeric_limits<std::uint64_t>::max();
    while (true) {
      while (staged.size() < capacity && !merger.done())
        merger.take(staged);
      // A rank that could not stage all it has bounds the round by its last staged left; rows
      // with that same left index go in this round too, so every round makes progress.
      const bool full = !merger.done();
      const std::uint64_t bound =
          comm.allreduce<std::uint64_t>(full ? staged.left.back() : kNone, Op::kMin);
      if (bound != kNone) {
        while (!merger.done() && merger.next_left() <= bound)
          merger.take(staged);
      }
      std::size_t n = staged.size();
      if (bound != kNone) {
        n = static_cast<std::size_t>(
            std::upper_bound(staged.left.begin(), staged.left.end(), bound) - staged.left.begin());
      }
      if (comm.size() == 1) {
        ordered.append(staged, 0, n);  // already in order: nothing to move
      } else {
        Predictions arrived = exchange(comm, staged, 0, n, blocks);
        arrived.sort();
        ordered.append(arrived);
      }
      staged.erase_first(n);  // the rows not sent wait for the next round
      if (bound == kNone) break;
    }
  }
  kept.runs().clear();  // the runs' files are removed (spill_rest emptied the memory)
  return OrderedPairs::on_disk(std::move(ordered), std::move(kept.scratch()));
}

}  // namespace xjslink::dist
