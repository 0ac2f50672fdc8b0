// File: synth/config.cpp
// Config parsing: the shipped default JSON is the schema. A user file may only use keys the
// defaults have (except error names under "groups"), with the same JSON types; it is merged over
// the defaults (objects key by key, arrays replaced whole) and then every value is range-checked.
// All problems are collected and reported together, each with its JSON path.
#include "xjslink/synth/config.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <utility>

#include "kernels/civil_date.hpp"
#include "synth/embedded_data.hpp"
#include "xjslink/error.hpp"
#include "xjslink/io/json_document.hpp"

namespace xjslink::synth {
namespace {

using Json = nlohmann::json;

struct Problem {
  std::string path;
  std::string message;
};

std::string join_path(const std::string& parent, const std::string& key) {
  return parent.empty() ? key : parent + "." + key;
}

const char* json_kind(const Json& value) {
  if (value.is_object()) return "an object";
  if (value.is_array()) return "an array";
  if (value.is_string()) return "a string";
  if (value.is_boolean()) return "a boolean";
  if (value.is_number()) return "a number";
  return "null";
}

// Checks the user's keys and JSON types against the defaults.
void check_structure(const Json& user, const Json& defaults, const std::string& path,
                     std::vector<Problem>& problems) {
  if (!user.is_object()) {
    problems.push_back({path, std::string("expected an object, found ") + json_kind(user)});
    return;
  }
  for (const auto& [key, value] : user.items()) {
    const std::string child = join_path(path, key);
    if (path == "groups") {
      if (!name_group_from_name(key)) {
        problems.push_back({child, "unknown name-origin group"});
        continue;
      }
      if (!value.is_object()) {
        problems.push_back({child, std::string("expected an object, found ") + json_kind(value)});
        continue;
      }
      for (const auto& [error, multiplier] : value.items()) {
        if (!error_from_name(error)) {
          problems.push_back({join_path(child, error), "unknown error type"});
        } else if (!multiplier.is_number()) {
          problems.push_back({join_path(child, error),
                              std::string("expected a number, found ") + json_kind(multiplier)});
        }
      }
      continue;
    }
    if (!defaults.contains(key)) {
      problems.push_back({child, "unknown key"});
      continue;
    }
    const Json& reference = defaults.at(key);
    if (reference.is_object()) {
      check_structure(value, reference, child, problems);
    } else if (reference.is_number() && !value.is_number()) {
      problems.push_back({child, std::string("expected a number, found ") + json_kind(value)});
    } else if (reference.is_string() && !value.is_string()) {
      problems.push_back({child, std::string("expected a string, found ") + json_kind(value)});
    } else if (reference.is_array() && !value.is_array()) {
      problems.push_back({child, std::string("expected an array, found ") + json_kind(value)});
    }
  }
}

// Typed, range-checked reads from the merged JSON; every failure becomes a Problem.
class Reader {
 public:
  Reader(const Json& root, std::vector<Problem>& problems) : root_(root), problems_(problems) {}

  const Json* find(const std::string& path) {
    const Json* node = &root_;
    std::size_t start = 0;
    while (start <= path.size()) {
      const std::size_t dot = path.find('.', start);
      const std::string key = path.substr(start, dot == std::string::npos ? dot : dot - start);
      if (!node->is_object() || !node->contains(key)) {
        problems_.push_back({path, "missing"});
        return nullptr;
      }
      node = &node->at(key);
      if (dot == std::string::npos) break;
      start = dot + 1;
    }
    return node;
  }

  double number(const std::string& path, double lo, double hi) {
    const Json* node = find(path);
    if (node == nullptr) return lo;
    if (!node->is_number()) {
      problems_.push_back({path, std::string("expected a number, found ") + json_kind(*node)});
      return lo;
    }
    const double value = node->get<double>();
    if (!std::isfinite(value) || value < lo || value > hi) {
      std::ostringstream os;
      os << "must be between " << lo << " and " << hi;
      problems_.push_back({path, os.str()});
      return lo;
    }
    return value;
  }
  double probability(const std::string& path) { return number(path, 0.0, 1.0); }
  int integer(const std::string& path, int lo, int hi) {
    const double value = number(path, lo, hi);
    if (value != std::floor(value)) {
      problems_.push_back({path, "must be a whole number"});
      return lo;
    }
    return static_cast<int>(value);
  }
  std::int32_t date(const std::string& path) {
    const Json* node = find(path);
    if (node == nullptr) return 0;
    int y = 0;
    unsigned m = 0, d = 0;
    char tail = 0;
    if (!node->is_string() ||
        std::sscanf(node->get<std::string>().c_str(), "%4d-%2u-%2u%c", &y, &m, &d, &tail) != 3 ||
        !kernels::is_valid_civil(y, m, d)) {
      problems_.push_back({path, "expected a date YYYY-MM-DD"});
      return 0;
    }
    return kernels::days_from_civil(y, m, d);
  }
  // A categorical distribution given as an object of non-negative weights, one per name.
  template <std::size_t N>
  std::array<double, N> distribution(const std::string& path,
                                     const std::array<std::string_view, N>& names) {
    std::array<double, N> out{};
    double total = 0.0;
    for (std::size_t i = 0; i < N; ++i) {
      out[i] = number(join_path(path, std::string(names[i])), 0.0, 1e12);
      total += out[i];
    }
    if (const Json* node = find(path); node != nullptr && node->is_object()) {
      for (const auto& [key, value] : node->items()) {
        if (std::find(names.begin(), names.end(), key) == names.end()) {
          problems_.push_back({join_path(path, key), "unknown key"});
        }
      }
    }
    if (total <= 0.0) problems_.push_back({path, "weights must not all be zero"});
    return out;
  }

 private:
  const Json& root_;
  std::vector<Problem>& problems_;
};

template <typename Enum, std::size_t N>
std::array<std::string_view, N> names_of(std::string_view (*name)(Enum)) {
  std::array<std::string_view, N> out{};
  for (std::size_t i = 0; i < N; ++i)
    out[i] = name(static_cast<Enum>(i));
  return out;
}

std::vector<AgeBand> read_age_bands(const Json& merged, const std::string& path,
                                    std::vector<Problem>& problems) {
  std::vector<AgeBand> bands;
  Reader reader(merged, problems);
  const Json* node = reader.find(path);
  if (node == nullptr) return bands;
  if (!node->is_array() || node->empty()) {
    problems.push_back({path, "expected a non-empty array of {min, max, weight}"});
    return bands;
  }
  double total = 0.0;
  for (std::size_t i = 0; i < node->size(); ++i) {
    const std::string item = path + "[" + std::to_string(i) + "]";
    const Json& band = (*node)[i];
    if (!band.is_object() || band.size() != 3 || !band.contains("min") || !band.contains("max") ||
        !band.contains("weight") || !band["min"].is_number() || !band["max"].is_number() ||
        !band["weight"].is_number()) {
      problems.push_back({item, "expected {\"min\": years, \"max\": years, \"weight\": w}"});
      continue;
    }
    AgeBand b{band["min"].get<int>(), band["max"].get<int>(), band["weight"].get<double>()};
    if (b.min_age < 0 || b.max_age > 110 || b.min_age > b.max_age || !(b.weight >= 0.0)) {
      problems.push_back({item, "needs 0 <= min <= max <= 110 and weight >= 0"});
      continue;
    }
    total += b.weight;
    bands.push_back(b);
  }
  if (total <= 0.0) problems.push_back({path, "weights must not all be zero"});
  return bands;
}

Json parse_json(const std::string& text, const std::string& source_name) {
  // Depth, duplicate keys and number range checked; errors give positions, never the text.
  return parse_json_document(text, source_name, ErrorCode::kInvalidSettings, "not valid JSON",
                             /*comments=*/false);
}

[[noreturn]] void throw_problems(const std::vector<Problem>& problems,
                                 const std::string& source_name) {
  if (problems.size() == 1) {
    throw Error(ErrorCode::kInvalidSettings, problems[0].message, source_name, 0, problems[0].path);
  }
  std::string message = std::to_string(problems.size()) + " problems in the generator config:";
  for (const auto& p : problems)
    message += "\n  field '" + p.path + "': " + p.message;
  throw Error(ErrorCode::kInvalidSettings, message, source_name);
}

Json merge_with_defaults(const std::string& json_text, const std::string& source_name) {
  Json merged = parse_json(default_synth_config_json(), "default_config.json");
  if (json_text.empty()) return merged;
  const Json user = parse_json(json_text, source_name);
  std::vector<Problem> problems;
  check_structure(user, merged, "", problems);
  if (!problems.empty()) throw_problems(problems, source_name);
  // merge_patch: objects merge key by key, arrays and scalars are replaced.
  merged.merge_patch(user);
  return merged;
}

SynthConfig extract(const Json& merged, const std::string& source_name) {
  std::vector<Problem> problems;
  Reader r(merged, problems);
  SynthConfig c;
  const auto contact_names = names_of<ContactType, kNumContactTypes>(&contact_type_name);
  const auto ethnic_names = names_of<EthnicGroup, kNumEthnicGroups>(&ethnic_group_name);
  const auto group_names = names_of<NameGroup, kNumNameGroups>(&name_group_name);

  c.window_start = r.date("population.window_start");
  c.window_end = r.date("population.window_end");
  c.reference_date = r.date("population.reference_date");
  if (c.window_end <= c.window_start) {
    problems.push_back({"population.window_end", "must be after population.window_start"});
  }
  c.primary_contact = r.distribution("population.primary_contact", contact_names);
  for (int t = 0; t < kNumContactTypes; ++t) {
    const std::string name(contact_names[t]);
    c.female_share[t] = r.probability("population.female_share." + name);
    c.age_bands[t] = read_age_bands(merged, "population.age_bands." + name, problems);
  }
  c.ethnic_group = r.distribution("population.ethnic_group", ethnic_names);
  for (int e = 0; e < kNumEthnicGroups; ++e) {
    c.name_origin[e] =
        r.distribution("population.name_origin." + std::string(ethnic_names[e]), group_names);
  }
  c.middle_name_one = r.probability("population.middle_name_one");
  c.middle_name_two = r.probability("population.middle_name_two");
  c.double_barrelled = r.probability("population.double_barrelled");
  c.surname_change_female = r.probability("population.surname_change_female");
  c.surname_change_male = r.probability("population.surname_change_male");
  c.alias_given_criminal = r.probability("population.alias_given_criminal");
  c.moves_per_year = r.number("population.moves_per_year", 0.0, 5.0);
  c.move_same_area = r.probability("population.move_same_area");
  c.move_same_region = r.probability("population.move_same_region");
  if (c.move_same_area + c.move_same_region > 1.0) {
    problems.push_back({"population.move_same_region", "move_same_area + move_same_region > 1"});
  }
  c.forename_top100_share = r.probability("population.forename_top100_share");
  c.surname_head_share = r.probability("population.surname_head_share");
  c.surname_toponymic_share = r.probability("population.surname_toponymic_share");
  if (c.surname_head_share + c.surname_toponymic_share > 1.0) {
    problems.push_back(
        {"population.surname_toponymic_share", "surname_head_share + this share > 1"});
  }

  c.episode_alpha = r.number("journeys.episode_alpha", 0.5, 10.0);
  c.episode_max = r.integer("journeys.episode_max", 1, 1000);
  c.crown_given_episode = r.probability("journeys.crown_given_episode");
  c.prison_given_crown = r.probability("journeys.prison_given_crown");
  c.prison_given_magistrates_only = r.probability("journeys.prison_given_magistrates_only");
  c.probation_given_prison = r.probability("journeys.probation_given_prison");
  c.probation_given_no_prison = r.probability("journeys.probation_given_no_prison");
  c.oasys_given_supervision = r.probability("journeys.oasys_given_supervision");
  c.oasys_review = r.probability("journeys.oasys_review");
  for (int p = 0; p < kNumContactTypes; ++p) {
    for (int o = 0; o < kNumContactTypes; ++o) {
      if (o == p) continue;
      c.secondary_contact[p][o] =
          r.probability("journeys.secondary_contact." + std::string(contact_names[p]) + "." +
                        std::string(contact_names[o]));
    }
  }
  c.family_case_repeat = r.number("journeys.family_case_repeat", 0.0, 0.95);
  c.family_case_max = r.integer("journeys.family_case_max", 1, 100);
  c.family_partner_party = r.probability("journeys.family_partner_party");
  c.family_children_max = r.integer("journeys.family_children_max", 0, 6);
  c.civil_claim_repeat = r.number("journeys.civil_claim_repeat", 0.0, 0.95);
  c.civil_claim_max = r.integer("journeys.civil_claim_max", 1, 100);
  c.civil_second_defendant = r.probability("journeys.civil_second_defendant");

  for (int g = 0; g < kNumNameGroups; ++g) {
    c.group_multiplier[g].fill(1.0);
    const std::string path = "groups." + std::string(group_names[g]);
    const Json* node = r.find(path);
    if (node == nullptr || !node->is_object()) continue;
    for (const auto& [error, value] : node->items()) {
      const auto type = error_from_name(error);
      if (!type) continue;  // reported by check_structure
      c.group_multiplier[g][static_cast<int>(*type)] = r.number(join_path(path, error), 0.0, 100.0);
    }
  }

  for (int d = 0; d < kNumDatasets; ++d) {
    const std::string base = "datasets." + std::string(dataset_name(static_cast<DatasetId>(d)));
    DatasetConfig& dc = c.datasets[d];
    if (const Json* node = r.find(base + ".name_case"); node != nullptr) {
      const std::string value = node->is_string() ? node->get<std::string>() : std::string();
      if (value != "upper" && value != "title") {
        problems.push_back({base + ".name_case", "expected \"upper\" or \"title\""});
      }
      dc.upper_case_names = value == "upper";
    }
    const std::pair<const char*, ErrorType> missing[] = {{"dob", ErrorType::kDobMissing},
                                                         {"postcode", ErrorType::kPostcodeMissing},
                                                         {"sex", ErrorType::kSexMissing},
                                                         {"pnc_id", ErrorType::kPncMissing}};
    for (const auto& [key, type] : missing) {
      dc.rate[static_cast<int>(type)] = r.probability(base + ".missing." + key);
    }
    for (int e = 0; e < kNumErrorTypes; ++e) {
      const auto type = static_cast<ErrorType>(e);
      if (type == ErrorType::kDobMissing || type == ErrorType::kPostcodeMissing ||
          type == ErrorType::kSexMissing || type == ErrorType::kPncMissing) {
        continue;
      }
      dc.rate[e] = r.probability(base + ".errors." + std::string(error_name(type)));
    }
  }
  c.shuffle_block_persons = r.integer("output.shuffle_block_persons", 1, 1 << 22);
  if (!problems.empty()) throw_problems(problems, source_name);
  return c;
}

}  // namespace

double SynthConfig::rate(DatasetId dataset, NameGroup group, ErrorType error) const {
  const double r = datasets[static_cast<int>(dataset)].rate[static_cast<int>(error)] *
                   group_multiplier[static_cast<int>(group)][static_cast<int>(error)];
  return std::min(1.0, r);
}

const std::string& default_synth_config_json() {
  static const std::string text(embedded_file("synth/default_config.json"));
  return text;
}

SynthConfig default_synth_config() {
  return parse_synth_config("", "default_config.json");
}

SynthConfig parse_synth_config(const std::string& json_text, const std::string& source_name) {
  return extract(merge_with_defaults(json_text, source_name), source_name);
}

std::string merged_synth_config_json(const std::string& json_text, const std::string& source_name) {
  return merge_with_defaults(json_text, source_name).dump(2);
}

SynthConfig load_synth_config(const std::string& path) {
  return parse_synth_config(
      read_json_file(path, "generator config file", ErrorCode::kInvalidSettings), path);
}

}  // namespace xjslink::synth
