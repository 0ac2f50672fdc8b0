// File: tests/synth/synth_test_util.hpp
// Helpers for the synthetic-data tests: configs with every error switched off but one, and the
// shipped nickname and spelling-variant tables read directly from data/ (not through the
// generator's parser, so the tests do not share code with what they check).
#pragma once

#include <nlohmann/json.hpp>

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "xjslink/synth/config.hpp"
#include "xjslink/synth/model.hpp"

namespace xjslink::synth::testing {

inline std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : line) {
    if (c == ',') {
      out.push_back(cur);
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  out.push_back(cur);
  return out;
}

inline std::vector<std::vector<std::string>> read_csv(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::vector<std::string>> rows;
  std::string line;
  while (std::getline(in, line))
    rows.push_back(split_csv_line(line));
  return rows;
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// name -> alternatives, from a shipped table with a '|'-separated list in column `list_col`.
inline std::map<std::string, std::set<std::string>> read_alternatives(const std::string& file,
                                                                      int name_col, int list_col) {
  std::map<std::string, std::set<std::string>> out;
  const auto rows = read_csv(std::string(XJSLINK_SOURCE_DIR) + "/data/names/" + file);
  for (std::size_t i = 1; i < rows.size(); ++i) {
    std::stringstream list(rows[i][list_col]);
    std::string item;
    while (std::getline(list, item, '|')) {
      if (!item.empty()) out[rows[i][name_col]].insert(item);
    }
  }
  return out;
}

// A config (as JSON text) with all errors and missingness at 0 except `only`, set to `rate` in
// every dataset; upper-case names everywhere; the population tilted so that every error has
// many eligible records (double-barrelled names, surname changes, aliases, moves, all groups).
inline std::string isolated_config(ErrorType only, double rate) {
  nlohmann::json j;
  for (int d = 0; d < kNumDatasets; ++d) {
    auto& ds = j["datasets"][std::string(dataset_name(static_cast<DatasetId>(d)))];
    ds["name_case"] = "upper";
    for (int e = 0; e < kNumErrorTypes; ++e) {
      const auto type = static_cast<ErrorType>(e);
      const double value = type == only ? rate : 0.0;
      switch (type) {
        case ErrorType::kDobMissing:
          ds["missing"]["dob"] = value;
          break;
        case ErrorType::kPostcodeMissing:
          ds["missing"]["postcode"] = value;
          break;
        case ErrorType::kSexMissing:
          ds["missing"]["sex"] = value;
          break;
        case ErrorType::kPncMissing:
          ds["missing"]["pnc_id"] = value;
          break;
        default:
          ds["errors"][std::string(error_name(type))] = value;
      }
    }
  }
  for (int g = 0; g < kNumNameGroups; ++g) {
    j["groups"][std::string(name_group_name(static_cast<NameGroup>(g)))] = nlohmann::json::object();
    for (int e = 0; e < kNumErrorTypes; ++e) {
      j["groups"][std::string(name_group_name(static_cast<NameGroup>(g)))]
       [std::string(error_name(static_cast<ErrorType>(e)))] = 1.0;
    }
  }
  auto& p = j["population"];
  p["double_barrelled"] = 0.4;
  p["surname_change_female"] = 0.9;
  p["surname_change_male"] = 0.5;
  p["alias_given_criminal"] = 0.9;
  p["moves_per_year"] = 1.0;
  p["ethnic_group"] = {
      {"white", 0.4}, {"black", 0.2}, {"asian", 0.2}, {"mixed", 0.1}, {"other", 0.1}};
  p["middle_name_one"] = 0.8;
  return j.dump();
}

}  // namespace xjslink::synth::testing
