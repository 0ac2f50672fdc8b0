// File: prepare.hpp
// From raw input text to the compare payload: each settings column is standardised (strings),
// parsed (dates, numbers) or split (arrays) per its ColumnSpec and appended to PreparedRecords.
// A value that does not parse as its column's type becomes null and is counted, not fatal.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "xjslink/prepared_records.hpp"
#include "xjslink/settings.hpp"
#include "xjslink/table.hpp"

namespace xjslink {

class ProgressReporter;

// Longest text the string kernels compare, in code points. Their cost grows with the product
// of the lengths (30 names of 200 KB in one block took minutes); no name, address or id comes
// near this, so results below the cap are unchanged. A longer value is compared by its first
// kMaxComparedCodePoints code points (its exact-match hash is still of the whole value).
inline constexpr std::size_t kMaxComparedCodePoints = 256;

// Appends every row of `raw` (string columns named like the settings columns) to `records`,
// with the given global indices and sources. unparsed[c] counts values of settings column c
// that were not null but could not be parsed; truncated[c] the string values longer than
// kMaxComparedCodePoints. progress, if given, gains the rows of each column as it is prepared
// (units: values).
void prepare_records(const Table& raw, const Settings& settings,
                     std::span<const std::uint64_t> global_index,
                     std::span<const std::uint16_t> source, PreparedRecords& records,
                     std::vector<std::uint64_t>& unparsed, std::vector<std::uint64_t>& truncated,
                     ProgressReporter* progress = nullptr);

}  // namespace xjslink
