// File: dist/output_order.cpp
#include "dist/output_order.hpp"

#include <algorithm>
#include <cstring>
#include <numeric>

#include "byte_buffer.hpp"
#include "xjslink/error.hpp"

namespace xjslink::dist {
namespace {

void encode_row(const Table& t, std::size_t row, std::uint64_t key, std::uint64_t tie,
                std::vector<std::byte>& out) {
  put_value(out, key);
  put_value(out, tie);
  for (const Column& c : t.columns()) {
    const bool null = c.is_null(row);
    put_value(out, static_cast<std::uint8_t>(null));
    if (null) continue;
    switch (c.type()) {
      case ColumnType::kString: {
        const std::string_view v = c.string_at(row);
        put_value(out, static_cast<std::uint32_t>(v.size()));
        put_bytes(out, v.data(), v.size());
        break;
      }
      case ColumnType::kDate:
        put_value(out, c.date_at(row));
        break;
      case ColumnType::kNumber:
        put_value(out, c.number_at(row));
        break;
    }
  }
}

}  // namespace

int OutputBlocks::owner(std::uint64_t g) const {
  // The largest r with floor(N·r/P) <= g is ceil(P·(g+1)/N) - 1 (in 128 bits: no overflow).
  if (total_ == 0) return 0;
  const auto r = static_cast<std::uint64_t>(
                     ((static_cast<unsigned __int128>(g) + 1) * nranks_ + total_ - 1) / total_) -
                 1;
  return static_cast<int>(std::min(r, nranks_ - 1));
}

Table gather_rows_in_order(const Comm& comm, const Table& rows, std::span<const std::uint64_t> key,
                           std::span<const std::uint64_t> tie, std::uint64_t total_records) {
  const std::size_t n = rows.num_rows();
  XJS_CHECK(key.size() == n && (tie.empty() || tie.size() == n), "row keys do not match rows");
  Table out;
  for (const Column& c : rows.columns())
    out.add_column(c.name(), c.type());
  std::vector<std::size_t> order;
  std::vector<std::uint64_t> keys, ties;
  Table received_table;
  const Table* source = &rows;
  if (comm.size() > 1) {
    const OutputBlocks blocks(total_records, comm.size());
    std::vector<std::vector<std::byte>> send(static_cast<std::size_t>(comm.size()));
    for (std::size_t row = 0; row < n; ++row) {
      encode_row(rows, row, key[row], tie.empty() ? 0 : tie[row],
                 send[static_cast<std::size_t>(blocks.owner(key[row]))]);
    }
    const Comm::Received got = comm.alltoallv_bytes(send);
    for (const Column& c : rows.columns())
      received_table.add_column(c.name(), c.type());
    ByteReader in(got.bytes);
    while (!in.done()) {
      keys.push_back(in.get<std::uint64_t>());
      ties.push_back(in.get<std::uint64_t>());
      for (std::size_t c = 0; c < received_table.num_columns(); ++c) {
        Column& col = received_table.column(c);
        if (in.get<std::uint8_t>() != 0) {
          col.append_null();
          continue;
        }
        switch (col.type()) {
          case ColumnType::kString:
            col.append_string(in.text(in.get<std::uint32_t>()));
            break;
          case ColumnType::kDate:
            col.append_date(in.get<std::int32_t>());
            break;
          case ColumnType::kNumber:
            col.append_number(in.get<double>());
            break;
        }
      }
    }
    source = &received_table;
  } else {
    keys.assign(key.begin(), key.end());
    ties = tie.empty() ? std::vector<std::uint64_t>(n, 0)
                       : std::vector<std::uint64_t>(tie.begin(), tie.end());
  }
  order.resize(keys.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return keys[a] != keys[b] ? keys[a] < keys[b] : ties[a] < ties[b];
  });
  for (std::size_t c = 0; c < out.num_columns(); ++c) {
    Column& col = out.column(c);
    const Column& from = source->column(c);
    col.reserve(order.size());
    for (std::size_t i : order)
      col.append_from(from, i);
  }
  return out;
}

}  // namespace xjslink::dist
