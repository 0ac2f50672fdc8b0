// File: tests/synth/name_tables_test.cpp
// The shipped name tables as the generator samples them: realistic frequencies (a very common
// head, a long tail of rare surnames), decade-dependent forenames, nicknames and variants as in
// the data files; and the unique_id permutation is a bijection.
#include "synth/name_tables.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "synth/unique_id.hpp"
#include "synth_test_util.hpp"
#include "xjslink/synth/config.hpp"

namespace xjslink::synth {
namespace {

NameTables default_tables() {
  const SynthConfig c = default_synth_config();
  return NameTables(c.forename_top100_share, c.surname_head_share, c.surname_toponymic_share);
}

TEST(NameTables, AngloSurnamesHaveACommonHeadAndALongRareTail) {
  const NameTables tables = default_tables();
  RandomStream rng(3, 0, Purpose::kPerson);
  const int n = 200000;
  std::map<std::string, int> counts;
  for (int i = 0; i < n; ++i)
    ++counts[tables.surname(NameGroup::kAnglo, rng)];
  int top = 0, singletons = 0;
  for (const auto& [name, c] : counts) {
    top = std::max(top, c);
    singletons += c == 1;
  }
  // SMITH's share: head share x SMITH's count over the head total (about 1 %).
  EXPECT_GT(counts["SMITH"], n / 200);
  EXPECT_EQ(top, counts["SMITH"]);
  EXPECT_GT(counts.size(), 20000u) << "a long tail of distinct surnames";
  EXPECT_GT(singletons, 5000) << "many surnames seen once";
}

TEST(NameTables, ForenamesFollowTheDecadeOfBirth) {
  const NameTables tables = default_tables();
  RandomStream rng(4, 0, Purpose::kPerson);
  std::map<std::string, int> born_1930, born_1990;
  for (int i = 0; i < 20000; ++i) {
    ++born_1930[tables.forename(Sex::kFemale, 1930, NameGroup::kAnglo, rng)];
    ++born_1990[tables.forename(Sex::kFemale, 1992, NameGroup::kAnglo, rng)];
  }
  // MARGARET tops the 1924 and 1934 lists and is absent from the 1994 one (ONS).
  EXPECT_GT(born_1930["MARGARET"], 20 * std::max(1, born_1990["MARGARET"]));
  EXPECT_GT(born_1990["REBECCA"], 20 * std::max(1, born_1930["REBECCA"]));
}

TEST(NameTables, NicknamesAndVariantsAreThoseOfTheDataFiles) {
  const NameTables tables = default_tables();
  const auto nicknames = testing::read_alternatives("nicknames.csv", 0, 1);
  const auto variants = testing::read_alternatives("group_names.csv", 2, 4);
  for (const auto& [name, nicks] : nicknames) {
    const auto& got = tables.nicknames(name);
    EXPECT_EQ(std::set<std::string>(got.begin(), got.end()), nicks) << name;
  }
  for (const auto& [name, vars] : variants) {
    const auto& got = tables.variants(name);
    for (const auto& v : vars)
      EXPECT_EQ(std::count(got.begin(), got.end(), v), 1) << name;
  }
  EXPECT_TRUE(tables.nicknames("ZEBEDEE").empty());
  EXPECT_EQ(tables.areas().size(), 104u);
}

TEST(UniqueId, PermutationIsABijectionAndRenderedInTenCharacters) {
  std::set<std::uint64_t> seen;
  std::set<std::string> texts;
  for (std::uint64_t block : {0ull, 1ull, 12345ull}) {
    for (std::uint64_t row = 0; row < 40000; ++row) {
      const std::uint64_t slot = (block << kSlotBits) | row;
      const std::uint64_t v = permute_slot(slot, 77, 2);
      EXPECT_LT(v, std::uint64_t{1} << (2 * kSlotBits));
      seen.insert(v);
      texts.insert(unique_id_text(v));
    }
  }
  EXPECT_EQ(seen.size(), 120000u);
  EXPECT_EQ(texts.size(), 120000u);
  EXPECT_EQ(unique_id_text(0), "0000000000");
  EXPECT_EQ(unique_id_text(31), "000000000Z");
  // Keyed: another seed or dataset gives other ids.
  EXPECT_NE(permute_slot(5, 77, 2), permute_slot(5, 78, 2));
  EXPECT_NE(permute_slot(5, 77, 2), permute_slot(5, 77, 3));
}

}  // namespace
}  // namespace xjslink::synth
