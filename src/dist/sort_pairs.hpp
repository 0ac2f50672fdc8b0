// File: dist/sort_pairs.hpp
// Puts scored pairs in (left, right) order: each pair moves to the rank that holds its left
// record and is sorted there. Every rank's output is then sorted, and the pairs of a record are
// on the rank that holds it, whatever the number of ranks.
#pragma once

#include "dist/comm.hpp"
#include "dist/index_layout.hpp"
#include "xjslink/score.hpp"

namespace xjslink::dist {

// Collective.
Predictions sort_pairs_by_left(const Comm& comm, Predictions&& local, const IndexLayout& layout);

}  // namespace xjslink::dist
