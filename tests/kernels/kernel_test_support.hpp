// File: tests/kernels/kernel_test_support.hpp
// Drives the random-pair agreement tests: every pair kind, a fixed seed, every available SIMD
// target, and a failure message that names the seed, target, kind, index and both strings.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "kernels/random_strings.hpp"
#include "kernels/target.hpp"

namespace xjslink::kernels::testing {

struct PairContext {
  std::uint64_t seed;
  std::string target;
  PairKind kind;
  std::size_t index;
  const std::string& a;
  const std::string& b;
};

inline std::string describe(const PairContext& c) {
  return "seed=" + std::to_string(c.seed) + " target=" + c.target +
         " kind=" + pair_kind_name(c.kind) + " pair#" + std::to_string(c.index) +
         " a=" + escaped(c.a) + " b=" + escaped(c.b);
}

// Calls check(context) on pairs_per_kind pairs of each kind (long_pairs for PairKind::kLong).
// check returns false after recording a failure; the run then stops, so one bug gives one
// message. Returns the number of pairs checked. (The one-pair entry points do not depend on the
// SIMD target; the batch forms, which do, are checked per target in batch_test.cpp.)
template <class Check>
std::size_t for_random_pairs(std::uint64_t seed, std::size_t pairs_per_kind, std::size_t long_pairs,
                             Check&& check) {
  std::size_t checked = 0;
  const std::string target = active_target();
  for (PairKind kind : all_pair_kinds()) {
    PairGenerator gen(seed + static_cast<std::uint64_t>(kind));
    const std::size_t n = kind == PairKind::kLong ? long_pairs : pairs_per_kind;
    for (std::size_t i = 0; i < n; ++i) {
      const auto [a, b] = gen.next(kind);
      if (!check(PairContext{seed, target, kind, i, a, b})) return checked;
      ++checked;
    }
  }
  return checked;
}

// Restores the SIMD target chosen at start-up when a test that forces targets ends.
class TargetGuard {
 public:
  TargetGuard() : initial_(active_target()) {}
  ~TargetGuard() { set_active_target(initial_); }
  TargetGuard(const TargetGuard&) = delete;
  TargetGuard& operator=(const TargetGuard&) = delete;

 private:
  std::string initial_;
};

}  // namespace xjslink::kernels::testing
