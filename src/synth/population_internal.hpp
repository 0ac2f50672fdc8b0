// File: synth/population_internal.hpp
// Shared state of a Population (config, seed, tables) and the two halves of the model:
// journey.cpp builds the latent truth, record_errors.cpp turns true records into written ones.
#pragma once

#include <cstdint>

#include "synth/name_tables.hpp"
#include "synth/philox.hpp"
#include "xjslink/synth/population.hpp"

namespace xjslink::synth {

struct Population::Impl {
  Impl(SynthConfig c, std::uint64_t s, std::uint64_t n)
      : config(std::move(c)),
        seed(s),
        persons(n),
        tables(config.forename_top100_share, config.surname_head_share,
               config.surname_toponymic_share) {}
  SynthConfig config;
  std::uint64_t seed;
  std::uint64_t persons;
  NameTables tables;
};

PersonJourney build_journey(const Population::Impl& impl, std::uint64_t index);
GeneratedRecord apply_errors(const Population::Impl& impl, const PersonJourney& journey,
                             std::uint64_t index, std::uint32_t ordinal, ErrorTally* tally);

// A random postcode in area `area` (a real area code; district, sector and unit are synthetic).
std::string make_postcode(const NameTables& tables, std::uint32_t area, RandomStream& rng);

}  // namespace xjslink::synth
