// File: dist/dist_mpi_test.cpp
// The distributed building blocks on the ranks this binary was started with (ctest runs it with
// 1 to 4), each checked against what one process computes from the whole data. Records are
// spread as partitioned ingest spreads them: part r of each of two input files on rank r.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <numeric>
#include <queue>
#include <random>
#include <set>

#include "dist/agree.hpp"
#include "dist/comm.hpp"
#include "dist/components.hpp"
#include "dist/fetch_keys.hpp"
#include "dist/index_layout.hpp"
#include "dist/ordered_write.hpp"
#include "dist/output_order.hpp"
#include "dist/reduce.hpp"
#include "dist/table_writer.hpp"
#include "dist/value_counts.hpp"
#include "pair_scan.hpp"
#include "xjslink/error.hpp"
#include "xjslink/io/csv_writer.hpp"
#include "xjslink/io/hdf5_table.hpp"
#include "xjslink/score.hpp"

namespace xjslink {
namespace {

using dist::Comm;

// Global indices this rank holds when two files of na and nb records are read in parts.
std::vector<std::uint64_t> my_records(const Comm& comm, std::uint64_t na, std::uint64_t nb) {
  const auto p = static_cast<std::uint64_t>(comm.size());
  const auto r = static_cast<std::uint64_t>(comm.rank());
  std::vector<std::uint64_t> out;
  for (std::uint64_t g = na * r / p; g < na * (r + 1) / p; ++g)
    out.push_back(g);
  for (std::uint64_t g = nb * r / p; g < nb * (r + 1) / p; ++g)
    out.push_back(na + g);
  return out;
}

// The same shared directory on every rank.
std::string shared_temp_dir(const Comm& comm, const std::string& name) {
  std::string dir;
  if (comm.is_root()) {
    dir = (std::filesystem::temp_directory_path() /
           ("xjslink-mpi-" + name + "-" + std::to_string(std::random_device{}())))
              .string();
    std::filesystem::create_directories(dir);
  }
  comm.bcast(dir, 0);
  return dir;
}

TEST(CommMpi, CollectivesAgreeWithSerialArithmetic) {
  const Comm comm = Comm::world();
  const auto r = static_cast<std::uint64_t>(comm.rank());
  const auto p = static_cast<std::uint64_t>(comm.size());
  EXPECT_EQ(comm.allreduce<std::uint64_t>(r + 1, dist::Op::kSum), p * (p + 1) / 2);
  EXPECT_EQ(comm.allreduce<std::uint64_t>(r, dist::Op::kMax), p - 1);
  EXPECT_EQ(comm.exscan_sum<std::uint64_t>(r + 1), r * (r + 1) / 2);
  const auto all = comm.allgather<std::uint64_t>(r * 10);
  for (std::uint64_t i = 0; i < p; ++i)
    EXPECT_EQ(all[i], i * 10);
  // All-to-all: rank s sends d+s+1 bytes of value s to rank d.
  std::vector<std::vector<std::byte>> send(p);
  for (std::uint64_t d = 0; d < p; ++d)
    send[d].assign(d + r + 1, static_cast<std::byte>(r));
  const Comm::Received got = comm.alltoallv_bytes(send);
  std::size_t off = 0;
  for (std::uint64_t s = 0; s < p; ++s) {
    EXPECT_EQ(got.counts[s], r + s + 1);
    for (std::uint64_t i = 0; i < got.counts[s]; ++i) {
      EXPECT_EQ(got.bytes[off + i], static_cast<std::byte>(s));
    }
    off += got.counts[s];
  }
  std::string text = comm.is_root() ? "from root" : "";
  comm.bcast(text, 0);
  EXPECT_EQ(text, "from root");
}

TEST(AgreeMpi, EveryRankThrowsTheLowestFailingRanksError) {
  const Comm comm = Comm::world();
  std::optional<Error> mine;
  if (comm.rank() == comm.size() - 1) mine = Error(ErrorCode::kInvalidInput, "last", "f.csv", 9);
  if (comm.size() > 2 && comm.rank() == 1) mine = Error(ErrorCode::kIo, "one", "g.csv", 3, "x");
  try {
    dist::raise_if_any(comm, mine);
    FAIL() << "no error raised";
  } catch (const Error& e) {
    if (comm.size() > 2) {
      EXPECT_EQ(e.message(), "one");
      EXPECT_EQ(e.file(), "g.csv");
      EXPECT_EQ(e.line(), 3u);
      EXPECT_EQ(e.field(), "x");
    } else {
      EXPECT_EQ(e.message(), "last");
    }
  }
  EXPECT_NO_THROW(dist::raise_if_any(comm, std::nullopt));
}

TEST(IndexLayoutMpi, LocatesEveryRecord) {
  const Comm comm = Comm::world();
  const std::uint64_t na = 37, nb = 23;
  const auto mine = my_records(comm, na, nb);
  const dist::IndexLayout layout(comm, mine);
  EXPECT_EQ(layout.total(), na + nb);
  // Every rank can locate every record; the owner confirms it.
  std::vector<std::uint64_t> found(na + nb, 0);
  for (std::uint64_t g = 0; g < na + nb; ++g) {
    const dist::RowRef ref = layout.locate(g);
    if (ref.rank == comm.rank()) {
      ASSERT_LT(ref.row, mine.size());
      EXPECT_EQ(mine[ref.row], g);
      found[g] = 1;
    }
  }
  comm.allreduce_inplace(std::span<std::uint64_t>(found), dist::Op::kSum);
  for (auto f : found)
    EXPECT_EQ(f, 1u);
}

std::vector<std::uint64_t> bfs_labels(std::uint64_t n, const std::vector<std::uint64_t>& l,
                                      const std::vector<std::uint64_t>& r) {
  std::vector<std::vector<std::uint64_t>> adj(n);
  for (std::size_t e = 0; e < l.size(); ++e) {
    adj[l[e]].push_back(r[e]);
    adj[r[e]].push_back(l[e]);
  }
  std::vector<std::uint64_t> label(n, UINT64_MAX);
  for (std::uint64_t s = 0; s < n; ++s) {
    if (label[s] != UINT64_MAX) continue;
    std::queue<std::uint64_t> q;
    q.push(s);
    label[s] = s;
    while (!q.empty()) {
      const auto v = q.front();
      q.pop();
      for (auto w : adj[v]) {
        if (label[w] == UINT64_MAX) {
          label[w] = s;
          q.push(w);
        }
      }
    }
  }
  return label;
}

TEST(ComponentsMpi, MatchBreadthFirstSearchWhateverTheRankCount) {
  const Comm comm = Comm::world();
  for (int trial = 0; trial < 30; ++trial) {
    std::mt19937_64 rng(1000 + static_cast<std::uint64_t>(trial));  // same graph on every rank
    const std::uint64_t na = 50 + rng() % 200, nb = rng() % 200, n = na + nb;
    std::vector<std::uint64_t> l, r;
    const std::uint64_t edges = rng() % (n + n / 2);
    for (std::uint64_t e = 0; e < edges; ++e) {
      std::uint64_t a = rng() % n, b = rng() % n;
      if (trial % 3 == 0) {  // long chains: the worst case for label propagation
        a = (e * 7919) % (n - 1);
        b = a + 1;
      }
      l.push_back(a);
      r.push_back(b);
    }
    const auto expected = bfs_labels(n, l, r);
    // Each rank holds an arbitrary share of the edges.
    std::vector<std::uint64_t> my_l, my_r;
    for (std::size_t e = 0; e < l.size(); ++e) {
      if (static_cast<int>((e * 31 + 7) % static_cast<std::size_t>(comm.size())) == comm.rank()) {
        my_l.push_back(l[e]);
        my_r.push_back(r[e]);
      }
    }
    const auto mine = my_records(comm, na, nb);
    const auto labels = dist::connected_components(comm, mine, my_l, my_r);
    ASSERT_EQ(labels.size(), mine.size());
    for (std::size_t i = 0; i < mine.size(); ++i) {
      EXPECT_EQ(labels[i], expected[mine[i]]) << "trial " << trial << " record " << mine[i];
    }
    // Naming by smallest key: keys sort in reverse of the global index here.
    RecordKeys keys;
    keys.source_names = {"a", "b"};
    for (auto g : mine) {
      keys.global_index.push_back(g);
      keys.source.push_back(g < na ? 0 : 1);
      char uid[24];
      std::snprintf(uid, sizeof(uid), "%06llu", static_cast<unsigned long long>(n - g));
      keys.unique_id.append_string(uid);
    }
    const dist::ComponentKeys named = dist::smallest_key_per_component(comm, keys, labels);
    std::map<std::uint64_t, std::string> best;  // serial answer
    for (std::uint64_t g = 0; g < n; ++g) {
      char uid[24];
      std::snprintf(uid, sizeof(uid), "%06llu", static_cast<unsigned long long>(n - g));
      const std::string key = std::string(g < na ? "a" : "b") + "-__-" + uid;
      auto it = best.find(expected[g]);
      if (it == best.end() || key < it->second) best[expected[g]] = key;
    }
    for (std::size_t i = 0; i < mine.size(); ++i) {
      EXPECT_EQ(named.cluster_id[i], best[expected[mine[i]]]);
    }
    EXPECT_EQ(named.num_components, best.size());
  }
}

Settings scan_settings() {
  return parse_settings(R"j({"link_type": "link_and_dedupe",
    "blocking_rules": ["k1", "k2"],
    "comparisons": [{"column": "k1", "levels": [{"type": "exact", "tf_adjust": true}, {"type": "else"}]}]})j");
}

// Records with a skewed first key: one value takes a third of all records.
PreparedRecords scan_records(const Comm& comm, const Settings& s, std::uint64_t na,
                             std::uint64_t nb) {
  PreparedRecords r = make_prepared_records(s);
  for (std::uint64_t g : my_records(comm, na, nb)) {
    std::mt19937_64 rng(g);
    r.global_index.push_back(g);
    r.source.push_back(g < na ? 0 : 1);
    const std::string k1 = g % 3 == 0 ? "big" : "v" + std::to_string(rng() % 200);
    const std::string k2 = "w" + std::to_string(rng() % 300);
    append_string(r.columns[static_cast<std::size_t>(r.find_column("k1"))], k1);
    append_string(r.columns[static_cast<std::size_t>(r.find_column("k2"))], k2);
  }
  compute_term_frequencies(comm, r);
  return r;
}

TEST(PairScanMpi, FindsTheSamePairsAsOneProcessWithTilesAndRounds) {
  const Comm comm = Comm::world();
  const Settings s = scan_settings();
  const std::uint64_t na = 900, nb = 600;
  const PreparedRecords local = scan_records(comm, s, na, nb);
  // The serial answer, from every record on this process.
  const Comm self = Comm::self();
  const PreparedRecords all = scan_records(self, s, na + nb, 0);
  for (std::uint64_t budget : {std::uint64_t{0}, std::uint64_t{20000}}) {
    for (std::size_t rule = 0; rule < 2; ++rule) {
      using Pairs = std::vector<std::pair<std::uint64_t, std::uint64_t>>;
      auto collect = [](const BlockedRecords& blocked, Pairs& out) {
        const auto states =
            scan_pairs(blocked, LinkType::kLinkAndDedupe, true, Pairs{},
                       [](Pairs& o, const PreparedRecords& rec, std::uint32_t a, std::uint32_t b) {
                         o.emplace_back(rec.global_index[a], rec.global_index[b]);
                       });
        for (const auto& st : states)
          out.insert(out.end(), st.begin(), st.end());
      };
      Pairs mine;
      ExecutionOptions exec;
      exec.memory_budget_bytes = budget;
      const auto work = for_each_blocked_round(comm, local, s.blocking_rules, rule, exec,
                                               [&](const BlockedRecords& b) { collect(b, mine); });
      Pairs expected;
      for_each_blocked_round(self, all, s.blocking_rules, rule, {},
                             [&](const BlockedRecords& b) { collect(b, expected); });
      // Gather every rank's pairs.
      const auto got = comm.allgatherv_bytes(std::span<const std::byte>(
          reinterpret_cast<const std::byte*>(mine.data()), mine.size() * sizeof(mine[0])));
      Pairs everyone;
      for (std::size_t off = 0; off < got.bytes.size(); off += 2 * sizeof(std::uint64_t)) {
        std::uint64_t ab[2];
        std::memcpy(ab, got.bytes.data() + off, sizeof(ab));
        everyone.emplace_back(ab[0], ab[1]);
      }
      std::sort(everyone.begin(), everyone.end());
      std::sort(expected.begin(), expected.end());
      EXPECT_EQ(everyone, expected) << "rule " << rule << " budget " << budget;
      EXPECT_TRUE(std::adjacent_find(everyone.begin(), everyone.end()) == everyone.end());
      // The skewed rule's work is balanced across ranks.
      if (rule == 0 && comm.size() > 1) {
        const double total = static_cast<double>(std::accumulate(work.begin(), work.end(), 0ull));
        const double most = static_cast<double>(*std::max_element(work.begin(), work.end()));
        EXPECT_LE(most, 1.25 * total / comm.size());
      }
    }
  }
}

TEST(ValueCountsMpi, CountValuesAcrossRanks) {
  const Comm comm = Comm::world();
  const auto mine = my_records(comm, 500, 300);
  std::vector<std::uint64_t> hashes;
  for (auto g : mine)
    hashes.push_back(g % 7 == 0 ? 0 : 1 + g % 13);
  const auto counts = dist::global_value_counts(comm, hashes);
  std::map<std::uint64_t, std::uint64_t> expected;
  for (std::uint64_t g = 0; g < 800; ++g) {
    if (g % 7 != 0) ++expected[1 + g % 13];
  }
  for (std::size_t i = 0; i < mine.size(); ++i) {
    EXPECT_EQ(counts[i], hashes[i] == 0 ? 0 : expected[hashes[i]]);
  }
  PatternCounts pc;
  for (auto g : mine)
    pc.add(g % 11, 2);
  const auto merged = dist::allreduce_pattern_counts(comm, pc);
  ASSERT_EQ(merged.size(), 11u);
  std::uint64_t total = 0;
  for (const auto& e : merged)
    total += e.count;
  EXPECT_EQ(total, 1600u);
}

TEST(ValueCountsMpi, ManyDistinctValuesMatchABruteForceCount) {
  // Thousands of distinct hashes, spread over every owner rank, with nulls and rows out of
  // order: each row's count must be that of its hash over all ranks' rows.
  const Comm comm = Comm::world();
  const auto mine = my_records(comm, 6000, 3000);
  auto hash_of = [](std::uint64_t g) -> std::uint64_t {
    if (g % 11 == 0) return 0;
    return (std::uint64_t{1} << 40) + (g * 2654435761u) % 1777 * 0x9e3779b97f4a7c15ULL % 100003;
  };
  std::vector<std::uint64_t> hashes;
  for (auto it = mine.rbegin(); it != mine.rend(); ++it)
    hashes.push_back(hash_of(*it));
  const auto counts = dist::global_value_counts(comm, hashes);
  std::map<std::uint64_t, std::uint64_t> expected;
  for (std::uint64_t g = 0; g < 9000; ++g) {
    if (hash_of(g) != 0) ++expected[hash_of(g)];
  }
  ASSERT_GT(expected.size(), 1000u);
  ASSERT_EQ(counts.size(), hashes.size());
  for (std::size_t i = 0; i < hashes.size(); ++i) {
    EXPECT_EQ(counts[i], hashes[i] == 0 ? 0 : expected[hashes[i]]) << "row " << i;
  }
}

TEST(FetchMpi, KeysComeFromTheirOwners) {
  const Comm comm = Comm::world();
  const Settings s = scan_settings();
  const PreparedRecords local = scan_records(comm, s, 300, 200);
  std::vector<std::uint64_t> wanted;
  for (std::uint64_t k = 0; k < 100; ++k) {
    wanted.push_back((k * 37 + static_cast<std::uint64_t>(comm.rank()) * 11) % 500);
  }
  RecordKeys keys;
  keys.source_names = {"a", "b"};
  for (std::size_t row = 0; row < local.size(); ++row) {
    keys.global_index.push_back(local.global_index[row]);
    keys.source.push_back(local.source[row]);
    keys.unique_id.append_string("id" + std::to_string(local.global_index[row]));
  }
  const auto fetched_keys = dist::fetch_keys(comm, keys, wanted);
  for (std::size_t i = 0; i < wanted.size(); ++i) {
    EXPECT_EQ(fetched_keys[i].uid, "id" + std::to_string(wanted[i]));
    EXPECT_EQ(fetched_keys[i].source, wanted[i] < 300 ? 0 : 1);
  }
}

TEST(OutputMpi, FilesListRowsInGlobalOrderWhateverTheRankCount) {
  const Comm comm = Comm::world();
  const auto mine = my_records(comm, 40, 25);
  // Rows scattered on purpose: each rank holds the rows of records it does not own.
  Table rows;
  rows.add_column("id", ColumnType::kString);
  rows.add_column("value", ColumnType::kNumber);
  std::vector<std::uint64_t> key;
  for (auto g : mine) {
    const std::uint64_t k = 64 - g;
    key.push_back(k);
    rows.column(0).append_string("r" + std::to_string(k));
    if (k % 5 == 0) {
      rows.column(1).append_null();
    } else {
      rows.column(1).append_number(static_cast<double>(k) / 3.0);
    }
  }
  const std::string dir = shared_temp_dir(comm, "output");
  const Table ordered = dist::gather_rows_in_order(comm, rows, key, {}, 65);
  std::string text;
  for (std::size_t i = 0; i < ordered.num_rows(); ++i) {
    text += std::string(ordered.column(0).string_at(i)) + "\n";
  }
  dist::write_ordered(comm, dir + "/ids.txt", std::span<const char>(text.data(), text.size()));
  dist::write_table(comm, {dir, "rows", true, true},
                    {{"id", ColumnType::kString, 4}, {"value", ColumnType::kNumber}},
                    dist::TableRows(ordered));
  if (comm.is_root()) {
    std::string expected;
    for (int k = 0; k < 65; ++k)
      expected += "r" + std::to_string(k) + "\n";
    std::ifstream in(dir + "/ids.txt");
    const std::string got((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(got, expected);
    const Table back = io::read_hdf5_table(dir + "/rows.h5", "rows");
    ASSERT_EQ(back.num_rows(), 65u);
    for (std::size_t i = 0; i < 65; ++i) {
      EXPECT_EQ(back.column(0).string_at(i), "r" + std::to_string(i));
      EXPECT_EQ(back.column(1).is_null(i), i % 5 == 0);
      if (i % 5 != 0) {
        EXPECT_EQ(back.column(1).number_at(i), static_cast<double>(i) / 3.0);
      }
    }
    EXPECT_FALSE(std::filesystem::exists(dir + "/rows.h5.tmp"));
    std::ifstream csv(dir + "/rows.csv");
    const std::string table_text((std::istreambuf_iterator<char>(csv)),
                                 std::istreambuf_iterator<char>());
    std::string expected_csv = "id,value\n";
    for (int k = 0; k < 65; ++k) {
      expected_csv += "r" + std::to_string(k) + ",";
      if (k % 5 != 0) expected_csv += io::format_double(static_cast<double>(k) / 3.0);
      expected_csv += "\n";
    }
    EXPECT_EQ(table_text, expected_csv);
    std::filesystem::remove_all(dir);
  }
  comm.barrier();
}

}  // namespace
}  // namespace xjslink
