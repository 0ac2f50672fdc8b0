// File: fuzz/fuzz_outcome.hpp
// What a fuzz target counts as a bug. A parser given hostile bytes may refuse them with the
// project's Error (the user-facing outcome: a clear message and exit 1); anything else that
// escapes (another exception, a crash, a sanitizer report) or a broken property is a bug, and
// the target aborts so that libFuzzer saves the input.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <optional>
#include <string>
#include <typeinfo>
#include <utility>

#include "xjslink/error.hpp"

namespace xjslink::fuzz {

[[noreturn]] inline void report_bug(const char* what) {
  std::fprintf(stderr, "fuzz: BUG: %s\n", what);
  std::abort();
}

// Runs body(); returns the text of the Error it threw, or nullopt if it completed. Aborts on
// anything else.
template <typename Body>
std::optional<std::string> error_of(Body&& body) {
  try {
    body();
    return std::nullopt;
  } catch (const Error& e) {
    return std::string(e.what());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fuzz: BUG: uncaught %s: %s\n", typeid(e).name(), e.what());
    std::abort();
  } catch (...) {
    report_bug("uncaught exception of unknown type");
  }
}

// Runs body(); true if it completed, false if it threw Error. Aborts on anything else.
template <typename Body>
bool run_expecting_only_error(Body&& body) {
  return !error_of(std::forward<Body>(body)).has_value();
}

// A property the parser promises that did not hold.
inline void expect(bool holds, const char* property) {
  if (!holds) report_bug(property);
}

}  // namespace xjslink::fuzz
