// File: em_test.cpp
// EM recovers known parameters from pattern counts simulated from a known Fellegi–Sunter model
// (Splink's test_correctness_of_convergence does the same).
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "xjslink/em.hpp"

namespace xjslink {
namespace {

struct Truth {
  double lambda;
  std::vector<std::vector<double>> m, u;  // level 0 is null in comparison 0 only
};

std::vector<PatternCount> simulate(const Truth& t, const PatternCodec& codec, std::size_t pairs,
                                   double null_rate, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  PatternCounts counts;
  std::vector<std::uint8_t> g(codec.num_comparisons());
  for (std::size_t p = 0; p < pairs; ++p) {
    const bool match = unit(rng) < t.lambda;
    for (std::size_t c = 0; c < g.size(); ++c) {
      const auto& dist = match ? t.m[c] : t.u[c];
      if (c == 0 && unit(rng) < null_rate) {
        g[c] = 0;
        continue;
      }
      double x = unit(rng), acc = 0;
      std::size_t level = dist.size() - 1;
      for (std::size_t l = 0; l < dist.size(); ++l) {
        acc += dist[l];
        if (x < acc) {
          level = l;
          break;
        }
      }
      g[c] = static_cast<std::uint8_t>(level);
    }
    counts.add(codec.pack(g));
  }
  return counts.sorted();
}

TEST(Em, RecoversLambdaMAndUFromSimulatedPairs) {
  Truth t;
  t.lambda = 0.15;
  // Comparison 0 has a null level (index 0, probability 0 in m/u: nulls are injected apart).
  t.m = {{0.0, 0.80, 0.12, 0.08}, {0.90, 0.06, 0.04}, {0.70, 0.20, 0.10}, {0.95, 0.05}};
  t.u = {{0.0, 0.02, 0.08, 0.90}, {0.05, 0.15, 0.80}, {0.10, 0.20, 0.70}, {0.30, 0.70}};
  const PatternCodec codec({4, 3, 3, 2});
  const auto patterns = simulate(t, codec, 400000, 0.1, 12345);
  const std::vector<int> null_levels = {0, -1, -1, -1};
  const std::vector<bool> active(4, true);
  const std::vector<std::string> names = {"a", "b", "c", "d"};
  EmParameters start;
  start.lambda = 0.3;
  start.m = {{0, 0.6, 0.3, 0.1}, {0.6, 0.3, 0.1}, {0.6, 0.3, 0.1}, {0.7, 0.3}};
  start.u = {
      {0, 1. / 3, 1. / 3, 1. / 3}, {1. / 3, 1. / 3, 1. / 3}, {1. / 3, 1. / 3, 1. / 3}, {0.5, 0.5}};
  EmOptions options;
  options.max_iterations = 500;
  options.tolerance = 1e-7;
  options.estimate_u = true;
  const EmResult r = run_em(patterns, codec, null_levels, active, names, start, options);
  EXPECT_TRUE(r.converged);
  EXPECT_NEAR(r.parameters.lambda, t.lambda, 0.02);
  for (std::size_t c = 0; c < 4; ++c) {
    for (std::size_t l = 0; l < t.m[c].size(); ++l) {
      if (static_cast<int>(l) == null_levels[c]) continue;
      EXPECT_NEAR(r.parameters.m[c][l], t.m[c][l], 0.02) << "m c=" << c << " l=" << l;
      EXPECT_NEAR(r.parameters.u[c][l], t.u[c][l], 0.02) << "u c=" << c << " l=" << l;
    }
  }
}

TEST(Em, WithFixedUEstimatesMAndLambda) {
  Truth t;
  t.lambda = 0.02;
  t.m = {{0.0, 0.85, 0.10, 0.05}, {0.92, 0.05, 0.03}, {0.80, 0.15, 0.05}};
  t.u = {{0.0, 0.01, 0.04, 0.95}, {0.02, 0.08, 0.90}, {0.05, 0.15, 0.80}};
  const PatternCodec codec({4, 3, 3});
  const auto patterns = simulate(t, codec, 500000, 0.05, 777);
  const std::vector<int> null_levels = {0, -1, -1};
  const std::vector<bool> active(3, true);
  const std::vector<std::string> names = {"a", "b", "c"};
  EmParameters start;
  start.lambda = 0.2;
  start.m = {{0, 0.6, 0.3, 0.1}, {0.6, 0.3, 0.1}, {0.6, 0.3, 0.1}};
  start.u = t.u;
  EmOptions options;
  options.max_iterations = 500;
  options.tolerance = 1e-8;
  const EmResult r = run_em(patterns, codec, null_levels, active, names, start, options);
  EXPECT_NEAR(r.parameters.lambda, t.lambda, 0.002);
  for (std::size_t c = 0; c < 3; ++c) {
    for (std::size_t l = 0; l < t.m[c].size(); ++l) {
      if (static_cast<int>(l) == null_levels[c]) continue;
      EXPECT_NEAR(r.parameters.m[c][l], t.m[c][l], 0.02) << "m c=" << c << " l=" << l;
      EXPECT_EQ(r.parameters.u[c][l], t.u[c][l]);
    }
  }
}

TEST(Em, InactiveComparisonsAreLeftUnchanged) {
  Truth t;
  t.lambda = 0.1;
  t.m = {{0.0, 0.9, 0.05, 0.05}, {0.9, 0.1}};
  t.u = {{0.0, 0.05, 0.05, 0.9}, {0.2, 0.8}};
  const PatternCodec codec({4, 2});
  const auto patterns = simulate(t, codec, 50000, 0.0, 5);
  const std::vector<int> null_levels = {0, -1};
  const std::vector<bool> active = {true, false};
  const std::vector<std::string> names = {"a", "b"};
  EmParameters start;
  start.lambda = 0.3;
  start.m = {{0, 0.6, 0.3, 0.1}, {0.5, 0.5}};
  start.u = t.u;
  const EmResult r = run_em(patterns, codec, null_levels, active, names, start, EmOptions{});
  EXPECT_EQ(r.parameters.m[1][0], 0.5);
  EXPECT_EQ(r.parameters.m[1][1], 0.5);
}

TEST(PatternCodec, PacksAndUnpacksMixedRadix) {
  const PatternCodec codec({4, 3, 2});
  EXPECT_EQ(codec.num_patterns(), 24u);
  std::vector<std::uint8_t> g = {3, 1, 1}, back(3);
  const std::uint64_t id = codec.pack(g);
  EXPECT_EQ(id, 3u * 6 + 1 * 2 + 1);
  codec.unpack(id, back);
  EXPECT_EQ(back, g);
  for (std::uint64_t i = 0; i < codec.num_patterns(); ++i) {
    codec.unpack(i, back);
    EXPECT_EQ(codec.pack(back), i);
  }
}

}  // namespace
}  // namespace xjslink
