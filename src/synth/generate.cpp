// File: synth/generate.cpp
// The streaming driver of `xjslink generate`. Persons are cut into fixed blocks of
// shuffle_block_persons (independent of the rank count); rank r takes a contiguous run of
// blocks, and its threads build whole blocks in parallel, written in block order. Each block's
// rows are shuffled per dataset with a stream keyed by the block, and unique_ids are a keyed
// permutation of (block, row): so the bytes of every file depend only on seed, config and N,
// never on the number of ranks or threads. Memory is bounded by threads x one block's output.
#include "xjslink/synth/generate.hpp"

#include <omp.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "dist/comm.hpp"
#include "dist/shared_file.hpp"
#include "synth/philox.hpp"
#include "synth/unique_id.hpp"
#include "xjslink/error.hpp"
#include "xjslink/io/atomic_file.hpp"
#include "xjslink/io/csv_writer.hpp"
#include "xjslink/synth/config.hpp"
#include "xjslink/synth/population.hpp"

namespace xjslink::synth {
namespace {

constexpr std::size_t kHistogramCap = 1000;  // the last bucket counts persons with >= cap
constexpr std::uint64_t kMaxBlocks = std::uint64_t{1} << kSlotBits;
constexpr std::uint64_t kMaxRowsPerBlock = std::uint64_t{1} << kSlotBits;

// One block's rows of one dataset before shuffling: the CSV text of each row after its
// unique_id and source_dataset, with the true person and applied errors.
struct Staged {
  std::string body;
  std::vector<std::uint32_t> ends;
  std::vector<std::uint64_t> person;
  std::vector<std::uint32_t> errors;
};

struct BlockOutput {
  std::array<std::string, kNumDatasets> datasets;
  std::string truth, persons, audit;
  std::array<std::uint64_t, kNumDatasets> counts{};
  ErrorTally tally;
  std::vector<std::uint64_t> histogram = std::vector<std::uint64_t>(kHistogramCap + 1, 0);
  std::uint64_t persons_with_records = 0;
};

std::string join_errors(std::uint32_t mask) {
  std::string out;
  for (int e = 0; e < kNumErrorTypes; ++e) {
    if ((mask >> e) & 1u) {
      if (!out.empty()) out += ';';
      out += error_name(static_cast<ErrorType>(e));
    }
  }
  return out;
}

void append_field(std::string& out, std::string_view value) {
  out.push_back(',');
  io::append_csv_field(out, value);
}

std::string_view relationship(const Person& p, std::uint64_t persons) {
  if (p.is_index) return "index";
  return (p.person_id - persons) % kRelatedSlots == 0 ? "partner" : "child";
}

void append_person_row(std::string& out, const Person& p, const PersonJourney& journey,
                       std::uint64_t index, std::uint64_t persons, std::uint64_t records) {
  out += std::to_string(p.person_id);
  append_field(out, relationship(p, persons));
  append_field(out, std::to_string(index));
  append_field(out, p.sex == Sex::kFemale ? "F" : "M");
  append_field(out, format_date(p.dob));
  append_field(out, ethnic_group_name(p.ethnic_group));
  append_field(out, name_group_name(p.name_group));
  append_field(out, region_name(p.region));
  append_field(out, p.forename);
  std::string middles;
  for (const auto& m : p.middle_names)
    middles += (middles.empty() ? "" : " ") + m;
  append_field(out, middles);
  append_field(out, p.surname);
  append_field(out, p.later_surname);
  append_field(out,
               p.surname_change_day == kNever ? std::string() : format_date(p.surname_change_day));
  append_field(out, p.alias_forename);
  append_field(out, p.alias_surname);
  append_field(out, p.pnc_id);
  append_field(out, p.is_index ? contact_type_name(journey.primary_contact) : "");
  append_field(out, std::to_string(records));
  out.push_back('\n');
}

BlockOutput make_block(const Population& pop, std::uint64_t block, bool audit) {
  BlockOutput out;
  const std::uint64_t block_size = static_cast<std::uint64_t>(pop.config().shuffle_block_persons);
  const std::uint64_t begin = block * block_size;
  const std::uint64_t end = std::min(pop.persons(), begin + block_size);
  std::array<Staged, kNumDatasets> staged;
  for (auto& s : staged)
    s.ends.push_back(0);

  for (std::uint64_t index = begin; index < end; ++index) {
    const PersonJourney journey = pop.journey(index);
    const std::vector<GeneratedRecord> records = pop.records(journey, index, &out.tally);
    std::vector<std::uint64_t> per_person(journey.persons.size(), 0);
    for (std::size_t i = 0; i < records.size(); ++i) {
      const GeneratedRecord& r = records[i];
      ++per_person[journey.records[i].person];
      Staged& s = staged[static_cast<int>(r.dataset)];
      std::string& b = s.body;
      io::append_csv_field(b, r.forename);
      append_field(b, r.middle_names);
      append_field(b, r.surname);
      append_field(b, r.sex);
      append_field(b, r.dob);
      append_field(b, r.postcode);
      append_field(b, r.pnc_id);
      for (const auto& x : r.extra)
        append_field(b, x);
      s.ends.push_back(static_cast<std::uint32_t>(b.size()));
      s.person.push_back(r.person_id);
      s.errors.push_back(r.errors);
    }
    for (std::size_t k = 0; k < journey.persons.size(); ++k) {
      if (per_person[k] == 0) continue;
      ++out.persons_with_records;
      ++out.histogram[std::min<std::uint64_t>(per_person[k], kHistogramCap)];
      append_person_row(out.persons, journey.persons[k], journey, index, pop.persons(),
                        per_person[k]);
    }
  }

  for (int d = 0; d < kNumDatasets; ++d) {
    const Staged& s = staged[d];
    const std::size_t n = s.person.size();
    if (n >= kMaxRowsPerBlock) {
      throw Error(ErrorCode::kInvalidSettings,
                  "too many records in one block; lower output.shuffle_block_persons", "", 0,
                  "output.shuffle_block_persons");
    }
    // Fisher-Yates with a stream keyed by (block, dataset): row order carries no person order
    // beyond the block, and is the same for any rank count.
    std::vector<std::uint32_t> order(n);
    for (std::size_t i = 0; i < n; ++i)
      order[i] = static_cast<std::uint32_t>(i);
    RandomStream rng(
        pop.seed(), block,
        static_cast<std::uint32_t>(Purpose::kShuffle) | (static_cast<std::uint32_t>(d) << 4));
    for (std::size_t i = n; i > 1; --i)
      std::swap(order[i - 1], order[rng.below(static_cast<std::uint32_t>(i))]);

    const std::string_view source = dataset_name(static_cast<DatasetId>(d));
    std::string& text = out.datasets[d];
    text.reserve(s.body.size() + n * 32);
    for (std::size_t k = 0; k < n; ++k) {
      const std::uint32_t j = order[k];
      const std::string uid = unique_id_text(
          permute_slot((block << kSlotBits) | k, pop.seed(), static_cast<std::uint32_t>(d)));
      text += uid;
      text += ',';
      text += source;
      text += ',';
      text.append(s.body, s.ends[j], s.ends[j + 1] - s.ends[j]);
      text += '\n';
      out.truth += source;
      out.truth += ',';
      out.truth += uid;
      out.truth += ',';
      out.truth += std::to_string(s.person[j]);
      out.truth += '\n';
      if (audit) {
        out.audit += source;
        out.audit += ',';
        out.audit += uid;
        out.audit += ',';
        out.audit += join_errors(s.errors[j]);
        out.audit += '\n';
      }
    }
    out.counts[d] = n;
  }
  return out;
}

// A local part file written with stdio; errors become xjslink::Error naming the final file.
class PartWriter {
 public:
  PartWriter(std::string part_path, std::string final_path)
      : part_path_(std::move(part_path)), final_path_(std::move(final_path)) {
    file_ = std::fopen(part_path_.c_str(), "wb");
    if (file_ == nullptr) {
      throw Error(ErrorCode::kIo, std::string("cannot create: ") + std::strerror(errno),
                  part_path_);
    }
  }
  ~PartWriter() {
    if (file_ != nullptr) std::fclose(file_);
  }
  PartWriter(const PartWriter&) = delete;
  PartWriter& operator=(const PartWriter&) = delete;

  void write(const std::string& text) {
    if (!text.empty() && std::fwrite(text.data(), 1, text.size(), file_) != text.size()) {
      throw Error(ErrorCode::kIo, std::string("write failed: ") + std::strerror(errno), part_path_);
    }
  }
  void close() {
    const int rc = std::fclose(file_);
    file_ = nullptr;
    if (rc != 0) throw Error(ErrorCode::kIo, "close failed", part_path_);
  }
  const std::string& part_path() const { return part_path_; }
  const std::string& final_path() const { return final_path_; }

 private:
  std::string part_path_, final_path_;
  std::FILE* file_ = nullptr;
};

std::string csv_header(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) {
    if (!out.empty()) out += ',';
    out += n;
  }
  return out + '\n';
}

std::uint64_t peak_rss_bytes() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stoull(line.substr(6)) * 1024;
  }
  return 0;
}

nlohmann::ordered_json report_json(const GenerateOptions& options, const SynthConfig& config,
                                   const std::string& merged_config,
                                   const std::array<std::uint64_t, kNumDatasets>& counts,
                                   const std::vector<std::uint64_t>& histogram,
                                   std::uint64_t persons_with_records, const ErrorTally& tally) {
  nlohmann::ordered_json j;
  j["generator"] = "xjslink generate";
  j["version"] = XJSLINK_VERSION;
  j["persons"] = options.persons;
  j["seed"] = options.seed;
  std::uint64_t total = 0;
  for (int d = 0; d < kNumDatasets; ++d) {
    j["records"][std::string(dataset_name(static_cast<DatasetId>(d)))] = counts[d];
    total += counts[d];
  }
  j["total_records"] = total;
  j["persons_with_records"] = persons_with_records;
  for (std::size_t k = 1; k < histogram.size(); ++k) {
    if (histogram[k] == 0) continue;
    j["records_per_person"][k == kHistogramCap ? std::to_string(k) + "+" : std::to_string(k)] =
        histogram[k];
  }
  for (int d = 0; d < kNumDatasets; ++d) {
    auto& node = j["errors"][std::string(dataset_name(static_cast<DatasetId>(d)))];
    for (int e = 0; e < kNumErrorTypes; ++e) {
      std::uint64_t eligible = 0, applied = 0;
      double expected = 0.0;
      for (int g = 0; g < kNumNameGroups; ++g) {
        eligible += tally.eligible[d][g][e];
        applied += tally.applied[d][g][e];
        expected += static_cast<double>(tally.eligible[d][g][e]) *
                    config.rate(static_cast<DatasetId>(d), static_cast<NameGroup>(g),
                                static_cast<ErrorType>(e));
      }
      auto& x = node[std::string(error_name(static_cast<ErrorType>(e)))];
      x["eligible"] = eligible;
      x["applied"] = applied;
      x["expected_rate"] = eligible > 0 ? expected / static_cast<double>(eligible) : 0.0;
      x["observed_rate"] =
          eligible > 0 ? static_cast<double>(applied) / static_cast<double>(eligible) : 0.0;
    }
  }
  for (int g = 0; g < kNumNameGroups; ++g) {
    auto& node =
        j["errors_by_name_origin"][std::string(name_group_name(static_cast<NameGroup>(g)))];
    for (int e = 0; e < kNumErrorTypes; ++e) {
      std::uint64_t eligible = 0, applied = 0;
      for (int d = 0; d < kNumDatasets; ++d) {
        eligible += tally.eligible[d][g][e];
        applied += tally.applied[d][g][e];
      }
      node[std::string(error_name(static_cast<ErrorType>(e)))] = {{"eligible", eligible},
                                                                  {"applied", applied}};
    }
  }
  j["config"] = nlohmann::ordered_json::parse(merged_config);
  return j;
}

}  // namespace

std::string dataset_file_name(DatasetId dataset) {
  return std::string(dataset_name(dataset)) + ".csv";
}

GenerateSummary generate(const GenerateOptions& options, const dist::Comm& comm) {
  const auto start = std::chrono::steady_clock::now();
  if (options.persons == 0) {
    throw Error(ErrorCode::kInvalidSettings, "must be at least 1", "", 0, "--persons");
  }
  if (options.format == "hdf5") {
    // TODO(#synthetic-data): write through the HDF5 table writer once the io branch lands.
    throw Error(ErrorCode::kInvalidSettings,
                "HDF5 output is not in this build yet (it needs the HDF5 table writer); use csv",
                "", 0, "--format");
  }
  if (options.format != "csv") {
    throw Error(ErrorCode::kInvalidSettings, "expected csv or hdf5", "", 0, "--format");
  }
  if (options.out_dir.empty()) {
    throw Error(ErrorCode::kInvalidSettings, "an output directory is required", "", 0, "--out");
  }

  // Rank 0 reads the config file and broadcasts its text, so every rank parses the same bytes
  // (and, on a bad file, throws the same error without any collective in between).
  std::optional<Error> error;
  std::string config_text;
  if (comm.is_root()) {
    try {
      std::filesystem::create_directories(options.out_dir);
      if (!options.config_path.empty()) {
        std::ifstream in(options.config_path, std::ios::binary);
        if (!in) {
          throw Error(ErrorCode::kIo, std::string("cannot open: ") + std::strerror(errno),
                      options.config_path);
        }
        std::ostringstream text;
        text << in.rdbuf();
        config_text = text.str();
      }
    } catch (const Error& e) {
      error = e;
    } catch (const std::filesystem::filesystem_error& e) {
      error = Error(ErrorCode::kIo, std::string("cannot create directory: ") + e.code().message(),
                    options.out_dir);
    }
  }
  dist::raise_if_any(comm, error);
  comm.bcast(config_text, 0);
  const std::string source =
      options.config_path.empty() ? "default_config.json" : options.config_path;
  const SynthConfig config = parse_synth_config(config_text, source);

  const auto block_size = static_cast<std::uint64_t>(config.shuffle_block_persons);
  const std::uint64_t blocks = (options.persons + block_size - 1) / block_size;
  if (blocks >= kMaxBlocks) {
    throw Error(ErrorCode::kInvalidSettings,
                "too many blocks for the unique_id space; raise output.shuffle_block_persons", "",
                0, "--persons");
  }
  const auto rank = static_cast<std::uint64_t>(comm.rank());
  const auto ranks = static_cast<std::uint64_t>(comm.size());
  const std::uint64_t first_block = blocks * rank / ranks;
  const std::uint64_t last_block = blocks * (rank + 1) / ranks;

  const Population population(config, options.seed, options.persons);
  const std::filesystem::path dir(options.out_dir);
  const std::string part_suffix = ".part" + std::to_string(comm.rank());

  std::array<std::uint64_t, kNumDatasets> counts{};
  std::vector<std::uint64_t> histogram(kHistogramCap + 1, 0);
  std::uint64_t persons_with_records = 0;
  ErrorTally tally;
  std::vector<std::unique_ptr<PartWriter>> writers;
  const int threads = omp_get_max_threads();
  try {
    for (int d = 0; d < kNumDatasets; ++d) {
      const std::string name = dataset_file_name(static_cast<DatasetId>(d));
      writers.push_back(std::make_unique<PartWriter>((dir / ("." + name + part_suffix)).string(),
                                                     (dir / name).string()));
    }
    writers.push_back(
        std::make_unique<PartWriter>((dir / (std::string(".") + kTruthFile + part_suffix)).string(),
                                     (dir / kTruthFile).string()));
    writers.push_back(std::make_unique<PartWriter>(
        (dir / (std::string(".") + kPersonsFile + part_suffix)).string(),
        (dir / kPersonsFile).string()));
    if (options.audit) {
      writers.push_back(std::make_unique<PartWriter>(
          (dir / (std::string(".") + kAuditFile + part_suffix)).string(),
          (dir / kAuditFile).string()));
    }
    if (comm.is_root()) {
      std::vector<std::string> shared = {"unique_id", "source_dataset"};
      for (const auto& c : person_columns())
        shared.push_back(c);
      for (int d = 0; d < kNumDatasets; ++d) {
        std::vector<std::string> columns = shared;
        for (const auto& c : dataset_extra_columns(static_cast<DatasetId>(d)))
          columns.push_back(c);
        writers[d]->write(csv_header(columns));
      }
      writers[kNumDatasets]->write("source_dataset,unique_id,person_id\n");
      writers[kNumDatasets + 1]->write(
          csv_header({"person_id", "relationship", "index_person_id", "sex", "dob", "ethnic_group",
                      "name_origin", "region", "forename", "middle_names", "surname",
                      "later_surname", "surname_change_date", "alias_forename", "alias_surname",
                      "pnc_id", "primary_contact", "records"}));
      if (options.audit) writers[kNumDatasets + 2]->write("source_dataset,unique_id,errors\n");
    }

    for (std::uint64_t wave = first_block; wave < last_block;
         wave += static_cast<std::uint64_t>(threads)) {
      const auto n = static_cast<int>(std::min<std::uint64_t>(threads, last_block - wave));
      std::vector<BlockOutput> outputs(static_cast<std::size_t>(n));
      std::exception_ptr failure;
#pragma omp parallel for schedule(dynamic, 1)
      for (int i = 0; i < n; ++i) {
        try {
          outputs[static_cast<std::size_t>(i)] =
              make_block(population, wave + static_cast<std::uint64_t>(i), options.audit);
        } catch (...) {
#pragma omp critical(xjslink_synth_failure)
          if (!failure) failure = std::current_exception();
        }
      }
      if (failure) std::rethrow_exception(failure);
      for (const BlockOutput& o : outputs) {
        for (int d = 0; d < kNumDatasets; ++d) {
          writers[d]->write(o.datasets[d]);
          counts[d] += o.counts[d];
        }
        writers[kNumDatasets]->write(o.truth);
        writers[kNumDatasets + 1]->write(o.persons);
        if (options.audit) writers[kNumDatasets + 2]->write(o.audit);
        for (std::size_t k = 0; k < histogram.size(); ++k)
          histogram[k] += o.histogram[k];
        persons_with_records += o.persons_with_records;
        tally.add(o.tally);
      }
    }
    for (auto& w : writers)
      w->close();
  } catch (const Error& e) {
    error = e;
  }
  dist::raise_if_any(comm, error);

  // uint64 counts: the sums are exact, so the report is identical for any rank count.
  comm.allreduce_inplace(std::span<std::uint64_t>(counts), dist::Op::kSum);
  comm.allreduce_inplace(std::span<std::uint64_t>(histogram), dist::Op::kSum);
  persons_with_records = comm.allreduce(persons_with_records, dist::Op::kSum);
  for (int d = 0; d < kNumDatasets; ++d) {
    for (int g = 0; g < kNumNameGroups; ++g) {
      comm.allreduce_inplace(std::span<std::uint64_t>(tally.eligible[d][g]), dist::Op::kSum);
      comm.allreduce_inplace(std::span<std::uint64_t>(tally.applied[d][g]), dist::Op::kSum);
    }
  }

  GenerateSummary summary;
  for (auto& w : writers)
    summary.output_bytes += dist::concatenate_parts(comm, w->part_path(), w->final_path());

  if (comm.is_root()) {
    try {
      const auto report =
          report_json(options, config, merged_synth_config_json(config_text, source), counts,
                      histogram, persons_with_records, tally);
      io::write_file_atomically((dir / kReportFile).string(), report.dump(2) + "\n");
    } catch (const Error& e) {
      error = e;
    }
  }
  dist::raise_if_any(comm, error);

  summary.index_persons = options.persons;
  summary.persons_with_records = persons_with_records;
  summary.records = counts;
  for (auto c : counts)
    summary.total_records += c;
  summary.peak_rss_bytes = comm.allreduce(peak_rss_bytes(), dist::Op::kMax);
  summary.ranks = comm.size();
  summary.threads = threads;
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return summary;
}

}  // namespace xjslink::synth
