// File: tests/synth/philox_test.cpp
// Philox4x32-10 against Random123's published known-answer vectors, and the properties of the
// stream and alias sampler built on it.
#include "synth/philox.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "synth/alias_table.hpp"

namespace xjslink::synth {
namespace {

TEST(Philox, MatchesRandom123KnownAnswers) {
  EXPECT_EQ(philox4x32_10({0, 0, 0, 0}, {0, 0}),
            (PhiloxCounter{0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u}));
  EXPECT_EQ(philox4x32_10({0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu},
                          {0xffffffffu, 0xffffffffu}),
            (PhiloxCounter{0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu}));
  EXPECT_EQ(philox4x32_10({0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u},
                          {0xa4093822u, 0x299f31d0u}),
            (PhiloxCounter{0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u}));
}

TEST(RandomStream, SameKeySameDrawsDifferentKeyDifferentDraws) {
  RandomStream a(42, 7, Purpose::kPerson), b(42, 7, Purpose::kPerson);
  RandomStream c(43, 7, Purpose::kPerson), d(42, 8, Purpose::kPerson), e(42, 7, Purpose::kJourney);
  int same_c = 0, same_d = 0, same_e = 0;
  for (int i = 0; i < 1000; ++i) {
    const std::uint32_t x = a.next_u32();
    ASSERT_EQ(x, b.next_u32());
    same_c += x == c.next_u32();
    same_d += x == d.next_u32();
    same_e += x == e.next_u32();
  }
  EXPECT_LE(same_c + same_d + same_e, 1);
}

TEST(RandomStream, UniformAndBoundedDrawsHaveTheRightMoments) {
  RandomStream rng(1, 2, Purpose::kJourney);
  const int n = 200000;
  double sum = 0.0, sum_sq = 0.0;
  std::map<std::uint32_t, int> counts;
  for (int i = 0; i < n; ++i) {
    const double u = rng.uniform();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
    sum_sq += u * u;
    const std::uint32_t k = rng.below(7);
    ASSERT_LT(k, 7u);
    ++counts[k];
  }
  EXPECT_NEAR(sum / n, 0.5, 5 * std::sqrt(1.0 / 12 / n));
  EXPECT_NEAR(sum_sq / n - (sum / n) * (sum / n), 1.0 / 12, 0.002);
  for (const auto& [k, c] : counts) {
    EXPECT_NEAR(c, n / 7.0, 5 * std::sqrt(n * (1.0 / 7) * (6.0 / 7))) << "value " << k;
  }
}

TEST(AliasTable, DrawsFollowTheWeights) {
  const std::vector<double> weights = {5, 1, 0, 3, 0.5, 10, 0.25};
  double total = 0;
  for (double w : weights)
    total += w;
  AliasTable table(weights);
  RandomStream rng(9, 9, Purpose::kPerson);
  const int n = 400000;
  std::vector<int> counts(weights.size(), 0);
  for (int i = 0; i < n; ++i)
    ++counts[table.sample(rng)];
  for (std::size_t i = 0; i < weights.size(); ++i) {
    const double p = weights[i] / total;
    EXPECT_NEAR(counts[i], n * p, 5 * std::sqrt(n * p * (1 - p)) + 1e-9) << "index " << i;
  }
  EXPECT_EQ(counts[2], 0);
}

}  // namespace
}  // namespace xjslink::synth
