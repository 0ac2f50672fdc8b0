// File: synth/model.cpp
// Names of the model's categories; the arrays follow the enum order exactly.
#include "xjslink/synth/model.hpp"

#include <array>

namespace xjslink::synth {
namespace {

constexpr std::array<std::string_view, kNumDatasets> kDatasetNames = {
    "magistrates", "crown_court",  "prison",          "probation",
    "oasys",       "family_court", "civil_possession"};
constexpr std::array<std::string_view, kNumErrorTypes> kErrorNames = {
    "forename_typo",       "surname_typo",       "forename_phonetic",
    "surname_phonetic",    "nickname",           "name_swap",
    "middle_name_dropped", "middle_name_merged", "surname_hyphen_variant",
    "surname_stale",       "transliteration",    "alias",
    "forename_initial",    "dob_missing",        "dob_day_month_swap",
    "dob_digit",           "dob_default",        "postcode_missing",
    "postcode_stale",      "sex_missing",        "pnc_missing"};
constexpr std::array<std::string_view, kNumNameGroups> kNameGroupNames = {
    "anglo", "south_asian", "arabic", "east_european", "west_african"};
constexpr std::array<std::string_view, kNumEthnicGroups> kEthnicGroupNames = {
    "white", "black", "asian", "mixed", "other"};
constexpr std::array<std::string_view, kNumContactTypes> kContactTypeNames = {"criminal", "family",
                                                                              "civil"};
constexpr std::array<std::string_view, kNumRegions> kRegionNames = {
    "north_east",    "north_west",    "yorkshire_and_the_humber",
    "east_midlands", "west_midlands", "east_of_england",
    "london",        "south_east",    "south_west",
    "wales"};

template <typename Enum, std::size_t N>
std::optional<Enum> find_name(const std::array<std::string_view, N>& names, std::string_view name) {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == name) return static_cast<Enum>(i);
  }
  return std::nullopt;
}

}  // namespace

std::string_view dataset_name(DatasetId id) {
  return kDatasetNames[static_cast<int>(id)];
}
std::string_view error_name(ErrorType type) {
  return kErrorNames[static_cast<int>(type)];
}
std::string_view name_group_name(NameGroup group) {
  return kNameGroupNames[static_cast<int>(group)];
}
std::string_view ethnic_group_name(EthnicGroup group) {
  return kEthnicGroupNames[static_cast<int>(group)];
}
std::string_view contact_type_name(ContactType type) {
  return kContactTypeNames[static_cast<int>(type)];
}
std::string_view region_name(Region region) {
  return kRegionNames[static_cast<int>(region)];
}

std::optional<DatasetId> dataset_from_name(std::string_view name) {
  return find_name<DatasetId>(kDatasetNames, name);
}
std::optional<ErrorType> error_from_name(std::string_view name) {
  return find_name<ErrorType>(kErrorNames, name);
}
std::optional<NameGroup> name_group_from_name(std::string_view name) {
  return find_name<NameGroup>(kNameGroupNames, name);
}
std::optional<EthnicGroup> ethnic_group_from_name(std::string_view name) {
  return find_name<EthnicGroup>(kEthnicGroupNames, name);
}
std::optional<ContactType> contact_type_from_name(std::string_view name) {
  return find_name<ContactType>(kContactTypeNames, name);
}
std::optional<Region> region_from_name(std::string_view name) {
  return find_name<Region>(kRegionNames, name);
}

}  // namespace xjslink::synth
