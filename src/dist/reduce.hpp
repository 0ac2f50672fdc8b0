// File: dist/reduce.hpp
// Reductions of training statistics across ranks. Counts are integers, so sums are exact and
// every rank ends with the same histogram whatever the rank count.
#pragma once

#include <vector>

#include "dist/comm.hpp"
#include "xjslink/pattern_counts.hpp"

namespace xjslink::dist {

// Collective: the global histogram, sorted by pattern id, on every rank.
std::vector<PatternCount> allreduce_pattern_counts(const Comm& comm, const PatternCounts& local);

}  // namespace xjslink::dist
