// File: key_expression_test.cpp
// Blocking-key expressions: random expression trees written with random spacing and both AND
// forms parse to their canonical text, hostile nesting is refused with a clear error (it used to
// overflow the stack), and errors quote a long expression only in part.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "xjslink/error.hpp"
#include "xjslink/key_expression.hpp"

namespace xjslink {
namespace {

const char* kUnary[] = {"soundex", "dmetaphone", "dmetaphone_alt", "nysiis",    "year",
                        "month",   "day",        "first_token",    "last_token"};
const char* kColumns[] = {"surname", "dob", "first_name", "a.b-c", "x1"};

struct Written {
  std::string text;       // as a user might write it
  std::string canonical;  // what to_string must give
};

std::string spaces(std::mt19937& rng) {
  return std::string(std::uniform_int_distribution<int>(0, 2)(rng), ' ');
}

Written random_key(std::mt19937& rng, int depth) {
  const int pick = std::uniform_int_distribution<int>(0, depth >= 4 ? 0 : 3)(rng);
  if (pick == 0) {
    const std::string c = kColumns[std::uniform_int_distribution<int>(0, 4)(rng)];
    return {spaces(rng) + c + spaces(rng), c};
  }
  const Written arg = random_key(rng, depth + 1);
  if (pick == 1) {
    const int start = std::uniform_int_distribution<int>(1, 9)(rng);
    const int length = std::uniform_int_distribution<int>(1, 9)(rng);
    return {"substr" + spaces(rng) + "(" + arg.text + "," + spaces(rng) + std::to_string(start) +
                spaces(rng) + "," + std::to_string(length) + spaces(rng) + ")",
            "substr(" + arg.canonical + "," + std::to_string(start) + "," + std::to_string(length) +
                ")"};
  }
  const std::string f = kUnary[std::uniform_int_distribution<int>(0, 8)(rng)];
  return {spaces(rng) + f + "(" + arg.text + ")" + spaces(rng), f + "(" + arg.canonical + ")"};
}

TEST(KeyExpression, RandomRulesParseToTheirCanonicalForm) {
  std::mt19937 rng(15);
  const char* kAnd[] = {"&", " AND ", " and ", " & "};
  for (int trial = 0; trial < 2000; ++trial) {
    const int n = std::uniform_int_distribution<int>(1, 3)(rng);
    std::string text;
    std::vector<std::string> expected;
    for (int k = 0; k < n; ++k) {
      const Written w = random_key(rng, 0);
      if (k > 0) text += kAnd[std::uniform_int_distribution<int>(0, 3)(rng)];
      text += w.text;
      expected.push_back(w.canonical);
    }
    const auto keys = parse_blocking_rule(text, "blocking_rules[0]");
    ASSERT_EQ(keys.size(), expected.size()) << text;
    for (std::size_t k = 0; k < keys.size(); ++k) {
      EXPECT_EQ(keys[k].to_string(), expected[k]) << text;
      EXPECT_EQ(parse_key_expression(expected[k], "f").to_string(), expected[k]);
    }
  }
}

std::string nested(int depth) {
  std::string s;
  for (int i = 0; i < depth; ++i)
    s += "year(";
  s += "dob";
  for (int i = 0; i < depth; ++i)
    s += ")";
  return s;
}

TEST(KeyExpression, NestingUpToTheLimitIsAccepted) {
  EXPECT_EQ(parse_key_expression(nested(32), "f").to_string(), nested(32));
}

TEST(KeyExpression, HostileNestingIsAClearErrorNotAStackOverflow) {
  for (const int depth : {33, 100'000}) {
    try {
      parse_blocking_rule(nested(depth), "blocking_rules[2]");
      FAIL() << "accepted a key nested " << depth << " deep";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kInvalidSettings);
      EXPECT_EQ(e.field(), "blocking_rules[2]");
      EXPECT_NE(e.message().find("nested more than 32 deep"), std::string::npos) << e.what();
      EXPECT_LT(std::string(e.what()).size(), 300u) << "the whole expression was quoted";
    }
  }
}

TEST(KeyExpression, ErrorsNameTheProblemAndThePath) {
  const std::pair<const char*, const char*> cases[] = {
      {"metaphone(a)", "unknown key function 'metaphone'"},
      {"substr(a,0,1)", "must be >= 1"},
      {"substr(a,1)", "substr needs (expr, start, length)"},
      {"year(dob", "expected ')'"},
      {"`unclosed", "unclosed backquote"},
      {"a &", "empty key"},
      {"a b", "unexpected text after the expression"},
  };
  for (const auto& [text, want] : cases) {
    try {
      parse_blocking_rule(text, "training.em_blocking_rules[1]");
      FAIL() << "accepted " << text;
    } catch (const Error& e) {
      EXPECT_EQ(e.field(), "training.em_blocking_rules[1]") << text;
      EXPECT_NE(std::string(e.what()).find(want), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace xjslink
