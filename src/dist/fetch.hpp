// File: dist/fetch.hpp
// Fetching prepared records from the ranks that hold them, by reference (see IndexLayout). Used
// by u sampling, which draws pairs of records anywhere in the global order.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "dist/comm.hpp"
#include "dist/index_layout.hpp"
#include "xjslink/prepared_records.hpp"

namespace xjslink::dist {

// The fetched rows, grouped by owner; request i is row row_of_request[i] of `rows`.
struct FetchedRows {
  PreparedRecords rows;
  std::vector<std::uint32_t> row_of_request;
};

// Collective: every rank passes its own requests.
FetchedRows fetch_rows(const Comm& comm, const PreparedRecords& local, const IndexLayout& layout,
                       std::span<const RowRef> requests);

}  // namespace xjslink::dist
