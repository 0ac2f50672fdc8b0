// File: fuzz/settings_fuzzer.cpp
// Settings documents from arbitrary bytes through parse_settings (JSON parsing, then validation
// of every field). Besides "no crash, only Error", checks that accepted settings re-parse from
// their canonical JSON to the same canonical JSON: model.json embeds that text and `predict`
// and `cluster` parse it again.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_outcome.hpp"
#include "xjslink/settings.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  xjslink::Settings settings;
  const bool parsed = xjslink::fuzz::run_expecting_only_error(
      [&] { settings = xjslink::parse_settings(text, "fuzz.json"); });
  if (!parsed) return 0;
  (void)xjslink::required_input_columns(settings);
  (void)settings.output_probability_threshold();
  xjslink::Settings again;
  const bool reparsed = xjslink::fuzz::run_expecting_only_error(
      [&] { again = xjslink::parse_settings(settings.canonical_json, "fuzz.json (canonical)"); });
  xjslink::fuzz::expect(reparsed, "accepted settings re-parse from their canonical JSON");
  xjslink::fuzz::expect(again.canonical_json == settings.canonical_json,
                        "the canonical JSON is a fixed point");
  return 0;
}
