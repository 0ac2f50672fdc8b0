// File: model.cpp
// Model parameters, weights and the model.json format.
#include "xjslink/model.hpp"

#include <cmath>
#include <fstream>
#include <sstream>

#include "xjslink/error.hpp"
#include "xjslink/io/json_document.hpp"

namespace xjslink {
namespace {

using json = nlohmann::json;

// Default starting m: the non-else levels share 0.95 in halving steps, the else level 0.05.
// EM moves away from it quickly; it only has to rank the levels the right way round.
std::vector<double> default_m(const ComparisonSpec& spec) {
  std::vector<double> m(spec.levels.size(), 0.0);
  std::vector<std::size_t> graded;
  for (std::size_t j = 0; j < spec.levels.size(); ++j) {
    if (spec.levels[j].type != LevelType::kNull && spec.levels[j].type != LevelType::kElse) {
      graded.push_back(j);
    }
  }
  double sum = 0, w = 1;
  for (std::size_t k = 0; k < graded.size(); ++k, w *= 0.5)
    sum += w;
  w = 1;
  for (std::size_t j : graded) {
    m[j] = 0.95 * w / sum;
    w *= 0.5;
  }
  m.back() = graded.empty() ? 1.0 : 0.05;
  return m;
}

double checked_probability(const json& j, const std::string& path, const std::string& source) {
  if (!j.is_number()) {
    throw Error(ErrorCode::kInvalidInput, "expected a number", source, 0, path);
  }
  const double v = j.get<double>();
  if (!(v >= 0.0 && v <= 1.0)) {
    throw Error(ErrorCode::kInvalidInput, "must be a probability in [0, 1]", source, 0, path);
  }
  return v;
}

}  // namespace

int ComparisonParameters::null_level() const {
  for (std::size_t j = 0; j < levels.size(); ++j) {
    if (levels[j].is_null()) return static_cast<int>(j);
  }
  return -1;
}

double probability_from_log2_odds(double weight) {
  // 1 / (1 + 2^-w), written to stay finite for large |w|.
  if (weight >= 0) return 1.0 / (1.0 + std::exp2(-weight));
  const double odds = std::exp2(weight);
  return odds / (1.0 + odds);
}

Model Model::initial(const Settings& s) {
  Model model;
  model.lambda = s.training.lambda.value_or(1e-4);
  model.settings = json::parse(s.canonical_json);
  for (const auto& spec : s.comparisons) {
    ComparisonParameters c;
    c.name = spec.name;
    c.column = spec.column;
    c.columns = spec.columns;
    c.tf_minimum_u_value = spec.tf_minimum_u_value;
    const std::vector<double> m0 = default_m(spec);
    std::size_t non_null = 0;
    for (const auto& l : spec.levels)
      non_null += l.type != LevelType::kNull ? 1 : 0;
    for (std::size_t j = 0; j < spec.levels.size(); ++j) {
      const LevelSpec& l = spec.levels[j];
      LevelParameters p;
      p.label = l.label;
      p.type = l.type;
      p.tf_adjust = l.tf_adjust;
      p.tf_adjustment_weight = l.tf_adjustment_weight;
      if (!p.is_null()) {
        p.m = l.m.value_or(m0[j]);
        p.u = l.u.value_or(1.0 / static_cast<double>(non_null));
      }
      c.levels.push_back(p);
    }
    model.comparisons.push_back(std::move(c));
  }
  return model;
}

double Model::prior_log2_odds() const {
  return std::log2(lambda / (1.0 - lambda));
}

double Model::log2_bayes_factor(std::size_t comparison, std::size_t level) const {
  const LevelParameters& p = comparisons[comparison].levels[level];
  if (p.is_null()) return 0.0;
  return std::log2(std::max(p.m, kMinProbability)) - std::log2(std::max(p.u, kMinProbability));
}

double Model::log2_tf_adjustment(std::size_t comparison, std::size_t level, double tf) const {
  const ComparisonParameters& c = comparisons[comparison];
  const LevelParameters& p = c.levels[level];
  if (!p.tf_adjust || tf <= 0.0) return 0.0;
  const double tf_used = std::max(tf, c.tf_minimum_u_value);
  // The exact level's u is replaced by the value's own frequency: BF = m / tf.
  return p.tf_adjustment_weight * (std::log2(std::max(p.u, kMinProbability)) -
                                   std::log2(std::max(tf_used, kMinProbability)));
}

std::string Model::to_json_text() const {
  json doc;
  doc["format"] = "xjslink-model";
  doc["format_version"] = 1;
  doc["lambda"] = lambda;
  doc["prior_match_weight"] = prior_log2_odds();
  json comps = json::array();
  for (std::size_t c = 0; c < comparisons.size(); ++c) {
    const auto& cp = comparisons[c];
    json jc;
    jc["name"] = cp.name;
    jc["column"] = cp.column;
    if (cp.columns.size() > 1) jc["columns"] = cp.columns;
    jc["m_trained"] = cp.m_trained;
    if (cp.tf_minimum_u_value > 0) jc["tf_minimum_u_value"] = cp.tf_minimum_u_value;
    json levels = json::array();
    for (std::size_t j = 0; j < cp.levels.size(); ++j) {
      const auto& lp = cp.levels[j];
      json jl;
      jl["label"] = lp.label;
      jl["type"] = level_type_name(lp.type);
      if (!lp.is_null()) {
        jl["m"] = lp.m;
        jl["u"] = lp.u;
        jl["match_weight"] = log2_bayes_factor(c, j);
      }
      if (lp.tf_adjust) {
        jl["tf_adjust"] = true;
        jl["tf_adjustment_weight"] = lp.tf_adjustment_weight;
      }
      levels.push_back(jl);
    }
    jc["levels"] = levels;
    comps.push_back(jc);
  }
  doc["comparisons"] = comps;
  doc["training"] = training.is_null() ? json::object() : training;
  doc["settings"] = settings;
  return doc.dump(2) + "\n";
}

Model Model::from_json_text(const std::string& text, const std::string& source) {
  const json doc = parse_json_document(text, source, ErrorCode::kInvalidInput,
                                       "model is not valid JSON", /*comments=*/false);
  if (!doc.is_object() || doc.value("format", "") != "xjslink-model") {
    throw Error(ErrorCode::kInvalidInput, "not an xjslink model file", source, 0, "format");
  }
  Model model;
  if (!doc.contains("settings") || !doc.at("settings").is_object()) {
    throw Error(ErrorCode::kInvalidInput, "model has no settings", source, 0, "settings");
  }
  model.settings = doc.at("settings");
  const Settings s = model.embedded_settings(source);
  if (!doc.contains("lambda")) {
    throw Error(ErrorCode::kInvalidInput, "missing", source, 0, "lambda");
  }
  model.lambda = checked_probability(doc.at("lambda"), "lambda", source);
  if (!(model.lambda > 0.0 && model.lambda < 1.0)) {
    throw Error(ErrorCode::kInvalidInput, "must be strictly between 0 and 1", source, 0, "lambda");
  }
  const json& comps = doc.value("comparisons", json::array());
  if (comps.size() != s.comparisons.size()) {
    throw Error(ErrorCode::kInvalidInput,
                "number of comparisons does not match the embedded settings", source, 0,
                "comparisons");
  }
  Model shape = Model::initial(s);
  for (std::size_t c = 0; c < comps.size(); ++c) {
    const std::string path = "comparisons[" + std::to_string(c) + "]";
    auto& cp = shape.comparisons[c];
    const json& jc = comps[c];
    if (jc.value("name", "") != cp.name) {
      throw Error(ErrorCode::kInvalidInput, "comparison name does not match the settings", source,
                  0, path + ".name");
    }
    cp.m_trained = jc.value("m_trained", false);
    const json& levels = jc.value("levels", json::array());
    if (levels.size() != cp.levels.size()) {
      throw Error(ErrorCode::kInvalidInput, "number of levels does not match the settings", source,
                  0, path + ".levels");
    }
    for (std::size_t j = 0; j < levels.size(); ++j) {
      auto& lp = cp.levels[j];
      if (lp.is_null()) continue;
      const std::string lpath = path + ".levels[" + std::to_string(j) + "]";
      if (!levels[j].contains("m") || !levels[j].contains("u")) {
        throw Error(ErrorCode::kInvalidInput, "level needs m and u", source, 0, lpath);
      }
      lp.m = checked_probability(levels[j].at("m"), lpath + ".m", source);
      lp.u = checked_probability(levels[j].at("u"), lpath + ".u", source);
    }
  }
  model.comparisons = std::move(shape.comparisons);
  model.training = doc.value("training", json::object());
  return model;
}

Model Model::load(const std::string& path) {
  return from_json_text(read_json_file(path, "model file", ErrorCode::kInvalidInput), path);
}

Settings Model::embedded_settings(const std::string& source) const {
  return parse_settings(settings.dump(), source + " (embedded settings)");
}

}  // namespace xjslink
