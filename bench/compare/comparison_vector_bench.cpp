// File: bench/compare/comparison_vector_bench.cpp
// The whole comparison vector on blocked pairs of synthetic data: pairs per second for the
// standard person settings (forename, surname, date of birth, postcode, sex), computing pattern
// ids (training) and match weights (scoring), with 1 and 2 OpenMP threads. The data is made
// once per process by the synthetic generator (fixed seed), read and prepared as a run would.
#include <benchmark/benchmark.h>

#include <omp.h>

#include <filesystem>
#include <memory>

#include "dist/comm.hpp"
#include "pair_scan.hpp"
#include "xjslink/comparison.hpp"
#include "xjslink/ingest.hpp"
#include "xjslink/model.hpp"
#include "xjslink/pattern_counts.hpp"
#include "xjslink/synth/generate.hpp"

namespace xjslink {
namespace {

const char* kStandardPersonSettings = R"j({
  "link_type": "link_and_dedupe",
  "unique_id_column": "unique_id",
  "source_dataset_column": "source_dataset",
  "columns": {"dob": {"type": "date", "date_formats": ["%Y-%m-%d"]}},
  "blocking_rules": ["soundex(surname) & substr(forename,1,1)"],
  "comparisons": [
    {"column": "forename", "levels": [{"type": "null"}, {"type": "exact", "tf_adjust": true},
      {"type": "jaro_winkler", "threshold": 0.92}, {"type": "jaro_winkler", "threshold": 0.8},
      {"type": "else"}]},
    {"column": "surname", "levels": [{"type": "null"}, {"type": "exact", "tf_adjust": true},
      {"type": "jaro_winkler", "threshold": 0.92}, {"type": "jaro_winkler", "threshold": 0.8},
      {"type": "else"}]},
    {"column": "dob", "levels": [{"type": "null"}, {"type": "exact"},
      {"type": "damerau_levenshtein", "max": 1}, {"type": "date_diff", "max": 1, "unit": "years"},
      {"type": "else"}]},
    {"column": "postcode", "levels": [{"type": "null"}, {"type": "exact", "tf_adjust": true},
      {"type": "levenshtein", "max": 1}, {"type": "jaro_winkler", "threshold": 0.8},
      {"type": "else"}]},
    {"column": "sex", "levels": [{"type": "null"}, {"type": "exact"}, {"type": "else"}]}
  ]})j";

// The same with the names as one multi-column comparison (as data/synth/link_seven_datasets.json):
// what the joint levels and the tuple frequencies cost against two one-column comparisons.
const char* kFullNameSettings = R"j({
  "link_type": "link_and_dedupe",
  "unique_id_column": "unique_id",
  "source_dataset_column": "source_dataset",
  "columns": {"dob": {"type": "date", "date_formats": ["%Y-%m-%d"]}},
  "blocking_rules": ["soundex(surname) & substr(forename,1,1)"],
  "comparisons": [
    {"name": "name", "columns": ["forename", "surname"], "levels": [{"type": "null"},
      {"type": "exact", "tf_adjust": true}, {"type": "columns_reversed"},
      {"type": "any", "of": [
        {"type": "all", "of": [{"column": "forename", "type": "exact"},
                               {"column": "surname", "type": "jaro_winkler", "threshold": 0.92}]},
        {"type": "all", "of": [{"column": "surname", "type": "exact"},
                               {"column": "forename", "type": "jaro_winkler", "threshold": 0.92}]}]},
      {"type": "all", "of": [{"column": "forename", "type": "jaro_winkler", "threshold": 0.92},
                             {"column": "surname", "type": "jaro_winkler", "threshold": 0.92}]},
      {"type": "all", "of": [{"column": "surname", "type": "exact"}]},
      {"type": "all", "of": [{"column": "forename", "type": "exact"}]},
      {"type": "all", "of": [{"column": "forename", "type": "jaro_winkler", "threshold": 0.8},
                             {"column": "surname", "type": "jaro_winkler", "threshold": 0.8}]},
      {"type": "else"}]},
    {"column": "dob", "levels": [{"type": "null"}, {"type": "exact"},
      {"type": "damerau_levenshtein", "max": 1}, {"type": "date_diff", "max": 1, "unit": "years"},
      {"type": "else"}]},
    {"column": "postcode", "levels": [{"type": "null"}, {"type": "exact", "tf_adjust": true},
      {"type": "levenshtein", "max": 1}, {"type": "jaro_winkler", "threshold": 0.8},
      {"type": "else"}]},
    {"column": "sex", "levels": [{"type": "null"}, {"type": "exact"}, {"type": "else"}]}
  ]})j";

struct Fixture {
  Settings settings;
  Ingested data;
  std::unique_ptr<BlockedRecords> blocked;
  std::uint64_t pairs = 0;
};

std::unique_ptr<Fixture> make_fixture(const char* settings) {
  {
    auto out = std::make_unique<Fixture>();
    const dist::Comm comm = dist::Comm::self();
    const std::string dir =
        (std::filesystem::temp_directory_path() / "xjslink-bench-compare").string();
    synth::GenerateOptions gen;
    gen.persons = 20000;
    gen.seed = 2024;
    gen.out_dir = dir;
    synth::generate(gen, comm);
    out->settings = parse_settings(settings);
    std::vector<std::string> inputs;
    for (int d = 0; d < synth::kNumDatasets; ++d) {
      inputs.push_back(dir + "/" + synth::dataset_file_name(static_cast<synth::DatasetId>(d)));
    }
    out->data = ingest(comm, out->settings, inputs, {});
    for_each_blocked_round(comm, out->data.records, out->settings.blocking_rules, 0, {},
                           [&](const BlockedRecords& b) {
                             // Keep the round's records (in block order) with its index.
                             out->blocked = std::make_unique<BlockedRecords>();
                             out->blocked->received = *b.records;
                             out->blocked->records = &out->blocked->received;
                             out->blocked->rule_keys = b.rule_keys;
                             out->blocked->index = b.index;
                             out->blocked->tasks = b.tasks;
                             out->blocked->rule = b.rule;
                           });
    const auto counts = scan_pairs(
        *out->blocked, LinkType::kLinkAndDedupe, true, std::uint64_t{0},
        [](std::uint64_t& n, const PreparedRecords&, std::uint32_t, std::uint32_t) { ++n; });
    for (auto c : counts)
      out->pairs += c;
    std::filesystem::remove_all(dir);
    return out;
  }
}

// Benchmark arg 1: 0 = standard settings, 1 = full-name comparison.
const Fixture& fixture(std::int64_t full_name = 0) {
  static const std::unique_ptr<Fixture> standard = make_fixture(kStandardPersonSettings);
  if (full_name == 0) return *standard;
  static const std::unique_ptr<Fixture> joint = make_fixture(kFullNameSettings);
  return *joint;
}

void BM_ComparisonVector_Pattern(benchmark::State& state) {
  const Fixture& f = fixture(state.range(1));
  omp_set_num_threads(static_cast<int>(state.range(0)));
  const ComparisonVector cv(f.settings, f.data.records);
  struct S {
    PatternCounts counts;
    std::vector<std::uint8_t> g;
    ComparisonScratch scratch;
  };
  const std::size_t nc = cv.size();
  std::uint64_t total = 0;
  for (auto _ : state) {
    auto states = scan_rows(
        *f.blocked, LinkType::kLinkAndDedupe, true, S{},
        [&](S& s, const PreparedRecords& r, std::uint32_t a, std::span<const std::uint32_t> bs) {
          s.g.resize(bs.size() * nc);
          cv.levels_one_to_many(r, a, bs, s.g.data(), s.scratch);
          for (std::size_t i = 0; i < bs.size(); ++i) {
            s.counts.add(cv.codec().pack(std::span<const std::uint8_t>(s.g).subspan(i * nc, nc)));
          }
        });
    for (auto& s : states)
      total += s.counts.total();
    benchmark::DoNotOptimize(total);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * f.pairs));
  state.counters["pairs"] = static_cast<double>(f.pairs);
  state.counters["records"] = static_cast<double>(f.data.records.size());
}
BENCHMARK(BM_ComparisonVector_Pattern)
    ->Name("BM_ComparisonVector/pattern/threads/full_name")
    ->Args({1, 0})
    ->Args({2, 0})
    ->Args({1, 1})
    ->Args({2, 1})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void BM_ComparisonVector_Weight(benchmark::State& state) {
  const Fixture& f = fixture();
  omp_set_num_threads(static_cast<int>(state.range(0)));
  const ComparisonVector cv(f.settings, f.data.records);
  const Model model = Model::initial(f.settings);
  std::vector<std::vector<double>> bf(cv.size());
  for (std::size_t c = 0; c < cv.size(); ++c) {
    for (std::size_t l = 0; l < model.comparisons[c].levels.size(); ++l) {
      bf[c].push_back(model.log2_bayes_factor(c, l));
    }
  }
  struct W {
    double sum = 0;
    std::vector<std::uint8_t> g;
    ComparisonScratch scratch;
  };
  const std::size_t nc = cv.size();
  double sum = 0;
  for (auto _ : state) {
    auto states = scan_rows(
        *f.blocked, LinkType::kLinkAndDedupe, true, W{},
        [&](W& s, const PreparedRecords& r, std::uint32_t a, std::span<const std::uint32_t> bs) {
          s.g.resize(bs.size() * nc);
          cv.levels_one_to_many(r, a, bs, s.g.data(), s.scratch);
          for (std::size_t i = 0; i < bs.size(); ++i) {
            double w = 0;
            for (std::size_t c = 0; c < nc; ++c)
              w += bf[c][s.g[i * nc + c]];
            s.sum += w;
          }
        });
    for (const W& s : states)
      sum += s.sum;
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * f.pairs));
}
BENCHMARK(BM_ComparisonVector_Weight)
    ->Name("BM_ComparisonVector/weight/threads")
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
}  // namespace xjslink
