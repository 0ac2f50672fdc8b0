// File: standardise_test.cpp
// String standardisation on hand-checked names, the ASCII fast path against the utf8proc path
// on random ASCII, idempotence on random mixed text, columns and token splitting.
#include "xjslink/standardise.hpp"

#include <gtest/gtest.h>

#include <random>
#include <thread>

namespace xjslink {
namespace {

std::string s(std::string_view in, const StringStandardisation& o = {}) {
  return standardise_string(in, o);
}

TEST(Standardise, HandCheckedNames) {
  EXPECT_EQ(s("  Jos\xC3\xA9  O'Brien-Smith "), "jose obrien smith");
  EXPECT_EQ(s("M\xC3\x9CLLER"), "muller");
  EXPECT_EQ(s("\xC7\x85"
              "emal"),
            "dzemal");  // U+01C5 (Dž titlecase digraph): NFKC -> D + ž
  EXPECT_EQ(s("\xEF\xBC\xAA\xEF\xBC\xAF\xEF\xBC\xA8\xEF\xBC\xAE\xE3\x80\x80\xEF\xBC\xB3\xEF\xBD\x8D"
              "\xEF\xBD\x89\xEF\xBD\x94\xEF\xBD\x88"),
            "john smith");  // full-width letters and an ideographic space
  EXPECT_EQ(s("Stra\xC3\x9F"
              "e"),
            "strasse");
  EXPECT_EQ(s("\xC3\x98ystein \xC5\x81ukasz \xC3\x86lfred"), "oystein lukasz aelfred");
  EXPECT_EQ(s("J.R.R. Tolkien"), "jrr tolkien");
  EXPECT_EQ(s("O\xE2\x80\x99Neil"), "oneil");  // right single quotation mark
  EXPECT_EQ(s("O\xC2\xB4"
              "Brien"),
            "obrien");                                  // acute accent typed as apostrophe
  EXPECT_EQ(s("Anne\xE2\x80\x93Marie"), "anne marie");  // en dash
  EXPECT_EQ(s("\xC4\xB0stanbul"), "istanbul");          // dotted capital I
  EXPECT_EQ(s("Zo\xC3\xAB\xC2\xA0"
              "Brown"),
            "zoe brown");  // no-break space
  EXPECT_EQ(s("M\xC3\xBCl\xC2\xAD"
              "ler"),
            "muller");  // soft hyphen is ignorable
  EXPECT_EQ(s("\xCE\xA3\xCE\xA9\xCE\x9A\xCE\xA1\xCE\x91\xCE\xA4\xCE\x97\xCE\xA3"),
            "\xCF\x83\xCF\x89\xCE\xBA\xCF\x81\xCE\xB1\xCF\x84\xCE\xB7\xCF\x83");  // ΣΩΚΡΑΤΗΣ
  EXPECT_EQ(s("\xE7\x8E\x8B\xE5\xB0\x8F\xE6\x98\x8E"), "\xE7\x8E\x8B\xE5\xB0\x8F\xE6\x98\x8E");
  EXPECT_EQ(s("12 Smith St., Apt #4"), "12 smith st apt 4");
  EXPECT_EQ(s("\tA\n\rB  "), "a b");
}

TEST(Standardise, EmptyResultMeansNull) {
  EXPECT_EQ(s(""), "");
  EXPECT_EQ(s("   "), "");
  EXPECT_EQ(s(" .. ' - "), "");
  EXPECT_EQ(s("\xE2\x80\x94\xC2\xA0"), "");  // em dash and no-break space
  EXPECT_EQ(s("bad \xC3"), "");              // invalid UTF-8
}

TEST(Standardise, EachOptionCanBeTurnedOff) {
  StringStandardisation o;
  o.remove_spaces = true;
  EXPECT_EQ(s("De La Cruz", o), "delacruz");
  o = {};
  o.punctuation = false;
  EXPECT_EQ(s("O'Brien-Smith", o), "o'brien-smith");
  o = {};
  o.case_fold = false;
  EXPECT_EQ(s("M\xC3\x9CLLER", o), "MULLER");
  o = {};
  o.strip_accents = false;
  EXPECT_EQ(s("M\xC3\x9CLLER", o), "m\xC3\xBCller");
  o = {};
  o.nfkc = false;
  EXPECT_EQ(s("\xEF\xBC\xAA\xEF\xBC\xAF", o), "\xEF\xBD\x8A\xEF\xBD\x8F");  // ＪＯ -> ｊｏ
  o = {};
  o.collapse_whitespace = false;
  EXPECT_EQ(s(" a  b ", o), " a  b ");
}

TEST(Standardise, AsciiFastPathMatchesUtf8procPath) {
  std::mt19937_64 rng(1234);
  std::vector<StringStandardisation> variants(6);
  variants[1].punctuation = false;
  variants[2].case_fold = false;
  variants[3].collapse_whitespace = false;
  variants[4].remove_spaces = true;
  variants[5].nfkc = variants[5].strip_accents = false;
  for (int i = 0; i < 20000; ++i) {
    std::string text(rng() % 24, ' ');
    for (char& c : text) {
      // Mostly name-like characters, plus every other ASCII byte.
      const std::uint64_t r = rng() % 4;
      c = r == 0   ? static_cast<char>(rng() % 128)
          : r == 1 ? " .'-"[rng() % 4]
                   : static_cast<char>('A' + rng() % 58);
    }
    for (const auto& o : variants) {
      std::string fast, slow;
      append_standardised(fast, text, o);
      detail::append_standardised_unicode(slow, text, o);
      ASSERT_EQ(fast, slow) << "seed 1234, string " << i;
    }
  }
}

TEST(Standardise, IsIdempotentOnRandomMixedText) {
  const std::vector<std::string> pieces = {"a",
                                           "Z",
                                           " ",
                                           "'",
                                           "-",
                                           ".",
                                           "\xC3\xA9",
                                           "\xC3\x89",
                                           "\xC3\x9F",
                                           "\xC7\x85",
                                           "\xEF\xBC\xA1",
                                           "\xE2\x80\x99",
                                           "\xC3\xB8",
                                           "\xE4\xB8\xAD",
                                           "\xCE\xA3",
                                           "e\xCC\x81",
                                           "\xC2\xA0",
                                           "1"};
  std::mt19937_64 rng(77);
  for (int i = 0; i < 5000; ++i) {
    std::string text;
    const int len = static_cast<int>(rng() % 10);
    for (int k = 0; k < len; ++k)
      text += pieces[rng() % pieces.size()];
    const std::string once = s(text);
    ASSERT_EQ(s(once), once) << "string " << i;
    ASSERT_EQ(once.find("  "), std::string::npos);
  }
}

TEST(Standardise, AppendsWithoutClearing) {
  std::string out = "x|";
  EXPECT_EQ(append_standardised(out, " Ann "), 3u);
  EXPECT_EQ(out, "x|ann");
  EXPECT_EQ(append_standardised(out, " - "), 0u);
  EXPECT_EQ(out, "x|ann");
}

TEST(Standardise, ColumnsMapEmptyResultsToNull) {
  Column in("name", ColumnType::kString);
  in.append_string("  O'Brien ");
  in.append_null();
  in.append_string("--");
  in.append_string("M\xC3\xBCller");
  const Column out = standardise_column(in);
  EXPECT_EQ(out.name(), "name");
  ASSERT_EQ(out.size(), 4u);
  EXPECT_EQ(out.string_at(0), "obrien");
  EXPECT_TRUE(out.is_null(1));
  EXPECT_TRUE(out.is_null(2));
  EXPECT_EQ(out.string_at(3), "muller");
}

TEST(Standardise, SplitsTokensForArrayColumns) {
  EXPECT_EQ(split_tokens("Smith| jones ||O'Brien|", '|'),
            (std::vector<std::string>{"smith", "jones", "obrien"}));
  EXPECT_EQ(split_tokens("", '|'), (std::vector<std::string>{}));
  EXPECT_EQ(split_tokens("a;B", ';'), (std::vector<std::string>{"a", "b"}));
}

TEST(Standardise, GivesTheSameResultsFromSeveralThreads) {
  const std::vector<std::string> inputs = {"Jos\xC3\xA9", "M\xC3\x9CLLER",
                                           "\xC7\x85"
                                           "emal",
                                           "O'Brien",
                                           "Stra\xC3\x9F"
                                           "e"};
  std::vector<std::string> expected;
  for (const auto& in : inputs)
    expected.push_back(s(in));
  std::vector<int> mismatches(2, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 2; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 2000; ++round) {
        for (std::size_t i = 0; i < inputs.size(); ++i) {
          if (s(inputs[i]) != expected[i]) ++mismatches[static_cast<std::size_t>(t)];
        }
      }
    });
  }
  for (auto& th : threads)
    th.join();
  EXPECT_EQ(mismatches, (std::vector<int>{0, 0}));
}

}  // namespace
}  // namespace xjslink
