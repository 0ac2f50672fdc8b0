// File: model.hpp
// The Fellegi–Sunter model: λ (the probability that two random records match) and, for every
// comparison level, m = P(level | match) and u = P(level | non-match). A level's Bayes factor is
// m/u; a pair's match weight is log2(λ/(1−λ)) + Σ log2 BF. Null levels carry no evidence
// (BF = 1). The model serialises to model.json together with the settings it was trained for,
// so `predict` needs nothing else.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "xjslink/settings.hpp"

namespace xjslink {

struct LevelParameters {
  std::string label;
  LevelType type = LevelType::kElse;
  double m = 0;
  double u = 0;
  bool tf_adjust = false;
  double tf_adjustment_weight = 1.0;
  bool is_null() const { return type == LevelType::kNull; }
};

struct ComparisonParameters {
  std::string name;
  std::string column;                // the first column
  std::vector<std::string> columns;  // every column compared (several: a multi-column comparison)
  std::vector<LevelParameters> levels;
  double tf_minimum_u_value = 0;
  bool m_trained = false;  // estimated by at least one EM session
  int null_level() const;
};

// Probabilities are floored here before logs, so a level never seen in training gives a large
// finite weight rather than an infinite one.
inline constexpr double kMinProbability = 1e-12;

class Model {
 public:
  double lambda = 1e-4;
  std::vector<ComparisonParameters> comparisons;
  nlohmann::json training;  // how each parameter was estimated (report + diagnostics)
  nlohmann::json settings;  // the settings document this model belongs to

  // Starting model: m from the settings (or a default decreasing profile), u from the settings
  // (or uniform), λ from the settings (or 1e-4).
  static Model initial(const Settings& s);

  double prior_log2_odds() const;
  double log2_bayes_factor(std::size_t comparison, std::size_t level) const;
  // log2 of the term-frequency adjustment for an exact match on a value with frequency tf.
  double log2_tf_adjustment(std::size_t comparison, std::size_t level, double tf) const;

  std::string to_json_text() const;
  // Throws Error(kInvalidInput) naming `source` and the JSON path of a problem.
  static Model from_json_text(const std::string& text, const std::string& source);
  static Model load(const std::string& path);
  // Settings embedded in the model.
  Settings embedded_settings(const std::string& source) const;
};

double probability_from_log2_odds(double weight);

}  // namespace xjslink
