// File: synth/model.hpp
// The vocabulary of the synthetic Data First-style population: the seven datasets, the record
// error types, and the categorical person attributes used for subgroup analysis. The string
// names here are the ones written to output files and accepted in the config file.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace xjslink::synth {

enum class DatasetId : std::uint8_t {
  kMagistrates,
  kCrownCourt,
  kPrison,
  kProbation,
  kOasys,
  kFamilyCourt,
  kCivilPossession,
};
inline constexpr int kNumDatasets = 7;

// Per-record error and missingness types. Each has a per-dataset rate in the config and is
// decided independently among the records where it can apply (its "eligible" records).
enum class ErrorType : std::uint8_t {
  kForenameTypo,
  kSurnameTypo,
  kForenamePhonetic,
  kSurnamePhonetic,
  kNickname,
  kNameSwap,
  kMiddleNameDropped,
  kMiddleNameMerged,
  kSurnameHyphenVariant,
  kSurnameStale,
  kTransliteration,
  kAlias,
  kForenameInitial,
  kDobMissing,
  kDobDayMonthSwap,
  kDobDigit,
  kDobDefault,
  kPostcodeMissing,
  kPostcodeStale,
  kSexMissing,
  kPncMissing,
};
inline constexpr int kNumErrorTypes = 21;

enum class NameGroup : std::uint8_t { kAnglo, kSouthAsian, kArabic, kEastEuropean, kWestAfrican };
inline constexpr int kNumNameGroups = 5;

enum class EthnicGroup : std::uint8_t { kWhite, kBlack, kAsian, kMixed, kOther };
inline constexpr int kNumEthnicGroups = 5;

enum class ContactType : std::uint8_t { kCriminal, kFamily, kCivil };
inline constexpr int kNumContactTypes = 3;

enum class Sex : std::uint8_t { kMale, kFemale };

// ONS regions of England, and Wales (the Data First datasets cover England and Wales).
enum class Region : std::uint8_t {
  kNorthEast,
  kNorthWest,
  kYorkshireAndTheHumber,
  kEastMidlands,
  kWestMidlands,
  kEastOfEngland,
  kLondon,
  kSouthEast,
  kSouthWest,
  kWales,
};
inline constexpr int kNumRegions = 10;

std::string_view dataset_name(DatasetId id);
std::string_view error_name(ErrorType type);
std::string_view name_group_name(NameGroup group);
std::string_view ethnic_group_name(EthnicGroup group);
std::string_view contact_type_name(ContactType type);
std::string_view region_name(Region region);

std::optional<DatasetId> dataset_from_name(std::string_view name);
std::optional<ErrorType> error_from_name(std::string_view name);
std::optional<NameGroup> name_group_from_name(std::string_view name);
std::optional<EthnicGroup> ethnic_group_from_name(std::string_view name);
std::optional<ContactType> contact_type_from_name(std::string_view name);
std::optional<Region> region_from_name(std::string_view name);

}  // namespace xjslink::synth
