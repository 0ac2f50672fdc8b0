// File: record_codec.cpp
// Fixed little-endian layout (ranks of one job share an architecture). Strings are length-
// prefixed with 32 bits: a standardised value is never near 4 GiB.
#include "xjslink/record_codec.hpp"

#include <cstring>

#include "byte_buffer.hpp"
#include "xjslink/error.hpp"

namespace xjslink {

void encode_record(const PreparedRecords& records, std::size_t row, std::vector<std::byte>& out) {
  put_value(out, records.global_index[row]);
  put_value(out, records.source[row]);
  for (const TupleFrequencies& t : records.tuples)
    put_value(out, t.tf[row]);
  for (const PreparedColumn& c : records.columns) {
    const bool null = c.values.is_null(row);
    put_value(out, static_cast<std::uint8_t>(null ? 1 : 0));
    if (c.has_tf) put_value(out, c.tf[row]);
    if (null) continue;
    put_value(out, c.hash[row]);
    switch (c.values.type()) {
      case ColumnType::kString: {
        const std::string_view v = c.values.string_at(row);
        put_value(out, static_cast<std::uint32_t>(v.size()));
        put_bytes(out, v.data(), v.size());
        break;
      }
      case ColumnType::kDate:
        put_value(out, c.values.date_at(row));
        break;
      case ColumnType::kNumber:
        put_value(out, c.values.number_at(row));
        break;
    }
    if (c.is_array()) {
      const auto tokens = c.row_tokens(row);
      put_value(out, static_cast<std::uint32_t>(tokens.size()));
      for (std::uint64_t t : tokens)
        put_value(out, t);
    }
  }
}

std::size_t decode_records(std::span<const std::byte> bytes, PreparedRecords& records) {
  ByteReader in(bytes);
  std::size_t rows = 0;
  while (!in.done()) {
    records.global_index.push_back(in.get<std::uint64_t>());
    records.source.push_back(in.get<std::uint16_t>());
    for (TupleFrequencies& t : records.tuples)
      t.tf.push_back(in.get<double>());
    for (PreparedColumn& c : records.columns) {
      const bool null = in.get<std::uint8_t>() != 0;
      if (c.has_tf) c.tf.push_back(in.get<double>());
      if (null) {
        append_null(c);
        continue;
      }
      c.hash.push_back(in.get<std::uint64_t>());
      switch (c.values.type()) {
        case ColumnType::kString: {
          const auto n = in.get<std::uint32_t>();
          c.values.append_string(in.text(n));
          break;
        }
        case ColumnType::kDate: {
          // append_date keeps the hash, date text and value in step; the hash is re-pushed.
          const auto days = in.get<std::int32_t>();
          c.hash.pop_back();
          append_date(c, days);
          break;
        }
        case ColumnType::kNumber:
          c.values.append_number(in.get<double>());
          break;
      }
      if (c.is_array()) {
        const auto n = in.get<std::uint32_t>();
        for (std::uint32_t t = 0; t < n; ++t)
          c.tokens.push_back(in.get<std::uint64_t>());
        c.token_offsets.push_back(c.tokens.size());
      }
    }
    ++rows;
  }
  return rows;
}

}  // namespace xjslink
