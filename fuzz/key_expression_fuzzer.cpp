// File: fuzz/key_expression_fuzzer.cpp
// Blocking rules and key expressions from arbitrary text. Besides "no crash, only Error", checks
// that a parsed key's canonical form (to_string) parses back to the same key, since reports and
// run fingerprints use that form.
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_outcome.hpp"
#include "xjslink/key_expression.hpp"

namespace {

using xjslink::KeyExpression;
using xjslink::KeyFunction;

bool same_key(const KeyExpression& a, const KeyExpression& b) {
  if (a.function != b.function) return false;
  if (a.function == KeyFunction::kColumn) return a.column == b.column;
  if (a.function == KeyFunction::kSubstr && (a.start != b.start || a.length != b.length)) {
    return false;
  }
  return same_key(*a.arg, *b.arg);
}

// to_string writes column names bare, so only plain names are expected to read back.
bool plain_names(const KeyExpression& e) {
  if (e.function != KeyFunction::kColumn) return plain_names(*e.arg);
  if (e.column.empty()) return false;
  for (char c : e.column) {
    const auto u = static_cast<unsigned char>(c);
    if (!(std::isalnum(u) || c == '_' || c == '.' || c == '-')) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<KeyExpression> keys;
  const bool parsed = xjslink::fuzz::run_expecting_only_error(
      [&] { keys = xjslink::parse_blocking_rule(text, "blocking_rules[0]"); });
  if (!parsed) return 0;
  xjslink::fuzz::expect(!keys.empty(), "a parsed rule has at least one key");
  for (const auto& key : keys) {
    const std::string canonical = key.to_string();
    (void)key.source_column();
    if (!plain_names(key)) continue;
    KeyExpression again;
    const bool reparsed = xjslink::fuzz::run_expecting_only_error(
        [&] { again = xjslink::parse_key_expression(canonical, "blocking_rules[0]"); });
    xjslink::fuzz::expect(reparsed, "the canonical form of a parsed key parses");
    xjslink::fuzz::expect(same_key(key, again), "the canonical form parses to the same key");
    xjslink::fuzz::expect(again.to_string() == canonical, "the canonical form is a fixed point");
  }
  return 0;
}
