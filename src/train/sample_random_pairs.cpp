// File: train/sample_random_pairs.cpp
// Uniform random pairs for u estimation. Sample k's records are a pure function of (seed, k):
// for link_only a source pair is drawn with probability ∝ n_s × n_t, then a record of each; for
// the other link types two distinct records of the whole population. Rank r draws samples
// [K·r/P, K·(r+1)/P), fetches the records it does not hold, and the level counts are summed.
#include <algorithm>

#include "dist/comm.hpp"
#include "dist/fetch.hpp"
#include "dist/index_layout.hpp"
#include "train/train_internal.hpp"
#include "xjslink/blocking.hpp"
#include "xjslink/counter_rng.hpp"
#include "xjslink/error.hpp"

namespace xjslink::train_detail {
namespace {

constexpr std::uint64_t kStreamUSample = 0x75'5341'4d50'4c45ull;  // "uSAMPLE"
// Samples per fetch round: bounds the memory of fetched records on each rank.
constexpr std::uint64_t kSamplesPerRound = 1 << 20;

struct SourcePair {
  std::uint16_t left, right;
  std::uint64_t cumulative_weight;  // inclusive
};

}  // namespace

LevelCounts sample_random_pairs(const dist::Comm& comm, const PreparedRecords& local,
                                const ComparisonVector& comparisons, const Settings& settings,
                                const RecordCounts& counts) {
  const std::size_t num_sources = counts.per_source.size();
  const dist::IndexLayout directory(comm, local.global_index, local.source, num_sources);
  const std::uint64_t total = directory.total();
  const bool link_only = settings.link_type == LinkType::kLinkOnly;

  std::vector<SourcePair> source_pairs;
  std::uint64_t weight = 0;
  if (link_only) {
    for (std::uint16_t s = 0; s < num_sources; ++s) {
      for (std::uint16_t t = s + 1; t < num_sources; ++t) {
        const std::uint64_t w = directory.source_total(s) * directory.source_total(t);
        if (w == 0) continue;
        weight += w;
        source_pairs.push_back({s, t, weight});
      }
    }
  }
  const double possible = total_possible_pairs(settings.link_type, counts.per_source);
  const auto samples = static_cast<std::uint64_t>(
      std::min(static_cast<double>(settings.training.u_max_pairs), possible));

  LevelCounts result;
  result.pairs = samples;
  result.counts.resize(comparisons.size());
  for (std::size_t c = 0; c < comparisons.size(); ++c) {
    result.counts[c].assign(comparisons.codec().num_levels(c), 0);
  }
  if (samples == 0) return result;

  const std::uint64_t seed = settings.training.seed;
  auto draw = [&](std::uint64_t k) -> std::pair<dist::RowRef, dist::RowRef> {
    if (link_only) {
      const std::uint64_t pick = uniform_below(counter_random(seed, kStreamUSample, 4 * k), weight);
      const auto it = std::upper_bound(
          source_pairs.begin(), source_pairs.end(), pick,
          [](std::uint64_t v, const SourcePair& p) { return v < p.cumulative_weight; });
      const std::uint64_t i = uniform_below(counter_random(seed, kStreamUSample, 4 * k + 1),
                                            directory.source_total(it->left));
      const std::uint64_t j = uniform_below(counter_random(seed, kStreamUSample, 4 * k + 2),
                                            directory.source_total(it->right));
      return {directory.locate_in_source(it->left, i), directory.locate_in_source(it->right, j)};
    }
    // Two distinct positions: j is drawn among the other total-1 and shifted past i.
    const std::uint64_t i = uniform_below(counter_random(seed, kStreamUSample, 4 * k), total);
    std::uint64_t j = uniform_below(counter_random(seed, kStreamUSample, 4 * k + 1), total - 1);
    if (j >= i) ++j;
    return {directory.locate(i), directory.locate(j)};
  };

  const auto nranks = static_cast<std::uint64_t>(comm.size());
  const auto rank = static_cast<std::uint64_t>(comm.rank());
  const std::uint64_t begin = samples * rank / nranks;
  const std::uint64_t end = samples * (rank + 1) / nranks;
  const std::uint64_t per_rank_max = (samples + nranks - 1) / nranks;
  const std::uint64_t rounds = (per_rank_max + kSamplesPerRound - 1) / kSamplesPerRound;

  std::vector<std::uint64_t> flat;  // comparison-major level counts, for one allreduce
  std::vector<std::size_t> offset(comparisons.size() + 1, 0);
  for (std::size_t c = 0; c < comparisons.size(); ++c) {
    offset[c + 1] = offset[c] + comparisons.codec().num_levels(c);
  }
  flat.assign(offset.back(), 0);

  for (std::uint64_t round = 0; round < rounds; ++round) {
    const std::uint64_t lo = std::min(end, begin + round * kSamplesPerRound);
    const std::uint64_t hi = std::min(end, lo + kSamplesPerRound);
    std::vector<dist::RowRef> refs;
    refs.reserve(2 * (hi - lo));
    for (std::uint64_t k = lo; k < hi; ++k) {
      const auto [a, b] = draw(k);
      refs.push_back(a);
      refs.push_back(b);
    }
    // One rank: rows are local already; several: every rank takes part in the fetch round.
    const PreparedRecords* rows = &local;
    dist::FetchedRows fetched;
    if (comm.size() > 1) {
      fetched = dist::fetch_rows(comm, local, directory, refs);
      rows = &fetched.rows;
    }
    auto row_of = [&](std::size_t request) -> std::uint32_t {
      if (comm.size() > 1) return fetched.row_of_request[request];
      const dist::RowRef& r = refs[request];
      return static_cast<std::uint32_t>(
          r.source == dist::kAnySource ? r.index : directory.local_source_rows()[r.source][r.index]);
    };
    const auto pairs = static_cast<std::int64_t>(hi - lo);
#pragma omp parallel
    {
      std::vector<std::uint64_t> mine(flat.size(), 0);
#pragma omp for schedule(static)
      for (std::int64_t p = 0; p < pairs; ++p) {
        const std::uint32_t a = row_of(2 * static_cast<std::size_t>(p));
        const std::uint32_t b = row_of(2 * static_cast<std::size_t>(p) + 1);
        for (std::size_t c = 0; c < comparisons.size(); ++c) {
          ++mine[offset[c] + comparisons.level(c, *rows, a, b)];
        }
      }
#pragma omp critical(xjslink_u_counts)
      for (std::size_t i = 0; i < flat.size(); ++i) flat[i] += mine[i];
    }
  }
  comm.allreduce_inplace(std::span<std::uint64_t>(flat), dist::Op::kSum);
  for (std::size_t c = 0; c < comparisons.size(); ++c) {
    for (std::size_t l = 0; l < result.counts[c].size(); ++l) {
      result.counts[c][l] = flat[offset[c] + l];
    }
  }
  return result;
}

void set_u_from_counts(const LevelCounts& sample, Model& model) {
  for (std::size_t c = 0; c < model.comparisons.size(); ++c) {
    auto& levels = model.comparisons[c].levels;
    double non_null = 0;
    std::size_t graded = 0;
    for (std::size_t l = 0; l < levels.size(); ++l) {
      if (levels[l].is_null()) continue;
      non_null += static_cast<double>(sample.counts[c][l]);
      ++graded;
    }
    for (std::size_t l = 0; l < levels.size(); ++l) {
      if (levels[l].is_null()) continue;
      levels[l].u = (static_cast<double>(sample.counts[c][l]) + 0.5) /
                    (non_null + 0.5 * static_cast<double>(graded));
    }
  }
}

}  // namespace xjslink::train_detail
