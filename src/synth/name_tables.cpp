// File: synth/name_tables.cpp
// Parsing of the shipped tables and the name model:
// - anglo forenames: the ONS top-100 list of the decade nearest the birth year (ranks weighted
//   (rank + 10)^-1.3, a fit to the 1997 counts), else (1 - top100 share) uniformly from every
//   name in any list of that sex;
// - anglo surnames: a head from the US 2010 census table (counts), a toponymic tail
//   (element combinations, weight 1/(rank + 300)) and a procedural rare tail (weight
//   1/(rank + 1000));
// - other groups: their own weighted pools from group_names.csv.
// See docs/synthetic-data.md for sources and licences.
#include "synth/name_tables.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <numeric>
#include <set>
#include <sstream>

#include "synth/embedded_data.hpp"
#include "xjslink/error.hpp"

namespace xjslink::synth {
namespace {

std::vector<std::string> split(std::string_view text, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = text.find(sep, start);
    out.emplace_back(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return out;
}

// Rows of a shipped CSV without its header; the files use no quoting.
std::vector<std::vector<std::string>> csv_rows(std::string_view file, std::size_t columns) {
  std::vector<std::vector<std::string>> rows;
  bool header = true;
  for (auto& line : split(embedded_file(file), '\n')) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    if (header) {
      header = false;
      continue;
    }
    auto fields = split(line, ',');
    XJS_CHECK(fields.size() == columns, "malformed shipped table " + std::string(file));
    rows.push_back(std::move(fields));
  }
  return rows;
}

std::vector<std::string> words(std::string_view text) {
  std::vector<std::string> out;
  for (auto& w : split(text, ' ')) {
    if (!w.empty()) out.push_back(w == "-" ? std::string() : w);
  }
  return out;
}

double rank_weight(std::size_t rank0) {
  return std::pow(static_cast<double>(rank0 + 11), -1.3);
}

}  // namespace

NameTables::NameTables(double forename_top100_share, double surname_head_share,
                       double surname_toponymic_share)
    : forename_top100_share_(forename_top100_share),
      surname_head_share_(surname_head_share),
      surname_toponymic_share_(surname_toponymic_share) {
  std::array<std::set<std::string>, 2> all_forenames;
  for (const auto& row : csv_rows("names/forenames_ons_top100.csv", 3)) {
    const int sex = row[1] == "F" ? 1 : 0;
    RankedList list{std::atoi(row[0].c_str()), words(row[2]), {}};
    std::vector<double> w;
    for (std::size_t i = 0; i < list.names.size(); ++i)
      w.push_back(rank_weight(i));
    list.sampler = AliasTable(w);
    all_forenames[sex].insert(list.names.begin(), list.names.end());
    forename_lists_[sex].push_back(std::move(list));
  }
  {
    std::array<RankedList, 2> recent{RankedList{1997, {}, {}}, RankedList{1997, {}, {}}};
    std::array<std::vector<double>, 2> counts;
    for (const auto& row : csv_rows("names/forenames_ons_1997_england.csv", 3)) {
      const int sex = row[0] == "F" ? 1 : 0;
      recent[sex].names.push_back(row[1]);
      counts[sex].push_back(std::atof(row[2].c_str()));
      all_forenames[sex].insert(row[1]);
    }
    for (int s = 0; s < 2; ++s) {
      recent[s].sampler = AliasTable(counts[s]);
      forename_lists_[s].push_back(std::move(recent[s]));
    }
  }
  for (int s = 0; s < 2; ++s) {
    std::sort(forename_lists_[s].begin(), forename_lists_[s].end(),
              [](const RankedList& a, const RankedList& b) { return a.year < b.year; });
    forename_tail_[s].assign(all_forenames[s].begin(), all_forenames[s].end());
  }

  std::vector<double> head_counts;
  for (const auto& row : csv_rows("names/surnames_us2010.csv", 2)) {
    surname_head_.push_back(row[0]);
    head_counts.push_back(std::atof(row[1].c_str()));
  }
  surname_head_sampler_ = AliasTable(head_counts);

  for (const auto& row : csv_rows("names/surname_elements.csv", 2)) {
    auto list = words(row[1]);
    if (row[0] == "toponymic_first") topo_first_ = list;
    if (row[0] == "toponymic_link") topo_link_ = list;
    if (row[0] == "toponymic_last") topo_last_ = list;
    if (row[0] == "syllable_onset") syl_onset_ = list;
    if (row[0] == "syllable_vowel") syl_vowel_ = list;
    if (row[0] == "syllable_coda") syl_coda_ = list;
    if (row[0] == "syllable_ending") syl_ending_ = list;
  }
  XJS_CHECK(!topo_first_.empty() && !topo_link_.empty() && !topo_last_.empty() &&
                !syl_onset_.empty() && !syl_vowel_.empty() && !syl_coda_.empty() &&
                !syl_ending_.empty(),
            "surname_elements.csv lacks a row");
  {
    const std::size_t n = topo_first_.size() * topo_link_.size() * topo_last_.size();
    std::vector<double> w(n);
    for (std::size_t r = 0; r < n; ++r)
      w[r] = 1.0 / static_cast<double>(r + 300);
    topo_sampler_ = AliasTable(w);
  }

  std::array<std::array<std::vector<double>, 3>, kNumNameGroups> pool_weights;
  for (const auto& row : csv_rows("names/group_names.csv", 5)) {
    const auto group = name_group_from_name(row[0]);
    XJS_CHECK(group.has_value(), "group_names.csv: unknown group");
    const int kind = row[1] == "forename_m" ? 0 : row[1] == "forename_f" ? 1 : 2;
    const int g = static_cast<int>(*group);
    pools_[g][kind].names.push_back(row[2]);
    pool_weights[g][kind].push_back(std::atof(row[3].c_str()));
    if (!row[4].empty()) {
      auto& v = variants_[row[2]];
      for (auto& name : split(row[4], '|')) {
        if (std::find(v.begin(), v.end(), name) == v.end()) v.push_back(name);
      }
    }
  }
  for (int g = 1; g < kNumNameGroups; ++g) {
    for (int k = 0; k < 3; ++k) {
      XJS_CHECK(!pools_[g][k].names.empty(), "group_names.csv: a group lacks a name kind");
      pools_[g][k].sampler = AliasTable(pool_weights[g][k]);
    }
  }

  for (const auto& row : csv_rows("names/nicknames.csv", 2))
    nicknames_[row[0]] = split(row[1], '|');

  std::vector<double> area_weights;
  std::array<std::vector<double>, kNumRegions> region_weights;
  for (const auto& row : csv_rows("synth/postcode_areas.csv", 4)) {
    const auto region = region_from_name(row[1]);
    XJS_CHECK(region.has_value(), "postcode_areas.csv: unknown region");
    const auto index = static_cast<std::uint32_t>(areas_.size());
    areas_.push_back({row[0], *region, std::atoi(row[3].c_str())});
    area_weights.push_back(std::atof(row[2].c_str()));
    region_areas_[static_cast<int>(*region)].push_back(index);
    region_weights[static_cast<int>(*region)].push_back(area_weights.back());
  }
  area_sampler_ = AliasTable(area_weights);
  for (int r = 0; r < kNumRegions; ++r) {
    XJS_CHECK(!region_areas_[r].empty(), "postcode_areas.csv: a region has no area");
    region_samplers_[r] = AliasTable(region_weights[r]);
  }
}

std::string NameTables::forename(Sex sex, int birth_year, NameGroup group,
                                 RandomStream& rng) const {
  const int s = sex == Sex::kFemale ? 1 : 0;
  if (group != NameGroup::kAnglo) {
    const auto& pool = pools_[static_cast<int>(group)][s];
    return pool.names[pool.sampler.sample(rng)];
  }
  // The list whose year is nearest the birth year (ties go to the earlier list).
  const auto& lists = forename_lists_[s];
  std::size_t best = 0;
  for (std::size_t i = 1; i < lists.size(); ++i) {
    if (std::abs(lists[i].year - birth_year) < std::abs(lists[best].year - birth_year)) best = i;
  }
  if (rng.bernoulli(forename_top100_share_)) {
    return lists[best].names[lists[best].sampler.sample(rng)];
  }
  const auto& tail = forename_tail_[s];
  return tail[rng.below(static_cast<std::uint32_t>(tail.size()))];
}

std::string NameTables::surname(NameGroup group, RandomStream& rng) const {
  if (group != NameGroup::kAnglo) {
    const auto& pool = pools_[static_cast<int>(group)][2];
    return pool.names[pool.sampler.sample(rng)];
  }
  const double u = rng.uniform();
  if (u < surname_head_share_) return surname_head_[surname_head_sampler_.sample(rng)];
  if (u < surname_head_share_ + surname_toponymic_share_) return toponymic_surname(rng);
  return procedural_surname(rng);
}

std::string NameTables::toponymic_surname(RandomStream& rng) const {
  // Rank r maps to a combination through a fixed stride, so frequent and rare combinations
  // are spread over the element lists rather than all starting with the first element.
  const std::size_t n = topo_first_.size() * topo_link_.size() * topo_last_.size();
  const std::size_t rank = topo_sampler_.sample(rng);
  std::size_t stride = 7919;
  while (std::gcd(stride, n) != 1)
    stride += 2;
  const std::size_t combo = (rank * stride + 17) % n;
  const std::size_t a = combo % topo_first_.size();
  const std::size_t b = (combo / topo_first_.size()) % topo_link_.size();
  const std::size_t c = combo / (topo_first_.size() * topo_link_.size());
  return topo_first_[a] + topo_link_[b] + topo_last_[c];
}

std::string NameTables::procedural_surname(RandomStream& rng) const {
  const std::size_t n =
      syl_onset_.size() * syl_vowel_.size() * syl_coda_.size() * syl_ending_.size();
  // Density proportional to 1/(rank + kOffset): a long tail in which even the commonest name
  // is rare (about 1 in 5000 of this tail), drawn by inverting the continuous CDF.
  constexpr double kOffset = 1000.0;
  const double u = rng.uniform();
  auto rank = static_cast<std::size_t>(
      std::exp(u * std::log(double(n) + kOffset) + (1.0 - u) * std::log(kOffset)) - kOffset);
  if (rank >= n) rank = n - 1;
  std::size_t stride = 104729;
  while (std::gcd(stride, n) != 1)
    stride += 2;
  std::size_t combo = (rank * stride + 31) % n;
  const std::size_t a = combo % syl_onset_.size();
  combo /= syl_onset_.size();
  const std::size_t b = combo % syl_vowel_.size();
  combo /= syl_vowel_.size();
  const std::size_t c = combo % syl_coda_.size();
  const std::size_t d = combo / syl_coda_.size();
  return syl_onset_[a] + syl_vowel_[b] + syl_coda_[c] + syl_ending_[d];
}

const std::vector<std::string>& NameTables::nicknames(std::string_view forename) const {
  static const std::vector<std::string> kNone;
  const auto it = nicknames_.find(std::string(forename));
  return it == nicknames_.end() ? kNone : it->second;
}

const std::vector<std::string>& NameTables::variants(std::string_view name) const {
  static const std::vector<std::string> kNone;
  const auto it = variants_.find(std::string(name));
  return it == variants_.end() ? kNone : it->second;
}

std::uint32_t NameTables::area_in_region(Region region, RandomStream& rng) const {
  const int r = static_cast<int>(region);
  return region_areas_[r][region_samplers_[r].sample(rng)];
}

std::uint32_t NameTables::any_area(RandomStream& rng) const {
  return area_sampler_.sample(rng);
}

}  // namespace xjslink::synth
