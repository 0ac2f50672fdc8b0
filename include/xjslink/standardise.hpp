// File: standardise.hpp
// String standardisation before comparison: Unicode NFKC, case folding, accent stripping,
// punctuation and whitespace clean-up. Runs on every compared value, so pure-ASCII values take a
// table-driven path that never enters utf8proc; both paths give identical results on ASCII.
// Thread-safe (no shared mutable state). An empty result means null.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "xjslink/table.hpp"

namespace xjslink {

struct StringStandardisation {
  bool nfkc = true;           // compatibility composition: full-width, ligatures, ǅ -> Dž
  bool case_fold = true;      // Unicode case folding (ß -> ss), not just lower-casing
  bool strip_accents = true;  // drop combining marks after decomposition; ø->o, ł->l, æ->ae...
  // Apostrophes and periods are removed (O'Brien -> obrien, J.R. -> jr); every other
  // punctuation or symbol character becomes a space (O'Brien-Smith -> obrien smith).
  bool punctuation = true;
  bool collapse_whitespace = true;  // trim, and each run of whitespace becomes one space
  bool remove_spaces = false;       // then drop the spaces too ("de la cruz" -> "delacruz")
};

// The standardised form of a UTF-8 value ("" = null). Invalid UTF-8 gives "" (the readers
// validate their input, so ingested values are always valid).
std::string standardise_string(std::string_view utf8, const StringStandardisation& options = {});

// Appends the standardised form to out and returns the number of bytes appended (0 = null).
// With a reused `out` this allocates nothing on the ASCII path: the form for hot loops.
std::size_t append_standardised(std::string& out, std::string_view utf8,
                                const StringStandardisation& options = {});

// A string column standardised value by value; nulls and values that standardise to "" are null.
Column standardise_column(const Column& input, const StringStandardisation& options = {});

// Splits a delimited value ("a|b|c") into standardised tokens for array columns, in order;
// tokens that standardise to "" are dropped.
std::vector<std::string> split_tokens(std::string_view utf8, char separator,
                                      const StringStandardisation& options = {});

namespace detail {
// The utf8proc path, for any input. Exposed so tests can check the ASCII path against it.
std::size_t append_standardised_unicode(std::string& out, std::string_view utf8,
                                        const StringStandardisation& options);
}  // namespace detail

}  // namespace xjslink
