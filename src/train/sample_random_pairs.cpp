// File: train/sample_random_pairs.cpp
// Random pairs for u estimation, as Splink draws them: a uniform random sample of K records,
// and every pair among them that the link type allows (cross-source only for link_only), with K
// chosen so that there are about u_max_pairs such pairs. The sample is the K records with the
// smallest hash of (seed, global index) — "bottom-K" sampling — so it is the same set whatever
// the number of ranks: each rank proposes its own bottom K, every rank keeps the global bottom
// K of the proposals. The pairs are then split across ranks and threads by row and their level
// counts summed exactly.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>

#include "dist/comm.hpp"
#include "train/train_internal.hpp"
#include "xjslink/blocking.hpp"
#include "xjslink/counter_rng.hpp"
#include "xjslink/record_codec.hpp"

namespace xjslink::train_detail {
namespace {

constexpr std::uint64_t kStreamUSample = 0x75'5341'4d50'4c45ull;  // "uSAMPLE"

std::uint64_t sample_key(std::uint64_t seed, std::uint64_t global_index) {
  return counter_random(seed, kStreamUSample, global_index);
}

// Records in the sample so that it holds about `pairs` allowed pairs.
std::uint64_t sample_size(double pairs, const Settings& settings, const RecordCounts& counts) {
  const double n = static_cast<double>(counts.total());
  double allowed_share = 1.0;  // share of all record pairs that the link type allows
  if (settings.link_type == LinkType::kLinkOnly && n > 0) {
    double same = 0;
    for (auto c : counts.per_source)
      same += (static_cast<double>(c) / n) * (static_cast<double>(c) / n);
    allowed_share = std::max(1e-12, 1.0 - same);
  }
  const double k = std::ceil(0.5 + std::sqrt(0.25 + 2.0 * pairs / allowed_share));
  return static_cast<std::uint64_t>(std::min(k, n));
}

// The global bottom-K records by sample key, on every rank, sorted by global index.
PreparedRecords draw_sample(const dist::Comm& comm, const PreparedRecords& local, std::uint64_t k,
                            std::uint64_t seed) {
  std::vector<std::pair<std::uint64_t, std::uint32_t>> keyed;
  keyed.reserve(local.size());
  for (std::size_t row = 0; row < local.size(); ++row) {
    keyed.emplace_back(sample_key(seed, local.global_index[row]), static_cast<std::uint32_t>(row));
  }
  const std::size_t keep = std::min<std::size_t>(k, keyed.size());
  std::partial_sort(keyed.begin(), keyed.begin() + static_cast<std::ptrdiff_t>(keep), keyed.end());
  keyed.resize(keep);
  std::vector<std::byte> mine;
  for (const auto& [key, row] : keyed)
    encode_record(local, row, mine);
  PreparedRecords proposals = empty_like(local);
  if (comm.size() == 1) {
    decode_records(mine, proposals);
  } else {
    decode_records(comm.allgatherv_bytes(mine).bytes, proposals);
  }
  std::vector<std::pair<std::uint64_t, std::uint32_t>> all;
  for (std::size_t row = 0; row < proposals.size(); ++row) {
    all.emplace_back(sample_key(seed, proposals.global_index[row]),
                     static_cast<std::uint32_t>(row));
  }
  const std::size_t total = std::min<std::size_t>(k, all.size());
  std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(total), all.end());
  all.resize(total);
  std::sort(all.begin(), all.end(), [&](const auto& a, const auto& b) {
    return proposals.global_index[a.second] < proposals.global_index[b.second];
  });
  PreparedRecords sample = empty_like(local);
  std::vector<std::byte> scratch;
  for (const auto& [key, row] : all) {
    scratch.clear();
    encode_record(proposals, row, scratch);
    decode_records(scratch, sample);
  }
  return sample;
}

}  // namespace

LevelCounts sample_random_pairs(const dist::Comm& comm, const PreparedRecords& local,
                                const ComparisonVector& comparisons, const Settings& settings,
                                const RecordCounts& counts) {
  LevelCounts result;
  result.counts.resize(comparisons.size());
  std::vector<std::size_t> offset(comparisons.size() + 1, 0);
  for (std::size_t c = 0; c < comparisons.size(); ++c) {
    result.counts[c].assign(comparisons.codec().num_levels(c), 0);
    offset[c + 1] = offset[c] + comparisons.codec().num_levels(c);
  }
  const double possible = total_possible_pairs(settings.link_type, counts.per_source);
  const double wanted = std::min(static_cast<double>(settings.training.u_max_pairs), possible);
  if (wanted < 1) return result;
  const PreparedRecords sample =
      draw_sample(comm, local, sample_size(wanted, settings, counts), settings.training.seed);

  // Rows i of the sample with i % P == rank, each with every later row (one against many);
  // threads share them.
  const bool link_only = settings.link_type == LinkType::kLinkOnly;
  const auto n = static_cast<std::int64_t>(sample.size());
  const auto nranks = static_cast<std::int64_t>(comm.size());
  const std::size_t nc = comparisons.size();
  std::vector<std::uint64_t> flat(offset.back(), 0);  // comparison-major level counts
  std::uint64_t pairs = 0;
#pragma omp parallel
  {
    std::vector<std::uint64_t> mine(flat.size(), 0);
    std::uint64_t my_pairs = 0;
    std::vector<std::uint32_t> partners;
    std::vector<std::uint8_t> gammas;
    ComparisonScratch scratch;
#pragma omp for schedule(dynamic, 16)
    for (std::int64_t i = comm.rank(); i < n; i += nranks) {
      const auto a = static_cast<std::uint32_t>(i);
      partners.clear();
      for (std::int64_t j = i + 1; j < n; ++j) {
        const auto b = static_cast<std::uint32_t>(j);
        if (!link_only || sample.source[a] != sample.source[b]) partners.push_back(b);
      }
      gammas.resize(partners.size() * nc);
      comparisons.levels_one_to_many(sample, a, partners, gammas.data(), scratch);
      my_pairs += partners.size();
      for (std::size_t k = 0; k < partners.size(); ++k) {
        for (std::size_t c = 0; c < nc; ++c)
          ++mine[offset[c] + gammas[k * nc + c]];
      }
    }
#pragma omp critical(xjslink_u_counts)
    {
      for (std::size_t i = 0; i < flat.size(); ++i)
        flat[i] += mine[i];
      pairs += my_pairs;
    }
  }
  flat.push_back(pairs);
  comm.allreduce_inplace(std::span<std::uint64_t>(flat), dist::Op::kSum);
  result.pairs = flat.back();
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
