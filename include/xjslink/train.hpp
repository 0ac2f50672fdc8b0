// File: train.hpp
// Unsupervised training of the Fellegi–Sunter model, as Splink does it:
//  1. u from pairs drawn uniformly at random (nearly all are non-matches);
//  2. λ from deterministic rules and their assumed recall, or given, or estimated by EM on the
//     prediction pairs with m and u fixed;
//  3. m by EM on the pattern histogram of each training blocking rule's pairs, with the
//     comparisons that the rule's columns force to agree left out of that session; sessions are
//     averaged per level.
// Every step is collective over the ranks of `comm`, and its result does not depend on them.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "xjslink/execution.hpp"
#include "xjslink/model.hpp"
#include "xjslink/prepared_records.hpp"
#include "xjslink/settings.hpp"

namespace xjslink {

namespace dist {
class Comm;
}

// Global facts about the records that training needs.
struct RecordCounts {
  std::vector<std::uint64_t> per_source;  // global count per source dataset
  std::uint64_t total() const;
};

Model train_model(const dist::Comm& comm, const PreparedRecords& local, const Settings& settings,
                  const RecordCounts& counts, const ExecutionOptions& execution = {});

}  // namespace xjslink
