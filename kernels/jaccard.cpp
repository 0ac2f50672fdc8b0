// File: kernels/jaccard.cpp
// Entry points of q-gram Jaccard: packed integer grams for q <= 3 (held on the stack for names),
// string grams beyond.
#include "kernels/jaccard.hpp"

#include <memory>
#include <stdexcept>

#include "kernels/code_point_pair_impl.hpp"
#include "kernels/jaccard_impl.hpp"
#include "kernels/utf8_codepoints.hpp"

namespace xjslink::kernels {
namespace {

void check_q(unsigned q) {
  if (q == 0) throw std::invalid_argument("jaccard: q must be >= 1");
}

// Space for the packed grams of one string: on the stack for strings up to kInline code points.
class KeyBuffer {
 public:
  static constexpr std::size_t kInline = 128;
  explicit KeyBuffer(std::size_t n) {
    if (n > kInline) {
      heap_ = std::make_unique<std::uint64_t[]>(n);
      data_ = heap_.get();
    }
  }
  std::uint64_t* data() { return data_; }

 private:
  std::uint64_t inline_[kInline];
  std::unique_ptr<std::uint64_t[]> heap_;
  std::uint64_t* data_ = inline_;
};

template <class CharT>
double jaccard_code_points(const CharT* s1, std::size_t n1, const CharT* s2, std::size_t n2,
                           unsigned q, double cutoff) {
  if (q > detail::kMaxPackedQ) {
    const auto a = detail::string_gram_set(s1, n1, q);
    const auto b = detail::string_gram_set(s2, n2, q);
    return detail::jaccard_of_sets(a.data(), a.size(), b.data(), b.size(), cutoff);
  }
  KeyBuffer a(detail::gram_count(n1, q));
  KeyBuffer b(detail::gram_count(n2, q));
  std::size_t na = 0;
  std::size_t nb = 0;
  detail::packed_gram_set(s1, n1, q, a.data(), &na);
  detail::packed_gram_set(s2, n2, q, b.data(), &nb);
  return detail::jaccard_of_sets(a.data(), na, b.data(), nb, cutoff);
}

}  // namespace

double jaccard_similarity(std::string_view a, std::string_view b, unsigned q, double score_cutoff) {
  check_q(q);
  return detail::with_code_points(a, b, [&](auto* s1, std::size_t n1, auto* s2, std::size_t n2) {
    return jaccard_code_points(s1, n1, s2, n2, q, score_cutoff);
  });
}

CachedJaccard::CachedJaccard(std::string_view s1, unsigned q) : q_(q) {
  check_q(q);
  const CodePoints cp(s1);
  if (q > detail::kMaxPackedQ) {
    grams_ = detail::string_gram_set(cp.data(), cp.size(), q);
  } else {
    keys_.resize(detail::gram_count(cp.size(), q));
    std::size_t n = 0;
    detail::packed_gram_set(cp.data(), cp.size(), q, keys_.data(), &n);
    keys_.resize(n);
  }
}

double CachedJaccard::similarity(std::string_view s2, double score_cutoff) const {
  auto score = [&](const auto* t, std::size_t len2) {
    if (q_ > detail::kMaxPackedQ) {
      const auto b = detail::string_gram_set(t, len2, q_);
      return detail::jaccard_of_sets(grams_.data(), grams_.size(), b.data(), b.size(),
                                     score_cutoff);
    }
    KeyBuffer b(detail::gram_count(len2, q_));
    std::size_t nb = 0;
    detail::packed_gram_set(t, len2, q_, b.data(), &nb);
    return detail::jaccard_of_sets(keys_.data(), keys_.size(), b.data(), nb, score_cutoff);
  };
  if (is_ascii(s2)) return score(detail::bytes(s2), s2.size());
  const CodePoints cp(s2);
  return score(cp.data(), cp.size());
}

}  // namespace xjslink::kernels
