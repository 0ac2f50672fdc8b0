// File: kernels/cached_edit_distance_impl.hpp
// Definitions of CachedEditDistance<Algo>; included by the .cpp of each distance, which
// instantiates it for its Algo (Algo::lanes runs a full group of SIMD lanes).
#pragma once

#include "kernels/cached_edit_distance.hpp"
#include "kernels/code_point_pair_impl.hpp"
#include "kernels/edit_distance_impl.hpp"
#include "kernels/utf8_codepoints.hpp"

namespace xjslink::kernels::detail {

template <class Algo>
CachedEditDistance<Algo>::CachedEditDistance(std::string_view s1) : bytes_(s1) {
#if defined(XJS_KERNELS_SHORT_ASCII)
  if (s1.size() <= kShortAsciiMax && is_ascii(s1)) short_.emplace(s1);
#endif
  const CodePoints cp(s1);
  code_points_.assign(cp.data(), cp.data() + cp.size());
  pm_.build(code_points_.data(), code_points_.size());
  lanes_.build(code_points_.data(), code_points_.size());
}

template <class Algo>
std::size_t CachedEditDistance<Algo>::distance(std::string_view s2,
                                               std::size_t score_cutoff) const {
#if defined(XJS_KERNELS_SHORT_ASCII)
  // Both short and ASCII: the one-pair short path needs no table (s1 is already in vectors).
  if (short_ && s2.size() <= kShortAsciiMax) {
    const ShortAscii p2(s2);
    if (p2.ascii()) return edit_distance_short<Algo>(*short_, bytes_, p2, s2, score_cutoff);
  }
#endif
  if (is_ascii(s2)) {
    return edit_distance_cached<Algo>(pm_, code_points_.data(), code_points_.size(), bytes(s2),
                                      s2.size(), score_cutoff);
  }
  const CodePoints cp(s2);
  return edit_distance_cached<Algo>(pm_, code_points_.data(), code_points_.size(), cp.data(),
                                    cp.size(), score_cutoff);
}

template <class Algo>
void CachedEditDistance<Algo>::distance_many(const std::string_view* s2, std::size_t count,
                                             std::size_t* out, std::size_t score_cutoff) const {
  const std::size_t len1 = code_points_.size();
  if (!lanes_enabled() || !lanes_.usable() || len1 == 0) {
    for (std::size_t i = 0; i < count; ++i)
      out[i] = distance(s2[i], score_cutoff);
    return;
  }
  LaneGroup group;
  group.start(lanes_);
  auto flush = [&] {
    std::uint16_t d[kGroupLanes];
    Algo::lanes(group, lanes_, d);
    for (std::size_t k = 0; k < group.count; ++k) {
      out[group.index[k]] = d[k] <= score_cutoff ? std::size_t{d[k]} : score_cutoff + 1;
    }
    group.clear(lanes_);
  };
  for (std::size_t i = 0; i < count; ++i) {
    const std::string_view t = s2[i];
    // t has at most t.size() code points, so this length bound holds before decoding.
    if (len1 > score_cutoff && t.size() < len1 - score_cutoff) {
      out[i] = score_cutoff + 1;
    } else if (t.empty() || t.size() > kLaneMaxLength || !group.add(lanes_, t, i)) {
      out[i] = distance(t, score_cutoff);
    } else if (group.full()) {
      flush();
    }
  }
  if (group.count > 0) flush();
}

}  // namespace xjslink::kernels::detail
