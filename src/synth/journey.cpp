// File: synth/journey.cpp
// The latent population: an index person's attributes, address history and identifiers, the
// related persons of family and civil cases, and the dated true records of their journey
// through the seven datasets (magistrates -> Crown Court -> prison -> probation -> OASys for
// criminal episodes; family cases; civil possession claims). Rates are in SynthConfig and
// documented in docs/synthetic-data.md.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "kernels/civil_date.hpp"
#include "synth/population_internal.hpp"

namespace xjslink::synth {
namespace {

constexpr double kDaysPerYear = 365.2425;
constexpr std::string_view kUnitLetters = "ABDEFGHJLNPQRSTUWXYZ";  // postcode unit letters
constexpr std::string_view kPncCheck = "ZABCDEFGHJKLMNPQRTUVWXY";  // mod-23 check letters
constexpr std::string_view kLetters = "ABCDEFGHJKLMNPQRSTUVWXYZ";

template <std::size_t N>
int pick(const std::array<double, N>& weights, RandomStream& rng) {
  double total = 0.0;
  for (double w : weights)
    total += w;
  double u = rng.uniform() * total;
  for (std::size_t i = 0; i < N; ++i) {
    if (u < weights[i]) return static_cast<int>(i);
    u -= weights[i];
  }
  for (std::size_t i = N; i-- > 0;) {
    if (weights[i] > 0.0) return static_cast<int>(i);
  }
  return 0;
}

int year_of(std::int32_t day) {
  return kernels::civil_from_days(day).year;
}

std::int32_t add_years(std::int32_t day, double years) {
  return day + static_cast<std::int32_t>(std::lround(years * kDaysPerYear));
}

std::int32_t sample_dob(const std::vector<AgeBand>& bands, std::int32_t reference,
                        RandomStream& rng) {
  std::vector<double> w;
  for (const auto& b : bands)
    w.push_back(b.weight);
  double total = 0.0;
  for (double x : w)
    total += x;
  double u = rng.uniform() * total;
  std::size_t k = 0;
  while (k + 1 < bands.size() && u >= w[k])
    u -= w[k++];
  const auto age = static_cast<int>(rng.between(bands[k].min_age, bands[k].max_age));
  // Uniform over the year of age: born between age+1 and age years before the reference date.
  return add_years(reference, -static_cast<double>(age)) -
         static_cast<std::int32_t>(rng.between(0, 364));
}

std::vector<std::string> middle_names(const NameTables& tables, const SynthConfig& c, Sex sex,
                                      int birth_year, NameGroup group, const std::string& forename,
                                      RandomStream& rng) {
  std::vector<std::string> out;
  int count = 0;
  if (rng.bernoulli(c.middle_name_one)) count = rng.bernoulli(c.middle_name_two) ? 2 : 1;
  for (int i = 0; i < count; ++i) {
    for (int attempt = 0; attempt < 4; ++attempt) {
      std::string m = tables.forename(sex, birth_year, group, rng);
      if (m != forename && std::find(out.begin(), out.end(), m) == out.end()) {
        out.push_back(std::move(m));
        break;
      }
    }
  }
  return out;
}

std::string draw_surname(const NameTables& tables, const SynthConfig& c, NameGroup group,
                         RandomStream& rng) {
  std::string s = tables.surname(group, rng);
  if (rng.bernoulli(c.double_barrelled)) {
    std::string second = tables.surname(group, rng);
    if (second != s && s.find('-') == std::string::npos) s += "-" + second;
  }
  return s;
}

// Address history from a first area: moves from three years before the window to its end.
std::vector<Address> address_history(const NameTables& tables, const SynthConfig& c,
                                     std::uint32_t first_area, std::int32_t dob,
                                     RandomStream& rng) {
  std::vector<Address> out;
  out.push_back(
      {std::min(dob, add_years(c.window_start, -3.0)), make_postcode(tables, first_area, rng)});
  const std::int32_t from = std::max(dob, add_years(c.window_start, -3.0));
  const double years = static_cast<double>(c.window_end - from) / kDaysPerYear;
  const int moves = years > 0 ? rng.poisson(c.moves_per_year * years) : 0;
  std::vector<std::int32_t> days;
  for (int i = 0; i < moves; ++i)
    days.push_back(static_cast<std::int32_t>(rng.between(from, c.window_end)));
  std::sort(days.begin(), days.end());
  std::uint32_t area = first_area;
  for (std::int32_t day : days) {
    if (day <= out.back().from_day) continue;
    const double u = rng.uniform();
    if (u >= c.move_same_area) {
      area = u < c.move_same_area + c.move_same_region
                 ? tables.area_in_region(tables.areas()[area].region, rng)
                 : tables.any_area(rng);
    }
    out.push_back({day, make_postcode(tables, area, rng)});
  }
  return out;
}

std::string pnc_id(int year, RandomStream& rng) {
  const auto serial = static_cast<std::uint32_t>(rng.below(10'000'000));
  const auto check =
      static_cast<std::size_t>((static_cast<std::uint64_t>(year % 100) * 10'000'000 + serial) % 23);
  char buf[24];
  std::snprintf(buf, sizeof(buf), "%04d/%07u%c", year, serial, kPncCheck[check]);
  return buf;
}

std::string letters(int n, RandomStream& rng) {
  std::string s;
  for (int i = 0; i < n; ++i)
    s.push_back(kLetters[rng.below(kLetters.size())]);
  return s;
}

std::string digits(int n, RandomStream& rng) {
  std::string s;
  for (int i = 0; i < n; ++i)
    s.push_back(static_cast<char>('0' + rng.below(10)));
  return s;
}

template <std::size_t N>
std::string_view pick_name(const std::array<std::pair<std::string_view, double>, N>& options,
                           RandomStream& rng) {
  std::array<double, N> w{};
  for (std::size_t i = 0; i < N; ++i)
    w[i] = options[i].second;
  return options[pick(w, rng)].first;
}

constexpr std::array<std::pair<std::string_view, double>, 12> kOffences = {{
    {"summary_motoring", 0.20},
    {"summary_non_motoring", 0.18},
    {"theft", 0.14},
    {"violence_against_the_person", 0.14},
    {"drugs", 0.09},
    {"public_order", 0.06},
    {"criminal_damage", 0.05},
    {"fraud", 0.04},
    {"burglary", 0.03},
    {"possession_of_weapons", 0.03},
    {"robbery", 0.02},
    {"sexual_offences", 0.02},
}};

class JourneyBuilder {
 public:
  JourneyBuilder(const Population::Impl& impl, std::uint64_t index)
      : impl_(impl),
        c_(impl.config),
        t_(impl.tables),
        index_(index),
        rng_(impl.seed, index, Purpose::kJourney) {}

  PersonJourney build() {
    RandomStream prng(impl_.seed, index_, Purpose::kPerson);
    journey_.primary_contact = static_cast<ContactType>(pick(c_.primary_contact, prng));
    const int primary = static_cast<int>(journey_.primary_contact);
    journey_.contacts[primary] = true;
    for (int other = 0; other < kNumContactTypes; ++other) {
      if (other != primary && prng.bernoulli(c_.secondary_contact[primary][other])) {
        journey_.contacts[other] = true;
      }
    }
    Person p;
    p.person_id = index_;
    p.is_index = true;
    p.sex = prng.bernoulli(c_.female_share[primary]) ? Sex::kFemale : Sex::kMale;
    p.dob = sample_dob(c_.age_bands[primary], c_.reference_date, prng);
    p.ethnic_group = static_cast<EthnicGroup>(pick(c_.ethnic_group, prng));
    p.name_group =
        static_cast<NameGroup>(pick(c_.name_origin[static_cast<int>(p.ethnic_group)], prng));
    fill_names(p, prng);
    const std::uint32_t area = t_.any_area(prng);
    p.region = t_.areas()[area].region;
    p.addresses = address_history(t_, c_, area, p.dob, prng);
    if (journey_.contacts[static_cast<int>(ContactType::kCriminal)] &&
        prng.bernoulli(c_.alias_given_criminal)) {
      const bool alias_forename = prng.bernoulli(0.7);
      const bool alias_surname = !alias_forename || prng.bernoulli(0.5);
      if (alias_forename) p.alias_forename = t_.forename(p.sex, year_of(p.dob), p.name_group, prng);
      if (alias_surname) p.alias_surname = t_.surname(p.name_group, prng);
      if (p.alias_forename == p.forename) p.alias_forename.clear();
      if (p.alias_surname == p.surname || p.alias_surname == p.later_surname) {
        p.alias_surname.clear();
      }
    }
    journey_.persons.push_back(std::move(p));

    if (journey_.contacts[static_cast<int>(ContactType::kCriminal)]) criminal();
    if (journey_.contacts[static_cast<int>(ContactType::kFamily)]) family();
    if (journey_.contacts[static_cast<int>(ContactType::kCivil)]) civil();
    return std::move(journey_);
  }

 private:
  void fill_names(Person& p, RandomStream& rng) const {
    const int birth_year = year_of(p.dob);
    p.forename = t_.forename(p.sex, birth_year, p.name_group, rng);
    p.middle_names = middle_names(t_, c_, p.sex, birth_year, p.name_group, p.forename, rng);
    p.surname = draw_surname(t_, c_, p.name_group, rng);
    const double change = p.sex == Sex::kFemale ? c_.surname_change_female : c_.surname_change_male;
    const std::int32_t adult = std::max(c_.window_start, add_years(p.dob, 18.0));
    if (adult < c_.window_end && rng.bernoulli(change)) {
      p.surname_change_day = static_cast<std::int32_t>(rng.between(adult, c_.window_end));
      for (int attempt = 0;
           attempt < 4 && (p.later_surname.empty() || p.later_surname == p.surname); ++attempt) {
        p.later_surname = draw_surname(t_, c_, p.name_group, rng);
      }
      if (p.later_surname == p.surname) {
        p.later_surname.clear();
        p.surname_change_day = kNever;
      }
    }
  }

  // Dates of n events, sorted, uniform in [from, to] (empty when the range is empty).
  std::vector<std::int32_t> event_days(int n, std::int32_t from, std::int32_t to) {
    std::vector<std::int32_t> days;
    if (from > to) return days;
    for (int i = 0; i < n; ++i)
      days.push_back(static_cast<std::int32_t>(rng_.between(from, to)));
    std::sort(days.begin(), days.end());
    return days;
  }

  void add(DatasetId dataset, std::uint32_t person, std::int32_t day,
           std::vector<std::string> extra) {
    if (day > c_.window_end) return;  // outside the data window
    journey_.records.push_back({dataset, person, day, std::move(extra)});
  }

  std::string court_code(std::uint32_t person, std::int32_t day) {
    const Person& p = journey_.persons[person];
    const std::string& postcode = p.addresses[p.address_index_on(day)].postcode;
    std::string area;
    for (char ch : postcode) {
      if (ch < 'A' || ch > 'Z') break;
      area.push_back(ch);
    }
    return area + std::to_string(1 + rng_.below(4));
  }

  void criminal() {
    Person& p = journey_.persons[0];
    // Discrete Pareto: P(K >= k) = k^-alpha, so most people have one episode, a few very many.
    const double u = 1.0 - rng_.uniform();
    const double k = std::floor(std::pow(u, -1.0 / c_.episode_alpha));
    const int episodes = static_cast<int>(std::min<double>(k, c_.episode_max));
    const auto days =
        event_days(episodes, std::max(c_.window_start, add_years(p.dob, 10.0)), c_.window_end - 30);
    if (days.empty()) return;
    p.pnc_id = pnc_id(
        std::max(year_of(days.front()) - static_cast<int>(rng_.below(3)), year_of(p.dob) + 10),
        rng_);
    for (std::int32_t day : days) {
      const std::string offence(pick_name(kOffences, rng_));
      // Summary offences are tried only in the magistrates' courts.
      const bool crown_draw = rng_.bernoulli(c_.crown_given_episode);
      const bool to_crown = crown_draw && !offence.starts_with("summary_");
      add(DatasetId::kMagistrates, 0, day,
          {"MC" + digits(10, rng_), court_code(0, day), format_date(day), offence,
           std::string(to_crown ? "committed_for_trial"
                                : pick_name<4>({{{"guilty", 0.6},
                                                 {"dismissed", 0.1},
                                                 {"withdrawn", 0.15},
                                                 {"sentenced", 0.15}}},
                                               rng_))});
      std::int32_t sentence_day = day + static_cast<std::int32_t>(rng_.between(0, 30));
      bool custody = false;
      if (to_crown) {
        const std::int32_t receipt = day + static_cast<std::int32_t>(rng_.between(20, 240));
        const std::string plea(pick_name<2>({{{"guilty", 0.7}, {"not_guilty", 0.3}}}, rng_));
        custody = rng_.bernoulli(c_.prison_given_crown);
        add(DatasetId::kCrownCourt, 0, receipt,
            {"T" + std::to_string(year_of(receipt)) + digits(4, rng_), court_code(0, receipt),
             format_date(receipt), offence, plea,
             custody ? "immediate_custody"
                     : std::string(pick_name<3>({{{"suspended_sentence", 0.4},
                                                  {"community_order", 0.4},
                                                  {"acquitted", 0.2}}},
                                                rng_))});
        sentence_day = receipt + static_cast<std::int32_t>(rng_.between(0, 60));
      } else {
        custody = rng_.bernoulli(c_.prison_given_magistrates_only);
      }
      std::int32_t supervision_day = sentence_day;
      bool supervised = false;
      if (custody) {
        if (p.prison_number.empty()) {
          p.prison_number = letters(1, rng_) + digits(4, rng_) + letters(2, rng_);
        }
        const auto length =
            static_cast<std::int32_t>(to_crown ? rng_.between(90, 2500) : rng_.between(14, 180));
        const std::int32_t release = sentence_day + length / 2;
        add(DatasetId::kPrison, 0, sentence_day,
            {p.prison_number, letters(3, rng_), format_date(sentence_day),
             release <= c_.window_end ? format_date(release) : std::string(),
             std::string(pick_name<2>({{{"sentenced", 0.85}, {"remand", 0.15}}}, rng_)),
             std::to_string(length)});
        supervision_day = release;
        supervised = rng_.bernoulli(c_.probation_given_prison);
      } else {
        supervised = rng_.bernoulli(c_.probation_given_no_prison);
      }
      const bool assessed = (custody || supervised) && rng_.bernoulli(c_.oasys_given_supervision);
      if (supervised || assessed) {
        if (p.crn.empty()) p.crn = letters(1, rng_) + digits(6, rng_);
      }
      if (supervised) {
        add(DatasetId::kProbation, 0, supervision_day,
            {p.crn, std::string(region_name(p.region)), format_date(supervision_day),
             custody
                 ? "licence"
                 : std::string(pick_name<2>(
                       {{{"community_order", 0.6}, {"suspended_sentence_order", 0.4}}}, rng_))});
      }
      if (assessed) {
        std::int32_t a_day = (custody ? sentence_day : supervision_day) +
                             static_cast<std::int32_t>(rng_.between(0, 60));
        const int reviews = rng_.bernoulli(c_.oasys_review) ? 1 : 0;
        for (int i = 0; i <= reviews; ++i) {
          const auto ogrs = static_cast<int>(rng_.between(5, 95));
          add(DatasetId::kOasys, 0, a_day,
              {p.crn, format_date(a_day), i == 0 ? "initial" : "review", std::to_string(ogrs),
               ogrs < 30   ? "low"
               : ogrs < 60 ? "medium"
               : ogrs < 85 ? "high"
                           : "very_high"});
          a_day += static_cast<std::int32_t>(rng_.between(120, 365));
        }
      }
    }
  }

  // Related persons are keyed by their own person_id, so repeat cases show the same people.
  std::uint32_t related(int slot) {
    const std::uint64_t id =
        impl_.persons + kRelatedSlots * index_ + static_cast<std::uint64_t>(slot);
    for (std::uint32_t i = 1; i < journey_.persons.size(); ++i) {
      if (journey_.persons[i].person_id == id) return i;
    }
    const Person& anchor = journey_.persons[0];
    RandomStream rng(impl_.seed, id, Purpose::kPerson);
    Person r;
    r.person_id = id;
    r.is_index = false;
    r.ethnic_group = rng.bernoulli(0.8) ? anchor.ethnic_group
                                        : static_cast<EthnicGroup>(pick(c_.ethnic_group, rng));
    r.name_group =
        r.ethnic_group == anchor.ethnic_group
            ? anchor.name_group
            : static_cast<NameGroup>(pick(c_.name_origin[static_cast<int>(r.ethnic_group)], rng));
    r.region = anchor.region;
    r.addresses = anchor.addresses;  // the household
    if (slot == 0) {
      r.sex =
          rng.bernoulli(0.9) ? (anchor.sex == Sex::kMale ? Sex::kFemale : Sex::kMale) : anchor.sex;
      r.dob = add_years(anchor.dob, static_cast<double>(rng.between(-6, 6))) -
              static_cast<std::int32_t>(rng.between(0, 364));
      fill_names(r, rng);
      if (rng.bernoulli(0.45)) r.surname = anchor.surname;
      if (r.later_surname == r.surname) {
        r.later_surname.clear();
        r.surname_change_day = kNever;
      }
    } else {
      r.ethnic_group = anchor.ethnic_group;
      r.name_group = anchor.name_group;
      r.sex = rng.bernoulli(0.5) ? Sex::kFemale : Sex::kMale;
      const std::int32_t earliest = add_years(anchor.dob, 18.0);
      const std::int32_t latest = std::min(c_.window_end, add_years(anchor.dob, 45.0));
      r.dob = static_cast<std::int32_t>(rng.between(earliest, std::max(earliest, latest)));
      fill_names(r, rng);
      r.surname_change_day = kNever;
      r.later_surname.clear();
      r.surname = rng.bernoulli(0.7) ? anchor.surname_on(r.dob) : r.surname;
    }
    // The first address stands for everywhere lived before the first move, births included.
    r.addresses[0].from_day = std::min(r.addresses[0].from_day, r.dob);
    journey_.persons.push_back(std::move(r));
    return static_cast<std::uint32_t>(journey_.persons.size() - 1);
  }

  void family() {
    const Person& p = journey_.persons[0];
    const int cases = 1 + rng_.geometric(c_.family_case_repeat, c_.family_case_max - 1);
    const auto days =
        event_days(cases, std::max(c_.window_start, add_years(p.dob, 18.0)), c_.window_end);
    const int children =
        c_.family_children_max > 0 ? 1 + static_cast<int>(rng_.below(c_.family_children_max)) : 0;
    for (std::int32_t day : days) {
      const std::string type(pick_name<4>({{{"private_law", 0.45},
                                            {"public_law", 0.15},
                                            {"matrimonial", 0.25},
                                            {"domestic_abuse", 0.15}}},
                                          rng_));
      const std::string number = digits(2, rng_) + letters(2, rng_) + digits(5, rng_);
      const std::string court = court_code(0, day);
      const bool anchor_applies = type != "public_law" && rng_.bernoulli(0.5);
      const auto party = [&](std::uint32_t who, std::string role) {
        add(DatasetId::kFamilyCourt, who, day,
            {number, court, type, std::move(role), format_date(day)});
      };
      party(0, anchor_applies ? "applicant" : "respondent");
      const bool with_partner = type == "matrimonial" || type == "domestic_abuse" ||
                                rng_.bernoulli(c_.family_partner_party);
      if (with_partner) party(related(0), anchor_applies ? "respondent" : "applicant");
      if (type == "private_law" || type == "public_law") {
        for (int child = 1; child <= children; ++child) {
          const std::uint32_t who = related(child);
          if (journey_.persons[who].dob < day && add_years(journey_.persons[who].dob, 18.0) > day) {
            party(who, "child");
          }
        }
      }
    }
  }

  void civil() {
    const Person& p = journey_.persons[0];
    const int claims = 1 + rng_.geometric(c_.civil_claim_repeat, c_.civil_claim_max - 1);
    const auto days =
        event_days(claims, std::max(c_.window_start, add_years(p.dob, 18.0)), c_.window_end);
    for (std::int32_t day : days) {
      const std::string number = digits(1, rng_) + letters(2, rng_) + digits(5, rng_);
      const std::string court = court_code(0, day);
      const std::string type(pick_name<4>({{{"social_landlord", 0.45},
                                            {"private_landlord", 0.25},
                                            {"accelerated", 0.15},
                                            {"mortgage", 0.15}}},
                                          rng_));
      const std::string outcome(pick_name<4>({{{"outright_order", 0.35},
                                               {"suspended_order", 0.3},
                                               {"adjourned", 0.2},
                                               {"dismissed", 0.15}}},
                                             rng_));
      add(DatasetId::kCivilPossession, 0, day, {number, court, type, format_date(day), outcome});
      if (rng_.bernoulli(c_.civil_second_defendant)) {
        add(DatasetId::kCivilPossession, related(0), day,
            {number, court, type, format_date(day), outcome});
      }
    }
  }

  const Population::Impl& impl_;
  const SynthConfig& c_;
  const NameTables& t_;
  std::uint64_t index_;
  RandomStream rng_;
  PersonJourney journey_;
};

}  // namespace

std::string make_postcode(const NameTables& tables, std::uint32_t area, RandomStream& rng) {
  const PostcodeArea& a = tables.areas()[area];
  std::string pc = a.code;
  pc += std::to_string(1 + rng.below(static_cast<std::uint32_t>(a.districts)));
  pc += ' ';
  pc += static_cast<char>('0' + rng.below(10));
  pc += kUnitLetters[rng.below(kUnitLetters.size())];
  pc += kUnitLetters[rng.below(kUnitLetters.size())];
  return pc;
}

PersonJourney build_journey(const Population::Impl& impl, std::uint64_t index) {
  return JourneyBuilder(impl, index).build();
}

}  // namespace xjslink::synth
