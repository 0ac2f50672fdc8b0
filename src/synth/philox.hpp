// File: synth/philox.hpp
// Philox4x32-10, the counter-based generator of Salmon, Moraes, Dror and Shaw, "Parallel random
// numbers: as easy as 1, 2, 3" (SC'11), and a small stream over it. Output depends only on
// (key, counter), so any rank or thread can reproduce the draws of any person without state:
// the synthetic data is identical for every rank and thread count.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>

namespace xjslink::synth {

using PhiloxCounter = std::array<std::uint32_t, 4>;
using PhiloxKey = std::array<std::uint32_t, 2>;

inline PhiloxCounter philox4x32_10(PhiloxCounter ctr, PhiloxKey key) {
  constexpr std::uint32_t kMul0 = 0xD2511F53u, kMul1 = 0xCD9E8D57u;
  constexpr std::uint32_t kWeyl0 = 0x9E3779B9u, kWeyl1 = 0xBB67AE85u;
  for (int round = 0; round < 10; ++round) {
    const std::uint64_t p0 = std::uint64_t{kMul0} * ctr[0];
    const std::uint64_t p1 = std::uint64_t{kMul1} * ctr[2];
    const auto hi0 = static_cast<std::uint32_t>(p0 >> 32), lo0 = static_cast<std::uint32_t>(p0);
    const auto hi1 = static_cast<std::uint32_t>(p1 >> 32), lo1 = static_cast<std::uint32_t>(p1);
    ctr = {hi1 ^ ctr[1] ^ key[0], lo1, hi0 ^ ctr[3] ^ key[1], lo0};
    key[0] += kWeyl0;
    key[1] += kWeyl1;
  }
  return ctr;
}

// What a stream's draws are for. Distinct purposes give independent streams for the same
// subject, so that, e.g., changing an error rate never changes the latent population.
enum class Purpose : std::uint32_t {
  kPerson = 1,        // latent attributes of a person
  kJourney = 2,       // which datasets a person appears in, and when
  kRecordErrors = 3,  // corruption of one record (the record number goes in the high bits)
  kShuffle = 4,       // row order inside a block (dataset in the high bits)
  kUniqueId = 5,      // keys of the unique_id permutation
};

// A sequence of uniform draws keyed by (seed, subject, purpose): counter word 0-1 = subject,
// word 2 = purpose, word 3 = block number within the stream; 4 words per block.
class RandomStream {
 public:
  RandomStream(std::uint64_t seed, std::uint64_t subject, std::uint32_t purpose)
      : key_{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)},
        subject_(subject),
        purpose_(purpose) {}
  RandomStream(std::uint64_t seed, std::uint64_t subject, Purpose purpose)
      : RandomStream(seed, subject, static_cast<std::uint32_t>(purpose)) {}

  std::uint32_t next_u32() {
    if (used_ == 4) refill();
    return buffer_[used_++];
  }
  std::uint64_t next_u64() {
    const std::uint64_t hi = next_u32();
    return (hi << 32) | next_u32();
  }
  // Uniform in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }
  bool bernoulli(double p) { return p > 0.0 && uniform() < p; }
  // Uniform integer in [0, n), n > 0 (Lemire's multiply-shift; the bias is below 2^-32 for
  // the n used here, far under any tolerance the model cares about).
  std::uint32_t below(std::uint32_t n) {
    return static_cast<std::uint32_t>((std::uint64_t{next_u32()} * n) >> 32);
  }
  // Uniform integer in [lo, hi], inclusive.
  std::int64_t between(std::int64_t lo, std::int64_t hi) {
    const auto span = static_cast<std::uint64_t>(hi - lo) + 1;
    return lo + static_cast<std::int64_t>(uniform() * static_cast<double>(span));
  }
  // Number of failures before the first success of a Bernoulli(p_stop) sequence, capped.
  int geometric(double p_continue, int cap) {
    int n = 0;
    while (n < cap && bernoulli(p_continue))
      ++n;
    return n;
  }
  // Poisson by inversion; fine for the small means (< 30) the model uses.
  int poisson(double mean) {
    const double limit = std::exp(-mean);
    double prod = uniform();
    int n = 0;
    while (prod > limit && n < 1000) {
      prod *= uniform();
      ++n;
    }
    return n;
  }

 private:
  void refill() {
    buffer_ = philox4x32_10({static_cast<std::uint32_t>(subject_),
                             static_cast<std::uint32_t>(subject_ >> 32), purpose_, block_++},
                            key_);
    used_ = 0;
  }

  PhiloxKey key_;
  std::uint64_t subject_;
  std::uint32_t purpose_;
  std::uint32_t block_ = 0;
  PhiloxCounter buffer_{};
  int used_ = 4;
};

}  // namespace xjslink::synth
