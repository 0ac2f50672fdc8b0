// File: synth/record_errors.cpp
// From a true record to the record as a dataset holds it. Each error type is decided by a fixed
// draw of the record's decision stream and carried out with its own stream, both keyed by
// (seed, index person, record ordinal), so changing one rate never moves another error's draws. An
// error is first tested for eligibility (can it apply to this record at this point?), and its rate
// is the probability among eligible records; the ErrorTally counts both, which is what the rate
// tests and the run report check.
#include <algorithm>
#include <array>
#include <cstdio>

#include "kernels/civil_date.hpp"
#include "synth/population_internal.hpp"

namespace xjslink::synth {
namespace {

struct PhoneticRule {
  std::string_view from;
  std::string_view to;
  bool at_end;  // only when `from` ends the name
};

// Spelling changes that keep the sound: the kind of variation a clerk hearing a name makes.
constexpr std::array<PhoneticRule, 34> kPhoneticRules = {{
    {"PH", "F", false},  {"F", "PH", false},   {"CK", "K", false},   {"C", "K", false},
    {"K", "C", false},   {"IE", "Y", true},    {"Y", "IE", true},    {"EY", "Y", true},
    {"Y", "EY", true},   {"EE", "EA", false},  {"EA", "EE", false},  {"OU", "OW", false},
    {"OW", "OU", false}, {"EI", "IE", false},  {"IE", "EI", false},  {"AI", "AY", false},
    {"AY", "AI", false}, {"SON", "SEN", true}, {"SEN", "SON", true}, {"TH", "T", false},
    {"Z", "S", false},   {"S", "Z", false},    {"LL", "L", false},   {"L", "LL", true},
    {"TT", "T", false},  {"NN", "N", false},   {"RR", "R", false},   {"SS", "S", false},
    {"MM", "M", false},  {"ER", "A", true},    {"X", "KS", false},   {"KS", "X", false},
    {"QU", "KW", false}, {"I", "Y", false},
}};

// QWERTY neighbours, for substitution typos.
constexpr std::array<std::string_view, 26> kKeyNeighbours = {
    "QWSZ",   "VGHN",  "XDFV", "SERFCX", "WSDR", "DRTGVC", "FTYHBV", "GYUJNB", "UJKO",
    "HUIKMN", "JIOLM", "KOP",  "NJK",    "BHJM", "IKLP",   "OL",     "WA",     "EDFT",
    "AWEDXZ", "RFGY",  "YHJI", "CFGB",   "QASE", "ZSDC",   "TGHU",   "ASX"};

bool is_letter(char c) {
  return c >= 'A' && c <= 'Z';
}

std::vector<std::pair<std::size_t, const PhoneticRule*>> phonetic_sites(const std::string& s) {
  std::vector<std::pair<std::size_t, const PhoneticRule*>> sites;
  for (const auto& rule : kPhoneticRules) {
    if (rule.at_end) {
      if (s.size() > rule.from.size() && s.ends_with(rule.from)) {
        sites.emplace_back(s.size() - rule.from.size(), &rule);
      }
      continue;
    }
    for (std::size_t pos = s.find(rule.from); pos != std::string::npos;
         pos = s.find(rule.from, pos + 1)) {
      sites.emplace_back(pos, &rule);
    }
  }
  return sites;
}

void apply_phonetic(std::string& s, RandomStream& rng) {
  const auto sites = phonetic_sites(s);
  const auto& [pos, rule] = sites[rng.below(static_cast<std::uint32_t>(sites.size()))];
  s.replace(pos, rule->from.size(), rule->to);
}

// One insert, delete, substitute or transpose; the result always differs from the input.
void apply_typo(std::string& s, RandomStream& rng) {
  const std::string original = s;
  for (int attempt = 0; attempt < 16 && s == original; ++attempt) {
    const auto n = static_cast<std::uint32_t>(s.size());
    const std::uint32_t pos = rng.below(n);
    switch (rng.below(4)) {
      case 0: {  // insert a neighbour of the letter at pos (a double strike) or a random letter
        const char near = is_letter(s[pos])
                              ? kKeyNeighbours[s[pos] - 'A'][rng.below(static_cast<std::uint32_t>(
                                    kKeyNeighbours[s[pos] - 'A'].size()))]
                              : static_cast<char>('A' + rng.below(26));
        s.insert(s.begin() + pos + rng.below(2), near);
        break;
      }
      case 1:
        if (n > 2) s.erase(pos, 1);
        break;
      case 2:
        if (is_letter(s[pos])) {
          const auto& near = kKeyNeighbours[s[pos] - 'A'];
          s[pos] = near[rng.below(static_cast<std::uint32_t>(near.size()))];
        }
        break;
      default:
        if (pos + 1 < n) std::swap(s[pos], s[pos + 1]);
        break;
    }
  }
}

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) out += ' ';
    out += p;
  }
  return out;
}

// A valid date differing from dob in exactly one digit of YYYYMMDD, if one exists.
std::int32_t dob_one_digit_wrong(std::int32_t dob, RandomStream& rng) {
  const auto c = kernels::civil_from_days(dob);
  char text[16];
  std::snprintf(text, sizeof(text), "%04d%02u%02u", c.year, c.month, c.day);
  for (int attempt = 0; attempt < 32; ++attempt) {
    char changed[16];
    std::copy(text, text + 9, changed);
    const std::uint32_t pos = 2 + rng.below(6);  // keep the century: "19"/"20" are rarely wrong
    const char digit = static_cast<char>('0' + rng.below(10));
    if (digit == changed[pos]) continue;
    changed[pos] = digit;
    int y = 0;
    unsigned m = 0, d = 0;
    std::sscanf(changed, "%4d%2u%2u", &y, &m, &d);
    if (kernels::is_valid_civil(y, m, d)) return kernels::days_from_civil(y, m, d);
  }
  return dob;
}

class Corrupter {
 public:
  Corrupter(const Population::Impl& impl, const PersonJourney& journey, std::uint64_t index,
            std::uint32_t ordinal, ErrorTally* tally)
      : impl_(impl), journey_(journey), index_(index), ordinal_(ordinal), tally_(tally) {
    RandomStream decisions(impl.seed, index, purpose(kDecisionSlot));
    for (auto& u : decision_)
      u = decisions.next_u32();
  }

  GeneratedRecord run() {
    const TrueRecord& tr = journey_.records[ordinal_];
    const Person& p = journey_.persons[tr.person];
    dataset_ = tr.dataset;
    group_ = p.name_group;
    const NameTables& tables = impl_.tables;
    const std::int32_t day = tr.event_day;

    GeneratedRecord out;
    out.dataset = tr.dataset;
    out.person_id = p.person_id;
    out.event_day = day;
    out.extra = tr.extra;

    std::string forename = p.forename;
    std::vector<std::string> middles = p.middle_names;
    std::string surname = p.surname_on(day);

    if (decide(ErrorType::kAlias, p.has_alias())) {
      if (!p.alias_forename.empty()) forename = p.alias_forename;
      if (!p.alias_surname.empty()) surname = p.alias_surname;
    }
    if (decide(ErrorType::kSurnameStale, surname == p.later_surname && !p.later_surname.empty())) {
      surname = p.surname;
    }
    {
      const auto& fv = tables.variants(forename);
      const auto& sv = tables.variants(surname);
      if (decide(ErrorType::kTransliteration, !fv.empty() || !sv.empty())) {
        RandomStream& r = stream(ErrorType::kTransliteration);
        const bool both = !fv.empty() && !sv.empty();
        const bool change_forename = !fv.empty() && (!both || r.bernoulli(0.5));
        const bool change_surname = !sv.empty() && (!change_forename || r.bernoulli(0.3));
        if (change_forename) forename = fv[r.below(static_cast<std::uint32_t>(fv.size()))];
        if (change_surname) surname = sv[r.below(static_cast<std::uint32_t>(sv.size()))];
      }
    }
    if (const auto& nick = tables.nicknames(forename);
        decide(ErrorType::kNickname, !nick.empty())) {
      forename = nick[stream(ErrorType::kNickname).below(static_cast<std::uint32_t>(nick.size()))];
    }
    if (decide(ErrorType::kMiddleNameDropped, !middles.empty())) middles.clear();
    if (decide(ErrorType::kMiddleNameMerged, !middles.empty())) {
      static constexpr std::array<std::string_view, 3> kJoin = {"", "-", " "};
      forename += kJoin[stream(ErrorType::kMiddleNameMerged).below(3)];
      forename += middles.front();
      middles.erase(middles.begin());
    }
    if (decide(ErrorType::kSurnameHyphenVariant, surname.find('-') != std::string::npos)) {
      const std::size_t dash = surname.find('-');
      switch (stream(ErrorType::kSurnameHyphenVariant).below(4)) {
        case 0:
          surname[dash] = ' ';
          break;
        case 1:
          surname.erase(dash, 1);
          break;
        case 2:
          surname = surname.substr(0, dash);
          break;
        default:
          surname = surname.substr(dash + 1);
          break;
      }
    }
    if (decide(ErrorType::kForenamePhonetic, !phonetic_sites(forename).empty())) {
      apply_phonetic(forename, stream(ErrorType::kForenamePhonetic));
    }
    if (decide(ErrorType::kSurnamePhonetic, !phonetic_sites(surname).empty())) {
      apply_phonetic(surname, stream(ErrorType::kSurnamePhonetic));
    }
    if (decide(ErrorType::kForenameTypo, forename.size() >= 2)) {
      apply_typo(forename, stream(ErrorType::kForenameTypo));
    }
    if (decide(ErrorType::kSurnameTypo, surname.size() >= 2)) {
      apply_typo(surname, stream(ErrorType::kSurnameTypo));
    }
    if (decide(ErrorType::kNameSwap, !forename.empty() && !surname.empty())) {
      std::swap(forename, surname);
    }
    if (decide(ErrorType::kForenameInitial, forename.size() >= 2)) forename.resize(1);

    std::int32_t dob = p.dob;
    bool dob_missing = false, dob_changed = false;
    if (decide(ErrorType::kDobMissing, true)) dob_missing = true;
    const auto civil = kernels::civil_from_days(dob);
    if (decide(ErrorType::kDobDefault, !dob_missing && !(civil.month == 1 && civil.day == 1))) {
      dob = kernels::days_from_civil(civil.year, 1, 1);
      dob_changed = true;
    }
    if (decide(ErrorType::kDobDayMonthSwap,
               !dob_missing && !dob_changed && civil.day <= 12 && civil.day != civil.month)) {
      dob = kernels::days_from_civil(civil.year, civil.day, civil.month);
      dob_changed = true;
    }
    if (decide(ErrorType::kDobDigit, !dob_missing && !dob_changed)) {
      dob = dob_one_digit_wrong(dob, stream(ErrorType::kDobDigit));
    }

    const std::size_t address = p.address_index_on(day);
    std::string postcode = p.addresses[address].postcode;
    bool postcode_missing = false;
    if (decide(ErrorType::kPostcodeMissing, true)) postcode_missing = true;
    if (decide(ErrorType::kPostcodeStale,
               !postcode_missing && address > 0 && p.addresses[address - 1].postcode != postcode)) {
      postcode = p.addresses[address - 1].postcode;
    }
    const bool sex_missing = decide(ErrorType::kSexMissing, true);
    const bool pnc_missing = decide(ErrorType::kPncMissing, !p.pnc_id.empty());

    const bool upper = impl_.config.datasets[static_cast<int>(dataset_)].upper_case_names;
    const auto cased = [upper](const std::string& s) { return upper ? s : title_case(s); };
    out.forename = cased(forename);
    out.middle_names = cased(join(middles));
    out.surname = cased(surname);
    out.sex = sex_missing ? "" : (p.sex == Sex::kFemale ? "F" : "M");
    out.dob = dob_missing ? "" : format_date(dob);
    out.postcode = postcode_missing ? "" : postcode;
    out.pnc_id = pnc_missing || p.pnc_id.empty() ? "" : p.pnc_id;
    out.errors = mask_;
    return out;
  }

 private:
  // Stream purposes: kRecordErrors in bits 0-3, the error type (or the decision slot) in bits
  // 4-8, the record's ordinal within the journey above: every (record, error) has its own.
  static constexpr std::uint32_t kDecisionSlot = 31;
  std::uint32_t purpose(std::uint32_t slot) const {
    return static_cast<std::uint32_t>(Purpose::kRecordErrors) | (slot << 4) | (ordinal_ << 9);
  }

  RandomStream& stream(ErrorType type) {
    auto& slot = streams_[static_cast<int>(type)];
    if (!slot.has_value())
      slot.emplace(impl_.seed, index_, purpose(static_cast<std::uint32_t>(type)));
    return *slot;
  }

  bool decide(ErrorType type, bool eligible) {
    const int e = static_cast<int>(type);
    if (!eligible) return false;
    // 32-bit uniforms are ample for rates >= 1e-9; the decision draws come from one stream
    // (fixed positions per error type), the details from the error's own stream.
    const double u = (static_cast<double>(decision_[e]) + 0.5) * 0x1.0p-32;
    const double rate = impl_.config.rate(dataset_, group_, type);
    const bool applied = u < rate;
    if (tally_ != nullptr) {
      auto& eligible_count =
          tally_->eligible[static_cast<int>(dataset_)][static_cast<int>(group_)][e];
      ++eligible_count;
      if (applied) ++tally_->applied[static_cast<int>(dataset_)][static_cast<int>(group_)][e];
    }
    if (applied) mask_ |= std::uint32_t{1} << e;
    return applied;
  }

  const Population::Impl& impl_;
  const PersonJourney& journey_;
  std::uint64_t index_;
  std::uint32_t ordinal_;
  ErrorTally* tally_;
  DatasetId dataset_ = DatasetId::kMagistrates;
  NameGroup group_ = NameGroup::kAnglo;
  std::uint32_t mask_ = 0;
  std::array<std::optional<RandomStream>, kNumErrorTypes> streams_;
  std::array<std::uint32_t, kNumErrorTypes> decision_{};
};

}  // namespace

GeneratedRecord apply_errors(const Population::Impl& impl, const PersonJourney& journey,
                             std::uint64_t index, std::uint32_t ordinal, ErrorTally* tally) {
  return Corrupter(impl, journey, index, ordinal, tally).run();
}

std::size_t Person::address_index_on(std::int32_t day) const {
  std::size_t i = 0;
  while (i + 1 < addresses.size() && addresses[i + 1].from_day <= day)
    ++i;
  return i;
}

void ErrorTally::add(const ErrorTally& other) {
  for (int d = 0; d < kNumDatasets; ++d) {
    for (int g = 0; g < kNumNameGroups; ++g) {
      for (int e = 0; e < kNumErrorTypes; ++e) {
        eligible[d][g][e] += other.eligible[d][g][e];
        applied[d][g][e] += other.applied[d][g][e];
      }
    }
  }
}

const std::vector<std::string>& person_columns() {
  static const std::vector<std::string> kColumns = {"forename", "middle_names", "surname", "sex",
                                                    "dob",      "postcode",     "pnc_id"};
  return kColumns;
}

const std::vector<std::string>& dataset_extra_columns(DatasetId dataset) {
  static const std::array<std::vector<std::string>, kNumDatasets> kExtra = {{
      {"case_id", "court_code", "hearing_date", "offence_category", "outcome"},
      {"case_number", "court_code", "receipt_date", "offence_category", "plea", "disposal"},
      {"prison_number", "establishment_code", "reception_date", "release_date", "custody_type",
       "sentence_days"},
      {"crn", "probation_region", "start_date", "order_type"},
      {"crn", "assessment_date", "assessment_type", "ogrs3_score", "risk_level"},
      {"case_number", "court_code", "case_type", "party_role", "issue_date"},
      {"claim_number", "court_code", "claim_type", "claim_date", "outcome"},
  }};
  return kExtra[static_cast<int>(dataset)];
}

std::string format_date(std::int32_t days) {
  const auto c = kernels::civil_from_days(days);
  if (c.year < 0 || c.year > 9999) {
    char buf[24];
    std::snprintf(buf, sizeof(buf), "%04d-%02u-%02u", c.year, c.month, c.day);
    return buf;
  }
  const auto y = static_cast<unsigned>(c.year);
  return {static_cast<char>('0' + y / 1000),
          static_cast<char>('0' + y / 100 % 10),
          static_cast<char>('0' + y / 10 % 10),
          static_cast<char>('0' + y % 10),
          '-',
          static_cast<char>('0' + c.month / 10),
          static_cast<char>('0' + c.month % 10),
          '-',
          static_cast<char>('0' + c.day / 10),
          static_cast<char>('0' + c.day % 10)};
}

std::string title_case(std::string_view upper) {
  std::string out(upper);
  bool start = true;
  for (char& ch : out) {
    if (ch >= 'A' && ch <= 'Z') {
      if (!start) ch = static_cast<char>(ch - 'A' + 'a');
      start = false;
    } else if (ch >= 'a' && ch <= 'z') {
      start = false;
    } else {
      start = true;  // after a space, hyphen or apostrophe
    }
  }
  return out;
}

Population::Population(SynthConfig config, std::uint64_t seed, std::uint64_t persons)
    : impl_(std::make_unique<Impl>(std::move(config), seed, persons)) {}
Population::~Population() = default;
const SynthConfig& Population::config() const {
  return impl_->config;
}
std::uint64_t Population::seed() const {
  return impl_->seed;
}
std::uint64_t Population::persons() const {
  return impl_->persons;
}

PersonJourney Population::journey(std::uint64_t index) const {
  XJS_CHECK(index < impl_->persons, "person index out of range");
  return build_journey(*impl_, index);
}

std::vector<GeneratedRecord> Population::records(const PersonJourney& journey, std::uint64_t index,
                                                 ErrorTally* tally) const {
  std::vector<GeneratedRecord> out;
  out.reserve(journey.records.size());
  for (std::uint32_t i = 0; i < journey.records.size(); ++i) {
    out.push_back(apply_errors(*impl_, journey, index, i, tally));
  }
  return out;
}

}  // namespace xjslink::synth
