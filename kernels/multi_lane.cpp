// File: kernels/multi_lane.cpp
// The text side of the lane kernels: one row per distinct ASCII character of the left string,
// an all-zero row for its code points that no ASCII pattern can match, then scratch rows.
#include "kernels/multi_lane_impl.hpp"

namespace xjslink::kernels::detail {

bool LaneText::build(const char32_t* s, std::size_t len) {
  usable_ = false;
  text_rows_.clear();
  if (len > kTextMaxLength) return false;
  constexpr std::uint8_t kUnset = 0xFF;
  row_of_.fill(kUnset);
  rows_ = 0;
  for (std::size_t i = 0; i < len; ++i) {
    if (s[i] < 128 && row_of_[s[i]] == kUnset) {
      row_char_[rows_] = static_cast<unsigned char>(s[i]);
      row_of_[s[i]] = static_cast<std::uint8_t>(rows_++);
    }
  }
  const auto zero_row = static_cast<std::uint8_t>(rows_++);  // read for non-ASCII text
  // Rows from rows_ on are scratch rows: written, never read, never cleared.
  for (auto& row : row_of_) {
    if (row == kUnset) row = static_cast<std::uint8_t>(rows_);
  }
  for (std::size_t i = 0; i < len; ++i) {
    text_rows_.push_back(s[i] < 128 ? row_of_[s[i]] : zero_row);
  }
#if defined(XJS_KERNELS_SHORT_ASCII)
  compare_packing_ = char_rows() <= kCompareRowsMax;
#endif
  usable_ = true;
  return true;
}

}  // namespace xjslink::kernels::detail
