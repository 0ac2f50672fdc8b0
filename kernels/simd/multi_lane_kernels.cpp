// File: kernels/simd/multi_lane_kernels.cpp
// Lane kernels for one-against-many, compiled once per Highway target (foreach_target) and
// chosen at run time. Each 16-bit lane runs the one-word bit-parallel algorithm of its own
// pattern: Myers/Hyyrö Levenshtein (the lane add's carry-out is the bit above the pattern,
// which the scalar word ignores too) and the bit-parallel Jaro matching with a per-lane window.
// Only integer counts leave this file. All loads and stores are the unaligned forms: they cost
// nothing extra on current CPUs, and correctness then never depends on how a caller's arrays (or
// a sanitizer's stack) are aligned.

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "kernels/simd/multi_lane_kernels.cpp"
#include "hwy/foreach_target.h"  // must come before highway.h
#include "hwy/highway.h"
#include "kernels/multi_lane_impl.hpp"

HWY_BEFORE_NAMESPACE();
namespace xjslink::kernels::detail {
namespace HWY_NAMESPACE {

namespace hn = hwy::HWY_NAMESPACE;

constexpr std::size_t kWinklerPrefixMax = 4;

// Levenshtein, or with kTranspositions the optimal string alignment distance (Hyyrö's TR term).
template <bool kTranspositions>
void EditDistanceLanes(const LaneGroup& group, const LaneText& text, std::uint16_t* out) {
  const hn::ScalableTag<std::uint16_t> d;
  const std::size_t n = hn::Lanes(d);
  const auto zero = hn::Zero(d);
  const auto one = hn::Set(d, 1);
  const std::uint8_t* rows = text.text_rows();
  const std::size_t text_len = text.size();
  for (std::size_t base = 0; base < group.count; base += n) {
    const auto len = hn::LoadU(d, group.lengths + base);
    // Bit len-1 of each lane: (1 << len) >> 1 without a variable shift.
    HWY_ALIGN std::uint16_t last_bits[kGroupLanes];
    for (std::size_t k = 0; k < n; ++k) {
      const unsigned l = group.lengths[base + k];
      last_bits[k] = static_cast<std::uint16_t>(l == 0 ? 0 : 1u << (l - 1));
    }
    const auto last = hn::LoadU(d, last_bits);
    auto vp = hn::Set(d, 0xFFFF);
    auto vn = zero;
    auto score = len;
    auto d0 = zero;
    auto x_prev = zero;
    for (std::size_t j = 0; j < text_len; ++j) {
      const auto x = hn::LoadU(d, group.pattern[rows[j]] + base);
      const auto d_prev = d0;
      d0 = hn::Or(hn::Or(hn::Xor(hn::Add(hn::And(x, vp), vp), vp), x), vn);
      if constexpr (kTranspositions) {
        d0 = hn::Or(d0, hn::And(hn::ShiftLeft<1>(hn::AndNot(d_prev, x)), x_prev));
        x_prev = x;
      }
      auto hp = hn::Or(vn, hn::Not(hn::Or(d0, vp)));
      auto hn_ = hn::And(d0, vp);
      score = hn::Add(score, hn::AndNot(hn::VecFromMask(d, hn::Eq(hn::And(hp, last), zero)), one));
      score = hn::Sub(score, hn::AndNot(hn::VecFromMask(d, hn::Eq(hn::And(hn_, last), zero)), one));
      hp = hn::Or(hn::ShiftLeft<1>(hp), one);
      hn_ = hn::ShiftLeft<1>(hn_);
      vp = hn::Or(hn_, hn::Not(hn::Or(d0, hp)));
      vn = hn::And(hp, d0);
    }
    hn::StoreU(score, d, out + base);
  }
}

void LevenshteinLanes(const LaneGroup& group, const LaneText& text, std::uint16_t* out) {
  EditDistanceLanes<false>(group, text, out);
}

void OsaLanes(const LaneGroup& group, const LaneText& text, std::uint16_t* out) {
  EditDistanceLanes<true>(group, text, out);
}

void JaroLanes(const LaneGroup& group, const LaneText& text, std::uint16_t* matches_out,
               std::uint16_t* half_transpositions_out, std::uint16_t* prefix_out) {
  const hn::ScalableTag<std::uint16_t> d;
  const std::size_t n = hn::Lanes(d);
  const auto zero = hn::Zero(d);
  const auto one = hn::Set(d, 1);
  const std::uint8_t* rows = text.text_rows();
  const std::size_t text_len = text.size();
  HWY_ALIGN std::uint16_t matched[kTextMaxLength * kGroupLanes];
  HWY_ALIGN std::uint16_t window_init[kGroupLanes];
  HWY_ALIGN std::uint16_t bound_init[kGroupLanes];
  for (std::size_t base = 0; base < group.count; base += n) {
    for (std::size_t k = 0; k < n; ++k) {
      const std::size_t l = group.lengths[base + k];
      const std::size_t longer = l > text_len ? l : text_len;
      const std::size_t bound = longer / 2 > 0 ? longer / 2 - 1 : 0;
      window_init[k] =
          static_cast<std::uint16_t>(bound + 1 >= 16 ? 0xFFFF : (1u << (bound + 1)) - 1);
      bound_init[k] = static_cast<std::uint16_t>(bound);
    }
    auto window = hn::LoadU(d, window_init);
    auto remaining = hn::LoadU(d, bound_init);  // the window still grows while remaining > 0
    auto p_flag = zero;
    auto matches = zero;
    // Winkler prefix: pattern bit j is set in the row of text[j] while both strings agree.
    auto prefix = zero;
    auto agree = one;
    for (std::size_t j = 0; j < text_len && j < kWinklerPrefixMax; ++j) {
      const auto x = hn::LoadU(d, group.pattern[rows[j]] + base);
      agree = hn::And(agree, hn::ShiftRightSame(x, static_cast<int>(j)));
      prefix = hn::Add(prefix, agree);
    }
    for (std::size_t j = 0; j < text_len; ++j) {
      const auto x = hn::LoadU(d, group.pattern[rows[j]] + base);
      const auto candidates = hn::AndNot(p_flag, hn::And(x, window));
      p_flag = hn::Or(p_flag, hn::And(candidates, hn::Sub(zero, candidates)));
      const auto found = hn::Not(hn::VecFromMask(d, hn::Eq(candidates, zero)));
      matches = hn::Add(matches, hn::And(found, one));
      hn::StoreU(found, d, matched + j * n);
      window = hn::Or(hn::ShiftLeft<1>(window), hn::Min(remaining, one));
      remaining = hn::SaturatedSub(remaining, one);
    }
    // The k-th matched text position pairs with the k-th matched pattern position.
    auto half = zero;
    for (std::size_t j = 0; j < text_len; ++j) {
      const auto active = hn::LoadU(d, matched + j * n);
      const auto x = hn::LoadU(d, group.pattern[rows[j]] + base);
      const auto p_bit = hn::And(p_flag, hn::Sub(zero, p_flag));
      const auto differ = hn::VecFromMask(d, hn::Eq(hn::And(x, p_bit), zero));
      half = hn::Add(half, hn::And(hn::And(active, differ), one));
      p_flag = hn::AndNot(hn::And(p_bit, active), p_flag);
    }
    hn::StoreU(matches, d, matches_out + base);
    hn::StoreU(half, d, half_transpositions_out + base);
    hn::StoreU(prefix, d, prefix_out + base);
  }
}

}  // namespace HWY_NAMESPACE
}  // namespace xjslink::kernels::detail
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace xjslink::kernels::detail {

HWY_EXPORT(LevenshteinLanes);
HWY_EXPORT(OsaLanes);
HWY_EXPORT(JaroLanes);

void osa_lanes(const LaneGroup& group, const LaneText& text, std::uint16_t* out) {
  HWY_DYNAMIC_DISPATCH(OsaLanes)(group, text, out);
}

void levenshtein_lanes(const LaneGroup& group, const LaneText& text, std::uint16_t* out) {
  HWY_DYNAMIC_DISPATCH(LevenshteinLanes)(group, text, out);
}

void jaro_lanes(const LaneGroup& group, const LaneText& text, std::uint16_t* matches,
                std::uint16_t* half_transpositions, std::uint16_t* prefix) {
  HWY_DYNAMIC_DISPATCH(JaroLanes)(group, text, matches, half_transpositions, prefix);
}

}  // namespace xjslink::kernels::detail
#endif  // HWY_ONCE
