// File: io/csv_reader_bench.cpp
// CSV ingest throughput (bytes of file per second) on the FEBRL files replicated to ~100 MB
// (synthetic FEBRL-like rows if ../shared/data is absent). The file is read once before timing,
// so the figure is parse speed from the page cache, not disk speed.
#include <benchmark/benchmark.h>

#include <unistd.h>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include "xjslink/io/csv_reader.hpp"

namespace {

constexpr std::size_t kTargetBytes = std::size_t{100} << 20;

struct BenchFile {
  std::string path;
  std::size_t bytes = 0;
  std::size_t rows = 0;
  std::string source;
};

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Data lines of the FEBRL files (header dropped, each line ending in its own LF or CRLF).
std::string febrl_rows(std::size_t* rows) {
  const std::filesystem::path root = XJSLINK_SHARED_DATA_DIR;
  std::string out;
  for (const char* name :
       {"dataset1.csv", "dataset2.csv", "dataset3.csv", "dataset4a.csv", "dataset4b.csv"}) {
    const auto p = root / "febrl" / name;
    if (!std::filesystem::exists(p)) return {};
    std::string text = slurp(p);
    text.erase(0, text.find('\n') + 1);
    if (!text.empty() && text.back() != '\n') text += "\r\n";
    for (char c : text)
      *rows += c == '\n' ? 1 : 0;
    out += text;
  }
  return out;
}

std::string synthetic_rows(std::size_t* rows) {
  std::mt19937_64 rng(42);
  auto word = [&](int len) {
    std::string w;
    for (int i = 0; i < len; ++i)
      w.push_back(static_cast<char>('a' + rng() % 26));
    return w;
  };
  std::string out;
  for (int i = 0; i < 20000; ++i) {
    out += "rec-" + std::to_string(i) + "-org, " + word(6) + ", " + word(7) + ", " +
           std::to_string(rng() % 200) + ", " + word(8) + " street, " + word(9) + ", " + word(8) +
           ", " + std::to_string(2000 + rng() % 7000) + ", nsw, 19" +
           std::to_string(10 + rng() % 90) + "0" + std::to_string(1 + rng() % 9) + "1" +
           std::to_string(rng() % 9) + ", " + std::to_string(1000000 + rng() % 8999999) + "\n";
    ++*rows;
  }
  return out;
}

const BenchFile& bench_file() {
  static const BenchFile file = [] {
    BenchFile f;
    std::size_t rows = 0;
    std::string block = febrl_rows(&rows);
    f.source = "febrl";
    if (block.empty()) {
      rows = 0;
      block = synthetic_rows(&rows);
      f.source = "synthetic";
    }
    f.path = (std::filesystem::temp_directory_path() /
              ("xjslink_bench_io_" + std::to_string(::getpid()) + ".csv"))
                 .string();
    std::ofstream out(f.path, std::ios::binary);
    const std::string header =
        "rec_id, given_name, surname, street_number, address_1, address_2, suburb, postcode, "
        "state, date_of_birth, soc_sec_id\n";
    out << header;
    f.bytes = header.size();
    while (f.bytes < kTargetBytes) {
      out << block;
      f.bytes += block.size();
      f.rows += rows;
    }
    return f;
  }();
  return file;
}

void check_rows(benchmark::State& state, const xjslink::io::CsvReadOptions& options) {
  const BenchFile& f = bench_file();
  const auto t = xjslink::io::read_csv(f.path, options);
  if (t.table.num_rows() != f.rows) state.SkipWithError("row count differs from the input");
  state.SetLabel(f.source + " " + std::to_string(f.bytes >> 20) + " MiB");
}

void BM_CsvReader_AllColumns(benchmark::State& state) {
  const xjslink::io::CsvReadOptions options;
  check_rows(state, options);
  for (auto _ : state) {
    auto t = xjslink::io::read_csv(bench_file().path, options);
    benchmark::DoNotOptimize(t.table.num_rows());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bench_file().bytes));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * bench_file().rows));
}
BENCHMARK(BM_CsvReader_AllColumns)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_CsvReader_ThreeColumns(benchmark::State& state) {
  xjslink::io::CsvReadOptions options;
  options.columns = {"given_name", "surname", "date_of_birth"};
  check_rows(state, options);
  for (auto _ : state) {
    auto t = xjslink::io::read_csv(bench_file().path, options);
    benchmark::DoNotOptimize(t.table.num_rows());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bench_file().bytes));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * bench_file().rows));
}
BENCHMARK(BM_CsvReader_ThreeColumns)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_CsvReader_CountQuotes(benchmark::State& state) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(xjslink::io::count_csv_quotes(bench_file().path, 0, 1));
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bench_file().bytes));
}
BENCHMARK(BM_CsvReader_CountQuotes)->Unit(benchmark::kMillisecond)->UseRealTime();

// Removes the ~100 MB scratch file when the benchmark binary exits.
struct Cleanup {
  ~Cleanup() {
    std::error_code ec;
    if (!bench_file().path.empty()) std::filesystem::remove(bench_file().path, ec);
  }
} cleanup;

}  // namespace
