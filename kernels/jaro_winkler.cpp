// File: kernels/jaro_winkler.cpp
// Entry points of Jaro and Jaro-Winkler: split strings into code points, pick the one-word
// bit-parallel kernel when the pattern fits in 64 bits, and apply the cutoff the same way for
// free functions and Cached objects.
#include "kernels/jaro_winkler.hpp"

#include <stdexcept>

#include "kernels/code_point_pair_impl.hpp"
#include "kernels/jaro_winkler_impl.hpp"
#include "kernels/short_ascii_impl.hpp"
#include "kernels/utf8_codepoints.hpp"

namespace xjslink::kernels {
namespace {

void check_prefix_weight(double prefix_weight) {
  if (!(prefix_weight >= 0.0 && prefix_weight <= 0.25)) {
    throw std::invalid_argument("jaro_winkler: prefix_weight must be in [0, 0.25]");
  }
}

// Fits the one-word kernel: pattern <= 64 and the part of the text that can match <= 64.
bool fits_word(std::size_t len1, std::size_t len2) {
  return len1 <= detail::kWordBits &&
         std::min(len2, len1 + detail::jaro_window(len1, len2)) <= detail::kWordBits;
}

template <class CharT>
double jaro_code_points(const CharT* s1, std::size_t len1, const CharT* s2, std::size_t len2,
                        double cutoff) {
  double score;
  if (detail::jaro_trivial(len1, len2, cutoff, &score)) return score;
  // Put the shorter string in the bit table: it then fits one word more often.
  if (len1 > len2) {
    std::swap(s1, s2);
    std::swap(len1, len2);
  }
  if (!fits_word(len1, len2)) return detail::jaro_general(s1, len1, s2, len2, cutoff);
  if constexpr (sizeof(CharT) == 1) {
    const detail::ScratchAsciiPattern pm(s1, len1);
    return detail::jaro_word(pm, s1, len1, s2, len2, cutoff);
  } else {
    const detail::BlockPatternMatch pm(s1, len1);
    return detail::jaro_word(detail::WordPattern{&pm}, s1, len1, s2, len2, cutoff);
  }
}

#if defined(XJS_KERNELS_SHORT_ASCII)
// Jaro of two ASCII strings of at most 32 bytes, neither empty: the shorter is the pattern.
double jaro_short_ascii(const detail::ShortAscii& pa, std::string_view a, std::string_view b,
                        double cutoff) {
  return detail::jaro_word(pa, detail::bytes(a), a.size(), detail::bytes(b), b.size(), cutoff);
}

// Both strings ASCII and at most 32 bytes: the shorter one is the pattern, its match bits come
// from vector compares. Returns false when the path does not apply.
[[gnu::always_inline]] inline bool jaro_short(std::string_view a, std::string_view b, double cutoff,
                                              double* score) {
  if (a.size() > detail::kShortAsciiMax || b.size() > detail::kShortAsciiMax) return false;
  const detail::ShortAscii pa(a);
  const detail::ShortAscii pb(b);
  if (!pa.ascii() || !pb.ascii()) return false;
  // Identical non-empty strings: every character matches in place, Jaro is exactly 1.
  if (a.size() > 0 && detail::short_equal(pa, pb)) {
    *score =
        detail::apply_cutoff(detail::jaro_from_counts(a.size(), a.size(), a.size(), 0), cutoff);
    return true;
  }
  if (detail::jaro_trivial(a.size(), b.size(), cutoff, score)) return true;
  *score = jaro_short_ascii(pa, a, b, cutoff);
  return true;
}
#endif

}  // namespace

double jaro_similarity(std::string_view a, std::string_view b, double score_cutoff) {
#if defined(XJS_KERNELS_SHORT_ASCII)
  double score;
  if (jaro_short(a, b, score_cutoff, &score)) return score;
#endif
  return detail::with_code_points(a, b, [&](auto* s1, std::size_t n1, auto* s2, std::size_t n2) {
    return jaro_code_points(s1, n1, s2, n2, score_cutoff);
  });
}

double jaro_winkler_similarity(std::string_view a, std::string_view b, double prefix_weight,
                               double score_cutoff) {
  check_prefix_weight(prefix_weight);
#if defined(XJS_KERNELS_SHORT_ASCII)
  if (a.size() <= detail::kShortAsciiMax && b.size() <= detail::kShortAsciiMax) {
    const detail::ShortAscii pa(a);
    const detail::ShortAscii pb(b);
    if (pa.ascii() && pb.ascii()) {
      if (a.size() > 0 && detail::short_equal(pa, pb)) {
        const std::size_t n = a.size();
        const double jaro = detail::jaro_from_counts(n, n, n, 0);
        return detail::apply_cutoff(
            detail::jaro_winkler_from_jaro(jaro, std::min(n, detail::kWinklerMaxPrefix),
                                           prefix_weight),
            score_cutoff);
      }
      const std::size_t prefix =
          std::min(detail::short_common_prefix(pa, pb), detail::kWinklerMaxPrefix);
      const double jaro_cutoff =
          detail::jaro_cutoff_for_winkler(score_cutoff, prefix, prefix_weight);
      double jaro;
      if (!detail::jaro_trivial(a.size(), b.size(), jaro_cutoff, &jaro)) {
        jaro = jaro_short_ascii(pa, a, b, jaro_cutoff);
      }
      return detail::apply_cutoff(detail::jaro_winkler_from_jaro(jaro, prefix, prefix_weight),
                                  score_cutoff);
    }
  }
#endif
  return detail::with_code_points(a, b, [&](auto* s1, std::size_t n1, auto* s2, std::size_t n2) {
    const std::size_t prefix = detail::common_prefix(s1, n1, s2, n2, detail::kWinklerMaxPrefix);
    const double jaro_cutoff = detail::jaro_cutoff_for_winkler(score_cutoff, prefix, prefix_weight);
    const double jaro = jaro_code_points(s1, n1, s2, n2, jaro_cutoff);
    return detail::apply_cutoff(detail::jaro_winkler_from_jaro(jaro, prefix, prefix_weight),
                                score_cutoff);
  });
}

CachedJaro::CachedJaro(std::string_view s1) : bytes_(s1) {
#if defined(XJS_KERNELS_SHORT_ASCII)
  if (s1.size() <= detail::kShortAsciiMax && is_ascii(s1)) short_.emplace(s1);
#endif
  CodePoints cp(s1);
  code_points_.assign(cp.data(), cp.data() + cp.size());
  pm_.build(code_points_.data(), code_points_.size());
  lanes_.build(code_points_.data(), code_points_.size());
}

template <class CharT>
double CachedJaro::similarity_code_points(const CharT* s2, std::size_t len2, double cutoff) const {
  const std::size_t len1 = code_points_.size();
  double score;
  if (detail::jaro_trivial(len1, len2, cutoff, &score)) return score;
  if (fits_word(len1, len2)) {
    return detail::jaro_word(detail::WordPattern{&pm_}, code_points_.data(), len1, s2, len2,
                             cutoff);
  }
  return detail::jaro_general(code_points_.data(), len1, s2, len2, cutoff);
}

double CachedJaro::similarity_short(const detail::ShortAscii& p2, std::string_view s2,
                                    double cutoff) const {
#if defined(XJS_KERNELS_SHORT_ASCII)
  const std::size_t len1 = bytes_.size();
  const std::size_t len2 = s2.size();
  if (len1 > 0 && detail::short_equal(*short_, p2)) {
    return detail::apply_cutoff(detail::jaro_from_counts(len1, len1, len1, 0), cutoff);
  }
  double score;
  if (detail::jaro_trivial(len1, len2, cutoff, &score)) return score;
  return detail::jaro_word(detail::ByteRows{pm_.byte_rows()}, detail::bytes(bytes_), len1,
                           detail::bytes(s2), len2, cutoff);
#else
  return 0.0;
#endif
}

double CachedJaro::similarity(std::string_view s2, double score_cutoff) const {
#if defined(XJS_KERNELS_SHORT_ASCII)
  if (short_ && s2.size() <= detail::kShortAsciiMax) {
    const detail::ShortAscii p2(s2);
    if (p2.ascii()) return similarity_short(p2, s2, score_cutoff);
  }
#endif
  if (is_ascii(s2)) return similarity_code_points(detail::bytes(s2), s2.size(), score_cutoff);
  const CodePoints cp(s2);
  return similarity_code_points(cp.data(), cp.size(), score_cutoff);
}

CachedJaroWinkler::CachedJaroWinkler(std::string_view s1, double prefix_weight)
    : jaro_(s1), prefix_weight_(prefix_weight) {
  check_prefix_weight(prefix_weight);
}

double CachedJaroWinkler::score(const CachedJaro& jaro, std::string_view s2, double score_cutoff,
                                double prefix_weight) {
#if defined(XJS_KERNELS_SHORT_ASCII)
  if (jaro.short_ && s2.size() <= detail::kShortAsciiMax) {
    const detail::ShortAscii p2(s2);
    if (p2.ascii()) {
      const std::size_t prefix =
          std::min(detail::short_common_prefix(*jaro.short_, p2), detail::kWinklerMaxPrefix);
      const double jaro_cutoff =
          detail::jaro_cutoff_for_winkler(score_cutoff, prefix, prefix_weight);
      const double j = jaro.similarity_short(p2, s2, jaro_cutoff);
      return detail::apply_cutoff(detail::jaro_winkler_from_jaro(j, prefix, prefix_weight),
                                  score_cutoff);
    }
  }
#endif
  const std::vector<char32_t>& s1 = jaro.code_points_;
  auto score = [&](const auto* t, std::size_t len2) {
    const std::size_t prefix =
        detail::common_prefix(s1.data(), s1.size(), t, len2, detail::kWinklerMaxPrefix);
    const double jaro_cutoff = detail::jaro_cutoff_for_winkler(score_cutoff, prefix, prefix_weight);
    const double j = jaro.similarity_code_points(t, len2, jaro_cutoff);
    return detail::apply_cutoff(detail::jaro_winkler_from_jaro(j, prefix, prefix_weight),
                                score_cutoff);
  };
  if (is_ascii(s2)) return score(detail::bytes(s2), s2.size());
  const CodePoints cp(s2);
  return score(cp.data(), cp.size());
}

double CachedJaroWinkler::similarity(std::string_view s2, double score_cutoff) const {
  return score(jaro_, s2, score_cutoff, prefix_weight_);
}

void CachedJaro::finish_group(const detail::LaneGroup& group, double* out, double score_cutoff,
                              double prefix_weight) const {
  std::uint16_t matches[detail::kGroupLanes];
  std::uint16_t half[detail::kGroupLanes];
  std::uint16_t prefix[detail::kGroupLanes];
  detail::jaro_lanes(group, lanes_, matches, half, prefix);
  const std::size_t len1 = code_points_.size();
  for (std::size_t k = 0; k < group.count; ++k) {
    double score = detail::jaro_from_counts(len1, group.lengths[k], matches[k], half[k] / 2);
    if (prefix_weight >= 0.0)
      score = detail::jaro_winkler_from_jaro(score, prefix[k], prefix_weight);
    out[group.index[k]] = detail::apply_cutoff(score, score_cutoff);
  }
}

void CachedJaro::many(const std::string_view* s2, std::size_t count, double* out,
                      double score_cutoff, double prefix_weight) const {
  const std::size_t len1 = code_points_.size();
  auto one = [&](std::string_view t) {
    if (prefix_weight < 0.0) return similarity(t, score_cutoff);
    return CachedJaroWinkler::score(*this, t, score_cutoff, prefix_weight);
  };
  if (!detail::lanes_enabled() || !lanes_.usable() || len1 == 0) {
    for (std::size_t i = 0; i < count; ++i)
      out[i] = one(s2[i]);
    return;
  }
  detail::LaneGroup group;
  group.start(lanes_);
  for (std::size_t i = 0; i < count; ++i) {
    const std::string_view t = s2[i];
    if (t.empty() || t.size() > detail::kLaneMaxLength || !group.add(lanes_, t, i)) {
      out[i] = one(t);
      continue;
    }
    if (group.full()) {
      finish_group(group, out, score_cutoff, prefix_weight);
      group.clear(lanes_);
    }
  }
  if (group.count > 0) finish_group(group, out, score_cutoff, prefix_weight);
}

void CachedJaro::similarity_many(const std::string_view* s2, std::size_t count, double* out,
                                 double score_cutoff) const {
  many(s2, count, out, score_cutoff, -1.0);
}

void CachedJaroWinkler::similarity_many(const std::string_view* s2, std::size_t count, double* out,
                                        double score_cutoff) const {
  jaro_.many(s2, count, out, score_cutoff, prefix_weight_);
}

}  // namespace xjslink::kernels
