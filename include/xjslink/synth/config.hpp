// File: synth/config.hpp
// Every rate and distribution of the synthetic population model. The defaults ship in
// data/synth/default_config.json (embedded in the binary); a user file overrides any subset of
// keys. Parsing validates everything and reports every problem at once, each with its JSON path.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "xjslink/synth/model.hpp"

namespace xjslink::synth {

struct AgeBand {
  int min_age = 0;  // inclusive, in whole years at the reference date
  int max_age = 0;  // inclusive
  double weight = 0.0;
};

using ErrorRates = std::array<double, kNumErrorTypes>;

struct DatasetConfig {
  bool upper_case_names = false;
  ErrorRates rate{};  // per-record probability of each error, among eligible records
};

struct SynthConfig {
  // Population (days are days since 1970-01-01).
  std::int32_t window_start = 0;
  std::int32_t window_end = 0;
  std::int32_t reference_date = 0;
  std::array<double, kNumContactTypes> primary_contact{};
  std::array<double, kNumContactTypes> female_share{};
  std::array<std::vector<AgeBand>, kNumContactTypes> age_bands;
  std::array<double, kNumEthnicGroups> ethnic_group{};
  std::array<std::array<double, kNumNameGroups>, kNumEthnicGroups> name_origin{};
  double middle_name_one = 0.0;
  double middle_name_two = 0.0;
  double double_barrelled = 0.0;
  double surname_change_female = 0.0;
  double surname_change_male = 0.0;
  double alias_given_criminal = 0.0;
  double moves_per_year = 0.0;
  double move_same_area = 0.0;
  double move_same_region = 0.0;
  double forename_top100_share = 0.0;
  double surname_head_share = 0.0;
  double surname_toponymic_share = 0.0;

  // Journeys.
  double episode_alpha = 0.0;  // P(episodes >= k) = k^-alpha (discrete Pareto)
  int episode_max = 0;
  double crown_given_episode = 0.0;
  double prison_given_crown = 0.0;
  double prison_given_magistrates_only = 0.0;
  double probation_given_prison = 0.0;
  double probation_given_no_prison = 0.0;
  double oasys_given_supervision = 0.0;
  double oasys_review = 0.0;
  // secondary_contact[primary][other]: probability of also having the other contact type.
  std::array<std::array<double, kNumContactTypes>, kNumContactTypes> secondary_contact{};
  double family_case_repeat = 0.0;
  int family_case_max = 0;
  double family_partner_party = 0.0;
  int family_children_max = 0;
  double civil_claim_repeat = 0.0;
  int civil_claim_max = 0;
  double civil_second_defendant = 0.0;

  // Per name-origin group multipliers of the per-dataset error rates (1.0 when not given).
  std::array<ErrorRates, kNumNameGroups> group_multiplier{};
  std::array<DatasetConfig, kNumDatasets> datasets{};

  // Output: persons per shuffle block (the unit of work, of determinism and of row shuffling).
  int shuffle_block_persons = 0;

  // The effective rate of an error for a dataset and group (clamped to [0, 1]).
  double rate(DatasetId dataset, NameGroup group, ErrorType error) const;
};

// The shipped defaults.
const std::string& default_synth_config_json();
SynthConfig default_synth_config();
// Defaults overlaid with the JSON text (source_name names the file in error messages).
// Throws Error(kInvalidSettings) listing every problem with its JSON path.
SynthConfig parse_synth_config(const std::string& json_text, const std::string& source_name);
// Reads the file at path and parses it; Error(kIo) if it cannot be read.
SynthConfig load_synth_config(const std::string& path);
// The merged configuration (defaults + user overrides) as canonical JSON, for the run record.
std::string merged_synth_config_json(const std::string& json_text, const std::string& source_name);

}  // namespace xjslink::synth
