// File: em.cpp
// EM iterations on pattern counts. Posterior match probabilities are computed in log-odds form
// so that many comparisons with small m and u cannot underflow.
#include "xjslink/em.hpp"

#include <algorithm>
#include <cmath>

#include "xjslink/model.hpp"

namespace xjslink {

EmResult run_em(std::span<const PatternCount> patterns, const PatternCodec& codec,
                std::span<const int> null_levels, const std::vector<bool>& active,
                std::span<const std::string> comparison_names, EmParameters start,
                const EmOptions& options) {
  const std::size_t num_c = codec.num_comparisons();
  EmResult result;
  result.parameters = std::move(start);
  EmParameters& p = result.parameters;
  std::vector<std::uint8_t> gammas(num_c);

  // Expected counts of each level among matches and non-matches.
  std::vector<std::vector<double>> m_num(num_c), u_num(num_c);
  for (std::size_t c = 0; c < num_c; ++c) {
    m_num[c].assign(codec.num_levels(c), 0.0);
    u_num[c].assign(codec.num_levels(c), 0.0);
  }

  for (std::uint32_t it = 0; it < options.max_iterations; ++it) {
    for (std::size_t c = 0; c < num_c; ++c) {
      std::fill(m_num[c].begin(), m_num[c].end(), 0.0);
      std::fill(u_num[c].begin(), u_num[c].end(), 0.0);
    }
    double match_mass = 0, total_mass = 0;
    const double prior = std::log(p.lambda) - std::log1p(-p.lambda);
    for (const PatternCount& pc : patterns) {
      codec.unpack(pc.pattern_id, gammas);
      double log_odds = prior;
      for (std::size_t c = 0; c < num_c; ++c) {
        if (!active[c] || static_cast<int>(gammas[c]) == null_levels[c]) continue;
        log_odds += std::log(std::max(p.m[c][gammas[c]], kMinProbability)) -
                    std::log(std::max(p.u[c][gammas[c]], kMinProbability));
      }
      const double posterior = 1.0 / (1.0 + std::exp(-log_odds));
      const double n = static_cast<double>(pc.count);
      const double matches = n * posterior;
      const double non_matches = n - matches;
      match_mass += matches;
      total_mass += n;
      for (std::size_t c = 0; c < num_c; ++c) {
        if (!active[c] || static_cast<int>(gammas[c]) == null_levels[c]) continue;
        m_num[c][gammas[c]] += matches;
        u_num[c][gammas[c]] += non_matches;
      }
    }
    if (total_mass == 0) break;

    EmIteration step{0.0, "", p.lambda};
    auto update = [&step](double& target, double value, const std::string& what) {
      const double change = std::fabs(value - target);
      if (change > step.max_change) {
        step.max_change = change;
        step.largest_change = what;
      }
      target = value;
    };
    if (options.estimate_lambda) update(p.lambda, match_mass / total_mass, "lambda");
    // Keep λ inside (0, 1) so the prior log-odds stay finite.
    p.lambda = std::clamp(p.lambda, 1e-15, 1.0 - 1e-15);
    for (std::size_t c = 0; c < num_c; ++c) {
      if (!active[c]) continue;
      double m_sum = 0, u_sum = 0, graded = 0;
      for (std::size_t l = 0; l < m_num[c].size(); ++l) {
        if (static_cast<int>(l) == null_levels[c]) continue;
        m_sum += m_num[c][l];
        u_sum += u_num[c][l];
        graded += 1;
      }
      const double a = options.prior_count;
      for (std::size_t l = 0; l < m_num[c].size(); ++l) {
        if (static_cast<int>(l) == null_levels[c]) continue;
        const std::string level = " of " + comparison_names[c] + " level " + std::to_string(l);
        if (options.estimate_m && m_sum > 0) {
          update(p.m[c][l], (m_num[c][l] + a) / (m_sum + a * graded), "m" + level);
        }
        if (options.estimate_u && u_sum > 0) {
          update(p.u[c][l], (u_num[c][l] + a) / (u_sum + a * graded), "u" + level);
        }
      }
    }
    step.lambda = p.lambda;
    result.history.push_back(step);
    result.iterations = it + 1;
    if (step.max_change < options.tolerance) {
      result.converged = true;
      break;
    }
  }
  return result;
}

}  // namespace xjslink
