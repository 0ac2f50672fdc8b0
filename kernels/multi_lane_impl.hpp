// File: kernels/multi_lane_impl.hpp
// One-against-many in SIMD lanes (the "many" side packed, as rapidfuzz's MultiJaroWinkler packs
// patterns): up to kGroupLanes right strings of 1..16 ASCII bytes become the patterns of 16-bit
// lanes; the cached left string is the text, read once per group. Only rows for characters of
// the left string exist, so a group's table is a few cache lines. The SIMD
// code (kernels/simd/multi_lane_kernels.cpp, one copy per Highway target) returns integer counts
// per lane; scores are formed by the same scalar functions as everywhere else.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#include "kernels/short_ascii_impl.hpp"

namespace xjslink::kernels::detail {

inline constexpr std::size_t kGroupLanes = 32;     // 16-bit lanes of a 512-bit vector
inline constexpr std::size_t kLaneMaxLength = 16;  // pattern bits per lane
inline constexpr std::size_t kTextMaxLength = 64;  // left strings longer than this go scalar
// Up to this many distinct text characters, a right string is packed by comparing it with each
// of them in one vector compare (a row per compare, no read-modify-write); beyond, byte by byte.
inline constexpr std::size_t kCompareRowsMax = 24;

// The left string as text for the lane kernels: a row index per text position, and for each
// byte value the row that receives its pattern bits. Bytes absent from the text (and every
// non-ASCII byte) go to scratch rows that no text position reads, so packing is branch-free;
// there is one scratch row per pattern position, so that writes of absent bytes do not queue
// behind each other on one memory location.
class LaneText {
 public:
  LaneText() = default;
  // Returns false (and stays unusable) when the text is longer than kTextMaxLength.
  bool build(const char32_t* s, std::size_t len);
  bool usable() const { return usable_; }
  std::size_t size() const { return text_rows_.size(); }
  std::size_t rows() const { return rows_; }  // rows that are read (including the zero row)
  std::uint8_t scratch_row() const { return static_cast<std::uint8_t>(rows_); }
  const std::uint8_t* text_rows() const { return text_rows_.data(); }
  std::uint8_t row_of(unsigned char c) const { return row_of_[c]; }
  // Rows 0 .. char_rows()-1 belong to the text's distinct ASCII characters, in order.
  std::size_t char_rows() const { return rows_ - 1; }
  unsigned char row_char(std::size_t row) const { return row_char_[row]; }
  bool compare_packing() const { return compare_packing_; }

 private:
  bool usable_ = false;
  bool compare_packing_ = false;
  std::size_t rows_ = 0;
  std::array<std::uint8_t, 256> row_of_{};
  std::array<unsigned char, kTextMaxLength> row_char_{};
  std::vector<std::uint8_t> text_rows_;
};

// A group of up to kGroupLanes right strings packed for the lane kernels.
struct LaneGroup {
  alignas(64) std::uint16_t pattern[kTextMaxLength + 1 + kLaneMaxLength][kGroupLanes];
  alignas(64) std::uint16_t lengths[kGroupLanes];
  std::size_t index[kGroupLanes];  // position of each lane's string in the caller's input
  std::size_t count = 0;

  // Before the first group: rows that are read, and lengths, start at zero. Later groups only
  // reset count when packing by compares (each string writes its lane of every read row;
  // lanes past count hold stale strings whose results are never read).
  void start(const LaneText& text) {
    std::memset(pattern, 0, sizeof(pattern[0]) * text.rows());
    std::memset(lengths, 0, sizeof(lengths));
    count = 0;
  }
  void clear(const LaneText& text) {
    if (text.compare_packing()) {
      count = 0;
    } else {
      start(text);
    }
  }
  // Packs s (1..kLaneMaxLength bytes) into the next lane. Returns false, leaving the group as it
  // was, when s is not ASCII.
  bool add(const LaneText& text, std::string_view s, std::size_t input_index) {
#if defined(XJS_KERNELS_SHORT_ASCII)
    if (text.compare_packing()) return add_by_compare(text, s, input_index);
#endif
    const std::size_t lane = count;
    const unsigned scratch = text.scratch_row();
    unsigned seen = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
      const auto c = static_cast<unsigned char>(s[i]);
      seen |= c;
      const unsigned row = text.row_of(c);
      pattern[row + (row == scratch ? i : 0)][lane] |= static_cast<std::uint16_t>(1u << i);
    }
    if (seen >= 0x80) {
      for (std::size_t i = 0; i < s.size(); ++i) {
        const unsigned row = text.row_of(static_cast<unsigned char>(s[i]));
        if (row != scratch) pattern[row][lane] = 0;
      }
      return false;
    }
    lengths[lane] = static_cast<std::uint16_t>(s.size());
    index[lane] = input_index;
    ++count;
    return true;
  }

#if defined(XJS_KERNELS_SHORT_ASCII)
  bool add_by_compare(const LaneText& text, std::string_view s, std::size_t input_index) {
    const __m128i v = load_padded16(s.data(), s.size());
    if (_mm_movemask_epi8(v) != 0) return false;  // a byte >= 0x80: not ASCII
    const auto keep = static_cast<std::uint16_t>((1u << s.size()) - 1);
    const std::size_t lane = count;
    for (std::size_t r = 0; r < text.char_rows(); ++r) {
      const __m128i c = _mm_set1_epi8(static_cast<char>(text.row_char(r)));
      pattern[r][lane] = static_cast<std::uint16_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, c))) & keep;
    }
    lengths[lane] = static_cast<std::uint16_t>(s.size());
    index[lane] = input_index;
    ++count;
    return true;
  }
#endif

  bool full() const {
    return count == kGroupLanes;
  }
};

// True when the lane kernels run on a SIMD target (false when "scalar" is active).
bool lanes_enabled();

// Levenshtein distance of each lane's pattern to the text. out[kGroupLanes].
void levenshtein_lanes(const LaneGroup& group, const LaneText& text, std::uint16_t* out);

// Optimal string alignment distance of each lane's pattern to the text.
void osa_lanes(const LaneGroup& group, const LaneText& text, std::uint16_t* out);

// Jaro counts of each lane's pattern against the text: matches, half-transpositions (the
// number of matched positions whose characters differ) and the common prefix (at most 4).
// Out arrays of kGroupLanes.
void jaro_lanes(const LaneGroup& group, const LaneText& text, std::uint16_t* matches,
                std::uint16_t* half_transpositions, std::uint16_t* prefix);

}  // namespace xjslink::kernels::detail
