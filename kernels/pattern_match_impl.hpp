// File: kernels/pattern_match_impl.hpp
// Pattern-match bit vectors for the bit-parallel kernels: for a string s and a code point c,
// bit i of word w is set exactly when s[64*w + i] == c. Code points < 256 use a direct table;
// others an open-addressing map. Tables are built once per left string (Cached*) or per call.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace xjslink::kernels::detail {

inline constexpr std::size_t kWordBits = 64;

inline std::size_t words_for(std::size_t len) {
  return (len + kWordBits - 1) / kWordBits;
}

// Lowest set bit of x (0 when x == 0).
inline std::uint64_t lowest_bit(std::uint64_t x) {
  return x & (0 - x);
}

// Bits [0, n) set; n may be 64.
inline std::uint64_t low_bits(std::size_t n) {
  return n >= kWordBits ? ~std::uint64_t{0} : (std::uint64_t{1} << n) - 1;
}

class BlockPatternMatch {
 public:
  BlockPatternMatch() = default;

  template <class CharT>
  BlockPatternMatch(const CharT* s, std::size_t len) {
    build(s, len);
  }

  template <class CharT>
  void build(const CharT* s, std::size_t len) {
    words_ = words_for(len) == 0 ? 1 : words_for(len);
    ascii_.assign(256 * words_, 0);
    ext_keys_.clear();
    ext_vals_.clear();
    ext_mask_ = 0;
    std::size_t n_ext = 0;
    for (std::size_t i = 0; i < len; ++i)
      n_ext += static_cast<char32_t>(s[i]) >= 256;
    if (n_ext > 0) {
      std::size_t cap = 8;
      while (cap < 2 * n_ext)
        cap *= 2;
      ext_mask_ = cap - 1;
      ext_keys_.assign(cap, 0);
      ext_vals_.assign(cap * words_, 0);
    }
    for (std::size_t i = 0; i < len; ++i) {
      const char32_t c = static_cast<char32_t>(s[i]);
      const std::uint64_t bit = std::uint64_t{1} << (i % kWordBits);
      if (c < 256) {
        ascii_[c * words_ + i / kWordBits] |= bit;
      } else {
        ext_vals_[slot_for_insert(c) * words_ + i / kWordBits] |= bit;
      }
    }
  }

  std::size_t words() const { return words_; }

  // The 256 single-word rows of code points < 256 (valid when words() == 1).
  const std::uint64_t* byte_rows() const { return ascii_.data(); }

  std::uint64_t get(std::size_t word, char32_t c) const {
    if (c < 256) return ascii_[c * words_ + word];
    if (ext_keys_.empty()) return 0;
    std::size_t i = hash(c) & ext_mask_;
    while (true) {
      if (ext_keys_[i] == c) return ext_vals_[i * words_ + word];
      if (ext_keys_[i] == 0) return 0;
      i = (i + 1) & ext_mask_;
    }
  }

  // The words of c, contiguous; nullptr when c does not occur.
  const std::uint64_t* row(char32_t c) const {
    if (c < 256) return &ascii_[c * words_];
    if (ext_keys_.empty()) return nullptr;
    std::size_t i = hash(c) & ext_mask_;
    while (true) {
      if (ext_keys_[i] == c) return &ext_vals_[i * words_];
      if (ext_keys_[i] == 0) return nullptr;
      i = (i + 1) & ext_mask_;
    }
  }

 private:
  static std::size_t hash(char32_t c) { return (c * 0x9E3779B1u) >> 7; }

  std::size_t slot_for_insert(char32_t c) {
    std::size_t i = hash(c) & ext_mask_;
    while (ext_keys_[i] != 0 && ext_keys_[i] != c)
      i = (i + 1) & ext_mask_;
    ext_keys_[i] = c;
    return i;
  }

  std::size_t words_ = 0;
  std::vector<std::uint64_t> ascii_;     // 256 rows of words_ words
  std::vector<char32_t> ext_keys_;       // 0 marks an empty slot (0 < 256 is never a key)
  std::vector<std::uint64_t> ext_vals_;  // one row of words_ words per slot
  std::size_t ext_mask_ = 0;
};

// Single-word rows indexed by a byte (text known to be ASCII).
struct ByteRows {
  const std::uint64_t* rows;
  std::uint64_t get(unsigned char c) const { return rows[c]; }
};

// Single-word view of a BlockPatternMatch (strings of at most 64 code points).
struct WordPattern {
  const BlockPatternMatch* pm;
  std::uint64_t get(char32_t c) const { return pm->get(0, c); }
};

// Single-word table for an ASCII pattern, valid for the duration of one call: only the rows of
// the pattern's bytes are written, and they are cleared again before return, so the
// thread-local table stays all-zero between calls and never needs a 2 KiB memset.
class ScratchAsciiPattern {
 public:
  ScratchAsciiPattern(const unsigned char* s, std::size_t len) : s_(s), len_(len) {
    for (std::size_t i = 0; i < len; ++i)
      table()[s[i]] |= std::uint64_t{1} << i;
  }
  ~ScratchAsciiPattern() {
    for (std::size_t i = 0; i < len_; ++i)
      table()[s_[i]] = 0;
  }
  ScratchAsciiPattern(const ScratchAsciiPattern&) = delete;
  ScratchAsciiPattern& operator=(const ScratchAsciiPattern&) = delete;

  std::uint64_t get(unsigned char c) const { return table()[c]; }

 private:
  static std::uint64_t* table() {
    alignas(64) static thread_local std::uint64_t t[256] = {};
    return t;
  }
  const unsigned char* s_;
  std::size_t len_;
};

}  // namespace xjslink::kernels::detail
