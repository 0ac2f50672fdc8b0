// File: counter_rng.hpp
// Counter-based random numbers: the value for (seed, stream, counter) is a pure function of the
// three, so a sample does not depend on which rank or thread draws it, or in what order.
// The mixer is SplitMix64's finaliser applied to a keyed combination (Steele et al. 2014).
#pragma once

#include <cstdint>

namespace xjslink {

inline std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

inline std::uint64_t counter_random(std::uint64_t seed, std::uint64_t stream,
                                    std::uint64_t counter) {
  return splitmix64(splitmix64(splitmix64(seed) ^ stream) ^ counter);
}

// Uniform integer in [0, n) from 64 random bits (Lemire's multiply-shift; bias below n / 2^64).
inline std::uint64_t uniform_below(std::uint64_t bits, std::uint64_t n) {
  return static_cast<std::uint64_t>((static_cast<unsigned __int128>(bits) * n) >> 64);
}

// Uniform double in [0, 1) with 53 random bits.
inline double uniform_unit(std::uint64_t bits) {
  return static_cast<double>(bits >> 11) * 0x1.0p-53;
}

}  // namespace xjslink
