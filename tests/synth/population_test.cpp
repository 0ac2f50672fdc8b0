// File: tests/synth/population_test.cpp
// The latent population and journeys: determinism by key, structural invariants of persons and
// records, the documented heavy tail of contacts, and identifier missingness per dataset.
#include "xjslink/synth/population.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "kernels/civil_date.hpp"

namespace xjslink::synth {
namespace {

bool same_record(const GeneratedRecord& a, const GeneratedRecord& b) {
  return a.dataset == b.dataset && a.person_id == b.person_id && a.event_day == b.event_day &&
         a.forename == b.forename && a.middle_names == b.middle_names && a.surname == b.surname &&
         a.sex == b.sex && a.dob == b.dob && a.postcode == b.postcode && a.pnc_id == b.pnc_id &&
         a.extra == b.extra && a.errors == b.errors;
}

TEST(Population, SameSeedAndIndexGiveTheSamePersonWhateverTheOrder) {
  const Population pop(default_synth_config(), 5, 1000);
  const Population again(default_synth_config(), 5, 1000);
  for (std::uint64_t index : {999u, 0u, 500u, 1u}) {
    const auto a = pop.records(pop.journey(index), index, nullptr);
    const auto b = again.records(again.journey(index), index, nullptr);
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i)
      EXPECT_TRUE(same_record(a[i], b[i]));
  }
}

TEST(Population, DifferentSeedsGiveDifferentPeople) {
  const Population a(default_synth_config(), 5, 200), b(default_synth_config(), 6, 200);
  int same = 0;
  for (std::uint64_t index = 0; index < 200; ++index) {
    const PersonJourney ja = a.journey(index), jb = b.journey(index);
    const Person& pa = ja.persons[0];
    const Person& pb = jb.persons[0];
    same += pa.forename == pb.forename && pa.surname == pb.surname && pa.dob == pb.dob;
  }
  EXPECT_LE(same, 2);
}

TEST(Population, ChangingAnErrorRateLeavesThePopulationAlone) {
  SynthConfig noisy = default_synth_config();
  for (auto& d : noisy.datasets)
    d.rate[static_cast<int>(ErrorType::kNickname)] = 0.9;
  const Population a(default_synth_config(), 11, 300), b(noisy, 11, 300);
  for (std::uint64_t index = 0; index < 300; ++index) {
    const PersonJourney ja = a.journey(index), jb = b.journey(index);
    ASSERT_EQ(ja.records.size(), jb.records.size());
    EXPECT_EQ(ja.persons[0].forename, jb.persons[0].forename);
    const auto ra = a.records(ja, index, nullptr), rb = b.records(jb, index, nullptr);
    // Each error is drawn from its own stream, so errors that do not look at the forename
    // (which the nickname changes) are untouched.
    std::uint32_t independent = 0;
    for (ErrorType e :
         {ErrorType::kSurnameTypo, ErrorType::kSurnamePhonetic, ErrorType::kMiddleNameDropped,
          ErrorType::kDobMissing, ErrorType::kDobDayMonthSwap, ErrorType::kDobDigit,
          ErrorType::kDobDefault, ErrorType::kPostcodeMissing, ErrorType::kPostcodeStale,
          ErrorType::kSexMissing, ErrorType::kPncMissing}) {
      independent |= std::uint32_t{1} << static_cast<int>(e);
    }
    for (std::size_t i = 0; i < ra.size(); ++i) {
      EXPECT_EQ(ra[i].errors & independent, rb[i].errors & independent);
      EXPECT_EQ(ra[i].dob, rb[i].dob);
      EXPECT_EQ(ra[i].postcode, rb[i].postcode);
    }
  }
}

TEST(Population, JourneysAreWellFormed) {
  const SynthConfig config = default_synth_config();
  const std::uint64_t n = 5000;
  const Population pop(config, 21, n);
  for (std::uint64_t index = 0; index < n; ++index) {
    const PersonJourney j = pop.journey(index);
    ASSERT_FALSE(j.persons.empty());
    EXPECT_EQ(j.persons[0].person_id, index);
    EXPECT_TRUE(j.persons[0].is_index);
    EXPECT_TRUE(j.contacts[static_cast<int>(j.primary_contact)]);
    for (std::size_t k = 1; k < j.persons.size(); ++k) {
      const Person& r = j.persons[k];
      EXPECT_FALSE(r.is_index);
      EXPECT_GE(r.person_id, n + kRelatedSlots * index);
      EXPECT_LT(r.person_id, n + kRelatedSlots * (index + 1));
    }
    for (const Person& p : j.persons) {
      ASSERT_FALSE(p.addresses.empty());
      EXPECT_LE(p.addresses[0].from_day, p.dob);
      for (std::size_t a = 1; a < p.addresses.size(); ++a) {
        EXPECT_LT(p.addresses[a - 1].from_day, p.addresses[a].from_day);
      }
      EXPECT_FALSE(p.forename.empty());
      EXPECT_FALSE(p.surname.empty());
    }
    for (const TrueRecord& r : j.records) {
      ASSERT_LT(r.person, j.persons.size());
      const Person& p = j.persons[r.person];
      EXPECT_GE(r.event_day, config.window_start);
      EXPECT_LE(r.event_day, config.window_end);
      EXPECT_GT(r.event_day, p.dob);
      const bool criminal =
          r.dataset != DatasetId::kFamilyCourt && r.dataset != DatasetId::kCivilPossession;
      if (criminal) {
        EXPECT_EQ(r.person, 0u);
        EXPECT_FALSE(p.pnc_id.empty());
        EXPECT_GE(r.event_day - p.dob, 3650) << "criminal records start at age 10";
      }
      if (r.dataset == DatasetId::kPrison) {
        EXPECT_EQ(r.extra[0], p.prison_number);
      }
      if (r.dataset == DatasetId::kProbation || r.dataset == DatasetId::kOasys) {
        EXPECT_EQ(r.extra[0], p.crn);
      }
      if (r.dataset == DatasetId::kFamilyCourt && r.extra[3] == "child") {
        EXPECT_LT(r.event_day - p.dob, 18 * 366) << "a child party is under 18";
      }
      EXPECT_EQ(r.extra.size(), dataset_extra_columns(r.dataset).size());
    }
  }
}

// Criminal episodes are discrete Pareto: P(K >= k) = k^-alpha. Every episode has exactly one
// magistrates' record, so the tail shows directly in magistrates' records per person.
TEST(Population, RepeatContactIsHeavyTailedAsDocumented) {
  const SynthConfig config = default_synth_config();
  const Population pop(config, 77, 40000);
  std::map<int, std::uint64_t> at_least;
  std::uint64_t criminal = 0, one_record = 0, persons_with_records = 0;
  std::size_t max_records = 0;
  for (std::uint64_t index = 0; index < pop.persons(); ++index) {
    const PersonJourney j = pop.journey(index);
    std::vector<std::size_t> per_person(j.persons.size(), 0);
    int magistrates = 0;
    for (const auto& r : j.records) {
      ++per_person[r.person];
      magistrates += r.dataset == DatasetId::kMagistrates;
    }
    for (std::size_t c : per_person) {
      if (c == 0) continue;
      ++persons_with_records;
      one_record += c == 1;
      max_records = std::max(max_records, c);
    }
    if (magistrates == 0) continue;
    ++criminal;
    for (int k : {2, 4, 8, 16, 32})
      at_least[k] += magistrates >= k;
  }
  for (int k : {2, 4, 8, 16, 32}) {
    const double expected = std::pow(k, -config.episode_alpha);
    const double observed = static_cast<double>(at_least[k]) / static_cast<double>(criminal);
    EXPECT_NEAR(observed, expected, 5 * std::sqrt(expected * (1 - expected) / criminal))
        << "P(episodes >= " << k << ")";
  }
  // Most people appear once; a few appear very many times.
  EXPECT_GT(static_cast<double>(one_record) / persons_with_records, 0.5);
  EXPECT_GT(max_records, 100u);
}

// Missing identifiers per dataset, read off the written records, match the configured rates.
TEST(Population, IdentifierMissingnessMatchesConfig) {
  const SynthConfig config = default_synth_config();
  const Population pop(config, 31, 30000);
  std::array<std::array<std::uint64_t, 4>, kNumDatasets> missing{}, total{};
  for (std::uint64_t index = 0; index < pop.persons(); ++index) {
    const PersonJourney j = pop.journey(index);
    const auto records = pop.records(j, index, nullptr);
    for (std::size_t i = 0; i < records.size(); ++i) {
      const auto& r = records[i];
      const Person& p = j.persons[j.records[i].person];
      const int d = static_cast<int>(r.dataset);
      missing[d][0] += r.dob.empty();
      missing[d][1] += r.postcode.empty();
      missing[d][2] += r.sex.empty();
      total[d][0]++;
      total[d][1]++;
      total[d][2]++;
      if (!p.pnc_id.empty()) {
        missing[d][3] += r.pnc_id.empty();
        total[d][3]++;
      }
    }
  }
  const ErrorType kinds[4] = {ErrorType::kDobMissing, ErrorType::kPostcodeMissing,
                              ErrorType::kSexMissing, ErrorType::kPncMissing};
  for (int d = 0; d < kNumDatasets; ++d) {
    for (int k = 0; k < 4; ++k) {
      if (total[d][k] < 500) continue;
      const double p = config.datasets[d].rate[static_cast<int>(kinds[k])];
      const double n = static_cast<double>(total[d][k]);
      EXPECT_NEAR(missing[d][k] / n, p, 5 * std::sqrt(p * (1 - p) / n) + 1e-12)
          << dataset_name(static_cast<DatasetId>(d)) << " " << error_name(kinds[k]);
    }
  }
  // Family and civil data are the sparse ones, as in the real Data First datasets.
  const auto dob = static_cast<int>(ErrorType::kDobMissing);
  EXPECT_GT(config.datasets[static_cast<int>(DatasetId::kCivilPossession)].rate[dob],
            10 * config.datasets[static_cast<int>(DatasetId::kMagistrates)].rate[dob]);
}

TEST(TextHelpers, DatesAndTitleCase) {
  EXPECT_EQ(format_date(kernels::days_from_civil(1987, 3, 9)), "1987-03-09");
  EXPECT_EQ(title_case("O'BRIEN-SMITH"), "O'Brien-Smith");
  EXPECT_EQ(title_case("MARY ANN"), "Mary Ann");
  EXPECT_EQ(title_case(""), "");
}

}  // namespace
}  // namespace xjslink::synth
