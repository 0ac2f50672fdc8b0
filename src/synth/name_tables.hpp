// File: synth/name_tables.hpp
// The name, nickname, spelling-variant and postcode-area tables, parsed once from the embedded
// data files, with samplers. Names are stored in upper case ASCII; the record writer applies
// each dataset's letter case. Sampling consumes draws only from the stream it is given.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "synth/alias_table.hpp"
#include "synth/philox.hpp"
#include "xjslink/synth/model.hpp"

namespace xjslink::synth {

struct PostcodeArea {
  std::string code;  // e.g. "LS"
  Region region;
  int districts;  // district numbers run 1..districts
};

class NameTables {
 public:
  // Parses the embedded tables (XJS_CHECK on malformed shipped data: that is a build bug).
  NameTables(double forename_top100_share, double surname_head_share,
             double surname_toponymic_share);

  std::string forename(Sex sex, int birth_year, NameGroup group, RandomStream& rng) const;
  std::string surname(NameGroup group, RandomStream& rng) const;

  // Nicknames of a forename (empty if none).
  const std::vector<std::string>& nicknames(std::string_view forename) const;
  // Alternative transliterations of a name (empty if none).
  const std::vector<std::string>& variants(std::string_view name) const;

  const std::vector<PostcodeArea>& areas() const { return areas_; }
  // An area index: weighted by population, within a region or anywhere.
  std::uint32_t area_in_region(Region region, RandomStream& rng) const;
  std::uint32_t any_area(RandomStream& rng) const;

  // Every forename and surname the tables can produce for the fixed lists (not the procedural
  // tail); used by tests.
  std::size_t surname_head_size() const { return surname_head_.size(); }

 private:
  struct RankedList {
    int year;
    std::vector<std::string> names;
    AliasTable sampler;
  };
  struct GroupPool {
    std::vector<std::string> names;
    AliasTable sampler;
  };
  std::string toponymic_surname(RandomStream& rng) const;
  std::string procedural_surname(RandomStream& rng) const;

  double forename_top100_share_;
  double surname_head_share_;
  double surname_toponymic_share_;
  std::array<std::vector<RankedList>, 2> forename_lists_;  // by sex, sorted by year
  std::array<std::vector<std::string>, 2> forename_tail_;  // by sex
  std::vector<std::string> surname_head_;
  AliasTable surname_head_sampler_;
  std::vector<std::string> topo_first_, topo_link_, topo_last_;
  AliasTable topo_sampler_;
  std::vector<std::string> syl_onset_, syl_vowel_, syl_coda_, syl_ending_;
  // group pools: [group][0 forename_m, 1 forename_f, 2 surname]
  std::array<std::array<GroupPool, 3>, kNumNameGroups> pools_;
  std::unordered_map<std::string, std::vector<std::string>> nicknames_;
  std::unordered_map<std::string, std::vector<std::string>> variants_;
  std::vector<PostcodeArea> areas_;
  AliasTable area_sampler_;
  std::array<std::vector<std::uint32_t>, kNumRegions> region_areas_;
  std::array<AliasTable, kNumRegions> region_samplers_;
};

}  // namespace xjslink::synth
