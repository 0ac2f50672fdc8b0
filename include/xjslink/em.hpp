// File: em.hpp
// Expectation–maximisation for the Fellegi–Sunter mixture, run on a histogram of gamma patterns
// rather than on pairs: each iteration costs O(distinct patterns × comparisons), whatever the
// number of pairs (Winkler 1988; Splink's expectation_maximisation.py counts patterns the same
// way).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "xjslink/comparison.hpp"
#include "xjslink/pattern_counts.hpp"

namespace xjslink {

struct EmParameters {
  double lambda = 0.5;
  // m[c][level], u[c][level]; null levels are ignored.
  std::vector<std::vector<double>> m;
  std::vector<std::vector<double>> u;
};

struct EmOptions {
  std::uint32_t max_iterations = 25;
  double tolerance = 1e-4;  // stop when no estimated parameter moves more than this
  bool estimate_m = true;
  bool estimate_u = false;  // u fixed (from random sampling) unless set
  bool estimate_lambda = true;
  // Pseudo-count added to every non-null level in the M step (a symmetric Dirichlet prior), so
  // a level that no expected match (or non-match) shows gets a small probability, not zero,
  // and a large negative weight rather than an absurd one.
  double prior_count = 0.5;
};

struct EmIteration {
  double max_change;
  std::string largest_change;  // which parameter moved most, e.g. "m of surname level 2"
  double lambda;
};

struct EmResult {
  EmParameters parameters;
  std::uint32_t iterations = 0;
  bool converged = false;
  std::vector<EmIteration> history;
};

// active[c]: whether comparison c takes part (comparisons on a session's blocking columns do
// not: the block forces them to agree). null_levels[c]: null level of c or -1.
// comparison_names are used only in the history messages.
EmResult run_em(std::span<const PatternCount> patterns, const PatternCodec& codec,
                std::span<const int> null_levels, const std::vector<bool>& active,
                std::span<const std::string> comparison_names, EmParameters start,
                const EmOptions& options);

}  // namespace xjslink
