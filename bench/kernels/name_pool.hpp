// File: bench/kernels/name_pool.hpp
// Realistic inputs for the kernel benchmarks: names loaded at run time from the name frequency
// tables in data/names/*.csv (every distinct value of a `name`/`surname`/`forename` column),
// turned into fixed-seed pairs: identical (match), one or two typing errors (near), or two
// different names (nonmatch). Pairs are cycled so that no pair repeats back to back.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace xjslink::bench {

enum class Scenario { kMatch, kNear, kNonMatch };

const char* scenario_name(Scenario s);

struct NamePair {
  std::string a;
  std::string b;
};

// Distinct names from every CSV in XJSLINK_NAMES_DIR (data/names), sorted; empty when none
// could be read.
const std::vector<std::string>& names();

// A power-of-two number of pairs for the scenario (fixed seed). Names longer than max_bytes
// are skipped.
std::vector<NamePair> make_pairs(Scenario s, std::size_t count, std::size_t max_bytes = 32);

// One left name with `rights` right names (a mix of near and non-matching), `lefts` times:
// the shape of comparing one record against the records of its block.
struct Block {
  std::string left;
  std::vector<std::string> rights;
};
std::vector<Block> make_blocks(std::size_t lefts, std::size_t rights, std::uint64_t seed = 7);

}  // namespace xjslink::bench
