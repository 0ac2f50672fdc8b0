// File: tests/kernels/utf8_codepoints_test.cpp
// UTF-8 decoding: valid sequences of every length, and every kind of invalid byte mapped to its
// own code point, agreeing with the RFC 3629 reference decoder on random byte strings.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "kernels/random_strings.hpp"
#include "kernels/reference/code_points_ref.hpp"
#include "kernels/utf8_codepoints.hpp"

namespace xjslink::kernels {
namespace {

std::u32string decode(std::string_view s) {
  const CodePoints cp(s);
  return std::u32string(cp.data(), cp.size());
}

TEST(Utf8CodePoints, DecodesValidSequences) {
  EXPECT_EQ(decode("Jos\xc3\xa9"), U"Jos\u00e9");
  EXPECT_EQ(decode("\xe7\x8e\x8b"), U"\u738b");
  EXPECT_EQ(decode("\xf0\x9f\x98\x80"), U"\U0001F600");
  EXPECT_EQ(decode(""), U"");
  EXPECT_TRUE(is_ascii("MARTHA 123"));
  EXPECT_FALSE(is_ascii("MARTHA\xc3\xa9"));
  EXPECT_FALSE(is_ascii("abcdefghijklmnop\x80"));
}

TEST(Utf8CodePoints, MapsEachInvalidByteToItsOwnCodePoint) {
  const char32_t b = kInvalidByteBase;
  EXPECT_EQ(decode("\xff"), std::u32string({b + 0xFF}));
  EXPECT_EQ(decode("\x80"
                   "a"),
            std::u32string({b + 0x80, U'a'}));                          // lone continuation
  EXPECT_EQ(decode("\xc3"), std::u32string({b + 0xC3}));                // truncated
  EXPECT_EQ(decode("\xc0\xaf"), std::u32string({b + 0xC0, b + 0xAF}));  // overlong
  EXPECT_EQ(decode("\xed\xa0\x80"), std::u32string({b + 0xED, b + 0xA0, b + 0x80}));  // surrogate
  EXPECT_EQ(decode("\xf4\x90\x80\x80"),
            std::u32string({b + 0xF4, b + 0x90, b + 0x80, b + 0x80}));  // > U+10FFFF
}

TEST(Utf8CodePoints, MatchesReferenceOnRandomBytes) {
  std::mt19937_64 rng(8);
  for (int i = 0; i < 200000; ++i) {
    std::string s(std::uniform_int_distribution<int>(0, 200)(rng) == 0 ? 300 : 12, '\0');
    for (char& c : s) {
      // Bias towards lead and continuation bytes so that valid sequences occur.
      const int r = std::uniform_int_distribution<int>(0, 3)(rng);
      c = static_cast<char>(r == 0   ? std::uniform_int_distribution<int>(0, 255)(rng)
                            : r == 1 ? std::uniform_int_distribution<int>(0x80, 0xBF)(rng)
                            : r == 2 ? std::uniform_int_distribution<int>(0xC0, 0xF7)(rng)
                                     : 'a');
    }
    ASSERT_EQ(decode(s), reference::code_points(s))
        << "seed=8 #" << i << " " << testing::escaped(s);
  }
}

}  // namespace
}  // namespace xjslink::kernels
