// File: tests/synth/record_errors_test.cpp
// Each error type, switched on alone, is checked on the written records against the latent
// truth: it must change exactly the records it was applied to, in the way it describes, and
// occur at its configured rate (within 5 binomial standard deviations) among the records where
// it can apply. Eligibility and the expected change are worked out here from the truth and the
// shipped tables, independently of the generator's own bookkeeping.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <string>

#include "kernels/civil_date.hpp"
#include "synth_test_util.hpp"
#include "xjslink/synth/population.hpp"

namespace xjslink::synth {
namespace {

using testing::isolated_config;

// Optimal string alignment distance, the textbook dynamic programme.
int osa_distance(const std::string& a, const std::string& b) {
  std::vector<std::vector<int>> d(a.size() + 1, std::vector<int>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i)
    d[i][0] = static_cast<int>(i);
  for (std::size_t j = 0; j <= b.size(); ++j)
    d[0][j] = static_cast<int>(j);
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts)
    out += (out.empty() ? "" : " ") + p;
  return out;
}

std::string ymd(int y, unsigned m, unsigned d) {
  char buf[16];
  std::snprintf(buf, sizeof(buf), "%04d-%02u-%02u", y, m, d);
  return buf;
}

// What the test expects of one record: can the error apply, and did it (judged from output).
struct Verdict {
  bool eligible = false;
  bool applied = false;
  bool well_formed = true;  // the change is of the kind the error describes
  bool skip = false;        // the error would be invisible on this record
};

class ErrorRateTest : public ::testing::TestWithParam<ErrorType> {
 protected:
  static const std::map<std::string, std::set<std::string>>& nicknames() {
    static const auto table = testing::read_alternatives("nicknames.csv", 0, 1);
    return table;
  }
  static const std::map<std::string, std::set<std::string>>& variants() {
    static const auto table = testing::read_alternatives("group_names.csv", 2, 4);
    return table;
  }

  static Verdict judge(ErrorType type, const GeneratedRecord& r, const Person& p) {
    const std::string true_surname = p.surname_on(r.event_day);
    const std::string true_middles = join(p.middle_names);
    const auto dob = kernels::civil_from_days(p.dob);
    const std::string true_dob = ymd(dob.year, dob.month, dob.day);
    const std::size_t address = p.address_index_on(r.event_day);
    const std::string& true_postcode = p.addresses[address].postcode;
    const bool names_same = r.forename == p.forename && r.surname == true_surname;
    Verdict v;
    switch (type) {
      case ErrorType::kForenameTypo:
        v.eligible = p.forename.size() >= 2;
        v.applied = r.forename != p.forename;
        v.well_formed = !v.applied || osa_distance(r.forename, p.forename) == 1;
        break;
      case ErrorType::kSurnameTypo:
        v.eligible = true_surname.size() >= 2;
        v.applied = r.surname != true_surname;
        v.well_formed = !v.applied || osa_distance(r.surname, true_surname) == 1;
        break;
      case ErrorType::kNickname: {
        const auto it = nicknames().find(p.forename);
        v.eligible = it != nicknames().end();
        v.applied = r.forename != p.forename;
        v.well_formed = !v.applied || (v.eligible && it->second.count(r.forename) == 1);
        break;
      }
      case ErrorType::kNameSwap:
        v.skip = p.forename == true_surname;  // a swap would not show
        v.eligible = true;
        v.applied = r.forename == true_surname && r.surname == p.forename;
        v.well_formed = v.applied || names_same;
        break;
      case ErrorType::kMiddleNameDropped:
        v.eligible = !p.middle_names.empty();
        v.applied = v.eligible && r.middle_names.empty();
        v.well_formed = v.applied || r.middle_names == true_middles;
        break;
      case ErrorType::kMiddleNameMerged: {
        v.eligible = !p.middle_names.empty();
        v.applied = r.forename != p.forename;
        if (v.applied) {
          const std::string& m = p.middle_names[0];
          const std::vector<std::string> rest(p.middle_names.begin() + 1, p.middle_names.end());
          v.well_formed = (r.forename == p.forename + m || r.forename == p.forename + "-" + m ||
                           r.forename == p.forename + " " + m) &&
                          r.middle_names == join(rest);
        }
        break;
      }
      case ErrorType::kSurnameHyphenVariant: {
        const std::size_t dash = true_surname.find('-');
        v.eligible = dash != std::string::npos;
        v.applied = r.surname != true_surname;
        if (v.applied) {
          std::string spaced = true_surname, joined = true_surname;
          spaced[dash] = ' ';
          joined.erase(dash, 1);
          v.well_formed = r.surname == spaced || r.surname == joined ||
                          r.surname == true_surname.substr(0, dash) ||
                          r.surname == true_surname.substr(dash + 1);
        }
        break;
      }
      case ErrorType::kSurnameStale:
        v.eligible = !p.later_surname.empty() && r.event_day >= p.surname_change_day;
        v.applied = v.eligible && r.surname == p.surname;
        v.well_formed = v.applied || r.surname == true_surname;
        break;
      case ErrorType::kTransliteration: {
        const auto fv = variants().find(p.forename);
        const auto sv = variants().find(true_surname);
        v.eligible = fv != variants().end() || sv != variants().end();
        v.applied = !names_same;
        if (v.applied) {
          v.well_formed = (r.forename == p.forename ||
                           (fv != variants().end() && fv->second.count(r.forename))) &&
                          (r.surname == true_surname ||
                           (sv != variants().end() && sv->second.count(r.surname)));
        }
        break;
      }
      case ErrorType::kAlias:
        v.eligible = p.has_alias();
        v.applied = !names_same;
        v.well_formed =
            !v.applied ||
            ((p.alias_forename.empty() ? r.forename == p.forename
                                       : r.forename == p.alias_forename) &&
             (p.alias_surname.empty() ? r.surname == true_surname : r.surname == p.alias_surname));
        break;
      case ErrorType::kForenameInitial:
        v.eligible = p.forename.size() >= 2;
        v.applied = r.forename.size() == 1;
        v.well_formed = v.applied ? r.forename[0] == p.forename[0] : r.forename == p.forename;
        break;
      case ErrorType::kDobMissing:
        v.eligible = true;
        v.applied = r.dob.empty();
        v.well_formed = v.applied || r.dob == true_dob;
        break;
      case ErrorType::kDobDayMonthSwap:
        v.eligible = dob.day <= 12 && dob.day != dob.month;
        v.applied = r.dob != true_dob;
        v.well_formed = !v.applied || r.dob == ymd(dob.year, dob.day, dob.month);
        break;
      case ErrorType::kDobDigit: {
        v.eligible = true;
        v.applied = r.dob != true_dob;
        int differing = 0;
        for (std::size_t i = 0; i < r.dob.size() && r.dob.size() == true_dob.size(); ++i) {
          differing += r.dob[i] != true_dob[i];
        }
        v.well_formed = !v.applied || differing == 1;
        break;
      }
      case ErrorType::kDobDefault:
        v.eligible = !(dob.month == 1 && dob.day == 1);
        v.applied = r.dob != true_dob;
        v.well_formed = !v.applied || r.dob == ymd(dob.year, 1, 1);
        break;
      case ErrorType::kPostcodeMissing:
        v.eligible = true;
        v.applied = r.postcode.empty();
        v.well_formed = v.applied || r.postcode == true_postcode;
        break;
      case ErrorType::kPostcodeStale:
        v.eligible = address > 0 && p.addresses[address - 1].postcode != true_postcode;
        v.applied = r.postcode != true_postcode;
        v.well_formed =
            !v.applied || (v.eligible && r.postcode == p.addresses[address - 1].postcode);
        break;
      case ErrorType::kSexMissing:
        v.eligible = true;
        v.applied = r.sex.empty();
        v.well_formed = v.applied || r.sex == (p.sex == Sex::kFemale ? "F" : "M");
        break;
      case ErrorType::kPncMissing:
        v.eligible = !p.pnc_id.empty();
        v.applied = v.eligible && r.pnc_id.empty();
        v.well_formed = v.applied || r.pnc_id == p.pnc_id;
        break;
      // Whether a sound-alike respelling exists needs the generator's rule list, so for the
      // phonetic errors the rate is taken over the generator's eligible count (checked below).
      case ErrorType::kForenamePhonetic:
        v.eligible = true;
        v.applied = r.forename != p.forename;
        v.well_formed = r.surname == true_surname;
        break;
      case ErrorType::kSurnamePhonetic:
        v.eligible = true;
        v.applied = r.surname != true_surname;
        v.well_formed = r.forename == p.forename;
        break;
    }
    return v;
  }
};

TEST_P(ErrorRateTest, OccursAtItsRateAndChangesOnlyWhatItDescribes) {
  const ErrorType type = GetParam();
  constexpr double kRate = 0.25;
  const Population population(parse_synth_config(isolated_config(type, kRate), "isolated"), 1234,
                              3000);
  ErrorTally tally;
  std::uint64_t eligible = 0, applied = 0, flagged = 0;
  for (std::uint64_t index = 0; index < population.persons(); ++index) {
    const PersonJourney journey = population.journey(index);
    const auto records = population.records(journey, index, &tally);
    for (std::size_t i = 0; i < records.size(); ++i) {
      const GeneratedRecord& r = records[i];
      const Person& p = journey.persons[journey.records[i].person];
      const Verdict v = judge(type, r, p);
      const bool flag = (r.errors >> static_cast<int>(type)) & 1u;
      flagged += flag;
      if (v.skip) continue;
      ASSERT_TRUE(v.well_formed) << error_name(type) << ": person " << p.person_id << " record "
                                 << i << " forename " << r.forename << " surname " << r.surname
                                 << " dob " << r.dob << " postcode " << r.postcode;
      ASSERT_EQ(r.errors & ~(std::uint32_t{1} << static_cast<int>(type)), 0u)
          << "another error was applied";
      // A phonetic change can undo itself only if a rule maps a name to itself; none does.
      ASSERT_EQ(flag, v.applied) << error_name(type) << ": flag and output disagree, person "
                                 << p.person_id;
      ASSERT_TRUE(!v.applied || v.eligible)
          << error_name(type) << ": applied to an ineligible record";
      eligible += v.eligible;
      applied += v.applied;
    }
  }
  std::uint64_t tally_eligible = 0, tally_applied = 0;
  for (int d = 0; d < kNumDatasets; ++d) {
    for (int g = 0; g < kNumNameGroups; ++g) {
      tally_eligible += tally.eligible[d][g][static_cast<int>(type)];
      tally_applied += tally.applied[d][g][static_cast<int>(type)];
    }
  }
  const bool phonetic = type == ErrorType::kForenamePhonetic || type == ErrorType::kSurnamePhonetic;
  if (phonetic) {
    EXPECT_GT(tally_eligible, eligible * 8 / 10) << "most names have a sound-alike spelling";
    eligible = tally_eligible;
  }
  ASSERT_GE(eligible, 400u) << error_name(type) << ": too few eligible records to test";
  const double observed = static_cast<double>(applied) / static_cast<double>(eligible);
  EXPECT_NEAR(observed, kRate, 5 * std::sqrt(kRate * (1 - kRate) / static_cast<double>(eligible)))
      << error_name(type) << " over " << eligible << " eligible records";
  // The generator's tally agrees with the independent count.
  EXPECT_EQ(tally_applied, flagged);
  if (type != ErrorType::kNameSwap) {
    EXPECT_EQ(tally_applied, applied);
    EXPECT_EQ(tally_eligible, eligible) << error_name(type);
  }
}

std::vector<ErrorType> all_error_types() {
  std::vector<ErrorType> out;
  for (int e = 0; e < kNumErrorTypes; ++e)
    out.push_back(static_cast<ErrorType>(e));
  return out;
}

INSTANTIATE_TEST_SUITE_P(EveryType, ErrorRateTest, ::testing::ValuesIn(all_error_types()),
                         [](const ::testing::TestParamInfo<ErrorType>& info) {
                           return std::string(error_name(info.param));
                         });

// With the shipped defaults (all errors together, group multipliers on), the generator's tally
// per dataset, name-origin group and error matches the effective configured rate.
TEST(ErrorRates, DefaultConfigRatesHoldPerDatasetAndGroup) {
  const Population population(default_synth_config(), 99, 40000);
  ErrorTally tally;
  for (std::uint64_t index = 0; index < population.persons(); ++index) {
    population.records(population.journey(index), index, &tally);
  }
  int checked = 0;
  for (int d = 0; d < kNumDatasets; ++d) {
    for (int g = 0; g < kNumNameGroups; ++g) {
      for (int e = 0; e < kNumErrorTypes; ++e) {
        const auto n = static_cast<double>(tally.eligible[d][g][e]);
        if (n < 500) continue;
        const double p = population.config().rate(
            static_cast<DatasetId>(d), static_cast<NameGroup>(g), static_cast<ErrorType>(e));
        const double observed = static_cast<double>(tally.applied[d][g][e]) / n;
        EXPECT_NEAR(observed, p, 5 * std::sqrt(p * (1 - p) / n) + 1e-12)
            << dataset_name(static_cast<DatasetId>(d)) << " "
            << name_group_name(static_cast<NameGroup>(g)) << " "
            << error_name(static_cast<ErrorType>(e));
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 300);
}

}  // namespace
}  // namespace xjslink::synth
