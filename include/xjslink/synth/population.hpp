// File: synth/population.hpp
// The latent synthetic population and its records, one index person at a time. Everything is a
// pure function of (config, seed, number of persons, person index): the same person comes out
// identically on any rank or thread, which is what makes `xjslink generate` independent of the
// process and thread counts. Related persons (a partner and children in family and civil cases)
// belong to the index person who brings them into a case.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "xjslink/synth/config.hpp"
#include "xjslink/synth/model.hpp"

namespace xjslink::synth {

inline constexpr std::int32_t kNever = std::numeric_limits<std::int32_t>::max();
// Related persons of index person i have person_id = persons + kRelatedSlots * i + slot
// (slot 0 = partner, slots 1.. = children).
inline constexpr std::uint64_t kRelatedSlots = 8;

struct Address {
  std::int32_t from_day = 0;  // days since 1970-01-01
  std::string postcode;
};

struct Person {
  std::uint64_t person_id = 0;
  bool is_index = true;
  Sex sex = Sex::kMale;
  EthnicGroup ethnic_group = EthnicGroup::kWhite;
  NameGroup name_group = NameGroup::kAnglo;
  Region region = Region::kLondon;  // region of the first address
  std::int32_t dob = 0;
  std::string forename;  // upper case ASCII
  std::vector<std::string> middle_names;
  std::string surname;        // surname at birth
  std::string later_surname;  // after surname_change_day, if any
  std::int32_t surname_change_day = kNever;
  std::string alias_forename, alias_surname;  // an alias, if any (either may be empty)
  std::vector<Address> addresses;             // by from_day; addresses[0].from_day <= dob
  std::string pnc_id, prison_number, crn;     // empty when the person has none

  bool has_alias() const { return !alias_forename.empty() || !alias_surname.empty(); }
  const std::string& surname_on(std::int32_t day) const {
    return day >= surname_change_day ? later_surname : surname;
  }
  // Index into addresses of the address held on day.
  std::size_t address_index_on(std::int32_t day) const;
};

// A record before errors: who, which dataset, when, and its dataset-specific columns.
struct TrueRecord {
  DatasetId dataset = DatasetId::kMagistrates;
  std::uint32_t person = 0;  // index into PersonJourney::persons
  std::int32_t event_day = 0;
  std::vector<std::string> extra;  // the dataset's own columns, in dataset_extra_columns order
};

struct PersonJourney {
  ContactType primary_contact = ContactType::kCriminal;
  std::array<bool, kNumContactTypes> contacts{};
  std::vector<Person> persons;  // [0] is the index person, then related persons
  std::vector<TrueRecord> records;
};

// A record as written: shared person columns after errors, the dataset's own columns, the true
// person, and which errors were applied (bit i = ErrorType i).
struct GeneratedRecord {
  DatasetId dataset = DatasetId::kMagistrates;
  std::uint64_t person_id = 0;
  std::int32_t event_day = 0;
  std::string forename, middle_names, surname, sex, dob, postcode, pnc_id;
  std::vector<std::string> extra;
  std::uint32_t errors = 0;
};

// Per-record error bookkeeping: how often each error could apply and how often it did, by
// dataset and name-origin group (integers, so sums are exact in any order and on any P).
struct ErrorTally {
  std::array<std::array<std::array<std::uint64_t, kNumErrorTypes>, kNumNameGroups>, kNumDatasets>
      eligible{};
  std::array<std::array<std::array<std::uint64_t, kNumErrorTypes>, kNumNameGroups>, kNumDatasets>
      applied{};
  void add(const ErrorTally& other);
};

// Column names shared by all seven datasets, after unique_id and source_dataset.
const std::vector<std::string>& person_columns();
// The dataset's own columns, after the shared ones.
const std::vector<std::string>& dataset_extra_columns(DatasetId dataset);

class Population {
 public:
  Population(SynthConfig config, std::uint64_t seed, std::uint64_t persons);
  ~Population();
  Population(const Population&) = delete;
  Population& operator=(const Population&) = delete;

  const SynthConfig& config() const;
  std::uint64_t seed() const;
  std::uint64_t persons() const;

  // The latent truth of index person `index` (0 <= index < persons()).
  PersonJourney journey(std::uint64_t index) const;
  // The records of that journey after errors, in journey order; tally (optional) is updated.
  std::vector<GeneratedRecord> records(const PersonJourney& journey, std::uint64_t index,
                                       ErrorTally* tally) const;

  struct Impl;  // defined in src/synth/population_internal.hpp

 private:
  std::unique_ptr<Impl> impl_;
};

// Text helpers used by the writers and tests.
std::string format_date(std::int32_t days);  // YYYY-MM-DD
std::string title_case(std::string_view upper);

}  // namespace xjslink::synth
