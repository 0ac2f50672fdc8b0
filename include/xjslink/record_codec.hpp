// File: record_codec.hpp
// Byte encoding of prepared records, so that ranks can exchange the compare payload. A row
// encodes its global index, source, and for every column a null flag, the typed value, the
// value hash, array tokens and term frequency; decoding appends rows to a PreparedRecords with
// the same column layout.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "xjslink/prepared_records.hpp"

namespace xjslink {

void encode_record(const PreparedRecords& records, std::size_t row, std::vector<std::byte>& out);
// Decodes every row in `bytes` and appends them to `records`; returns the number decoded.
std::size_t decode_records(std::span<const std::byte> bytes, PreparedRecords& records);

}  // namespace xjslink
