// File: train.hpp
// Unsupervised training of the Fellegi–Sunter model, as Splink does it:
//  1. u from pairs drawn uniformly at random (nearly all are non-matches);
//  2. λ from deterministic rules and their assumed recall, or given, or estimated by EM on the
//     prediction pairs with m and u fixed;
//  3. m by EM on the pattern histogram of each training blocking rule's pairs, with the
//     comparisons that the rule's columns force to agree left out of that session; sessions are
//     averaged per level.
// Every step is collective over the ranks of `comm`, and its result does not depend on them.
// Problems that leave the model usable but doubtful are listed in model.training["warnings"]
// (the pipeline copies them into run.json and prints them on standard error).
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

// λ from deterministic rules rests on the pairs they find: with fewer than this many, one pair
// more or less moves λ by 1% or more and the pairs may not be typical matches, so training
// warns. A count of 0 sets λ to its floor; λ estimated by EM on the prediction pairs rests on no
// deterministic pair at all: both warn too. A λ given in the settings is the user's choice.
inline constexpr std::uint64_t kMinLambdaRulePairs = 100;

// Global facts about the records that training needs.
struct RecordCounts {
  std::vector<std::uint64_t> per_source;  // global count per source dataset
  std::uint64_t total() const;
};

Model train_model(const dist::Comm& comm, const PreparedRecords& local, const Settings& settings,
                  const RecordCounts& counts, const ExecutionOptions& execution = {});

}  // namespace xjslink
