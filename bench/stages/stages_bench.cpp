// File: bench/stages/stages_bench.cpp
// Whole pipeline stages on the synthetic population with the shipped seven-dataset settings, as
// `xjslink run` does them on one rank: ingest (CSV bytes per second: parsing, standardising,
// term frequencies) and the predict stage's scoring (scored pairs per second: blocking, the
// comparison vector, weights, keeping pairs at the threshold), with 1 and 2 OpenMP threads. The
// population is made once per process (fixed seed) and the model trained once.
#include <benchmark/benchmark.h>

#include <omp.h>

#include <filesystem>
#include <memory>

#include "dist/comm.hpp"
#include "xjslink/ingest.hpp"
#include "xjslink/log.hpp"
#include "xjslink/model.hpp"
#include "xjslink/score.hpp"
#include "xjslink/settings.hpp"
#include "xjslink/synth/generate.hpp"
#include "xjslink/train.hpp"

namespace xjslink {
namespace {

// 25,000 index persons: about 105,000 records, 11 MB of CSV.
constexpr std::uint64_t kPersons = 25000;

struct Population {
  Settings settings;
  std::vector<std::string> inputs;
  std::uint64_t csv_bytes = 0;
  Ingested data;
  Model model;
  std::string dir;
  ~Population() {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
};

const Population& population() {
  static const std::unique_ptr<Population> p = [] {
    set_log_level(LogLevel::kQuiet);
    auto out = std::make_unique<Population>();
    const dist::Comm comm = dist::Comm::self();
    out->dir = (std::filesystem::temp_directory_path() / "xjslink-bench-stages").string();
    synth::GenerateOptions gen;
    gen.persons = kPersons;
    gen.seed = 2026;
    gen.out_dir = out->dir;
    synth::generate(gen, comm);
    out->settings = load_settings(XJSLINK_SHIPPED_SETTINGS);
    for (int d = 0; d < synth::kNumDatasets; ++d) {
      out->inputs.push_back(out->dir + "/" +
                            synth::dataset_file_name(static_cast<synth::DatasetId>(d)));
      out->csv_bytes += std::filesystem::file_size(out->inputs.back());
    }
    out->data = ingest(comm, out->settings, out->inputs, {});
    out->model = train_model(comm, out->data.records, out->settings, out->data.counts);
    return out;
  }();
  return *p;
}

void BM_Ingest(benchmark::State& state) {
  const Population& p = population();
  omp_set_num_threads(static_cast<int>(state.range(0)));
  const dist::Comm comm = dist::Comm::self();
  std::uint64_t records = 0;
  for (auto _ : state) {
    const Ingested in = ingest(comm, p.settings, p.inputs, {});
    records = in.records.size();
    benchmark::DoNotOptimize(records);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * p.csv_bytes));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * records));
  state.counters["records"] = static_cast<double>(records);
  state.counters["csv_MB"] = static_cast<double>(p.csv_bytes) / 1e6;
}
BENCHMARK(BM_Ingest)
    ->Name("BM_Stage/ingest/threads")
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void BM_Predict(benchmark::State& state) {
  const Population& p = population();
  omp_set_num_threads(static_cast<int>(state.range(0)));
  const dist::Comm comm = dist::Comm::self();
  const ScoreThreshold threshold = ScoreThreshold::from_settings(p.settings);
  ScoreCounts counts;
  std::uint64_t kept = 0;
  for (auto _ : state) {
    counts = ScoreCounts{};
    const Predictions pairs =
        score_pairs(comm, p.data.records, p.settings, p.model, threshold, &counts);
    kept = pairs.size();
    benchmark::DoNotOptimize(kept);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * counts.scored));
  state.counters["scored_pairs"] = static_cast<double>(counts.scored);
  state.counters["kept_pairs"] = static_cast<double>(kept);
}
BENCHMARK(BM_Predict)
    ->Name("BM_Stage/predict/threads")
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
}  // namespace xjslink
