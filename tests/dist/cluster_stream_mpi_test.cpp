// File: dist/cluster_stream_mpi_test.cpp
// Clustering streamed from each rank's EdgeSource, on the ranks this binary was started with
// (ctest: 1 to 4), gives record by record the clusters and diagnostics one process computes in
// memory from the whole graph, for both methods and any budget, however the pairs are spread;
// and the component batches partition the component graphs: each component is gathered whole,
// in exactly one batch, as the unbatched gather builds it. A source that fails on one rank makes
// every rank throw the same error instead of leaving the others in a collective; so does a
// scratch directory that one rank cannot create.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <string>

#include "cluster/linkage_inputs.hpp"
#include "dist/comm.hpp"
#include "dist/component_graphs.hpp"
#include "dist/components.hpp"
#include "xjslink/cluster/cluster.hpp"
#include "xjslink/error.hpp"
#include "xjslink/model.hpp"

namespace xjslink {
namespace {

using dist::Comm;

TEST(ClusterStreamMpi, SameClustersAsOneProcessInMemoryForAnyBudget) {
  const Comm comm = Comm::world();
  const int nranks = comm.size();
  std::uint64_t most_batches = 0;
  for (int trial = 0; trial < 16; ++trial) {
    std::mt19937_64 rng(8300 + static_cast<std::uint64_t>(trial));  // same data on every rank
    const std::uint64_t na = 100 + rng() % 200, nb = rng() % 200, n = na + nb;
    const EdgeRows all = testing::random_links(rng, n, trial % 2 == 0 ? n / 8 : n);
    // Spread over the ranks, or all on the last rank (the others still take part in rounds).
    const EdgeRows mine = testing::share_of(all, comm.rank(), [&](std::size_t e) {
      return trial % 4 == 3 ? nranks - 1 : static_cast<int>((e * 17 + 3) % nranks);
    });
    const EdgesInMemory source(mine);
    const RecordKeys keys = testing::keys_for(comm, na, nb);
    const RecordKeys all_keys = testing::keys_for(Comm::self(), na, nb);
    for (const ClusteringMethod method :
         {ClusteringMethod::kSupportedMerges, ClusteringMethod::kConnectedComponents}) {
      const ClusteringSpec spec{method, 0.5};
      const Clusters want =
          cluster_records(Comm::self(), all_keys, testing::as_predictions(all), 0.95, spec);
      for (const std::uint64_t budget :
           {std::uint64_t{1} << 10, std::uint64_t{1} << 15, std::uint64_t{UINT64_MAX}}) {
        const Clusters got = cluster_records(comm, keys, source, 0.95, spec, budget);
        testing::expect_same_clusters(
            got, keys, want,
            "trial " + std::to_string(trial) + " budget " + std::to_string(budget));
        EXPECT_EQ(comm.allreduce(got.summary.component_batches, dist::Op::kMax),
                  comm.allreduce(got.summary.component_batches, dist::Op::kMin));
        most_batches = std::max(most_batches, got.summary.component_batches);
      }
    }
  }
  EXPECT_GE(most_batches, 10u);
}

TEST(ClusterStreamMpi, BatchesPartitionTheComponentGraphs) {
  const Comm comm = Comm::world();
  const int nranks = comm.size();
  for (int trial = 0; trial < 6; ++trial) {
    std::mt19937_64 rng(8700 + static_cast<std::uint64_t>(trial));
    const std::uint64_t na = 100 + rng() % 100, nb = rng() % 100;
    const EdgeRows all = testing::random_links(rng, na + nb, (na + nb) / 6);
    const EdgeRows mine = testing::share_of(
        all, comm.rank(), [&](std::size_t e) { return static_cast<int>(e % nranks); });
    const RecordKeys keys = testing::keys_for(comm, na, nb);
    std::vector<std::uint64_t> left, right;
    for (std::size_t e = 0; e < mine.size(); ++e) {
      if (probability_from_log2_odds(mine.match_weight[e]) >= 0.95) {
        left.push_back(mine.left[e]);
        right.push_back(mine.right[e]);
      }
    }
    const std::vector<std::uint64_t> labels =
        dist::connected_components(comm, keys.global_index, left, right);
    // Each owned component by its smallest record (the label), with its vertices and edges.
    using Graphs = std::map<std::uint64_t, std::pair<std::vector<std::uint64_t>, ComponentGraph>>;
    auto add_graphs = [](const dist::OwnedComponents& owned, Graphs* out) {
      for (std::size_t c = 0; c < owned.size(); ++c) {
        std::vector<std::uint64_t> vertices;
        ComponentGraph g = owned.graph(c, &vertices);
        const std::uint64_t label = vertices.front();
        EXPECT_TRUE(out->emplace(label, std::make_pair(std::move(vertices), std::move(g))).second)
            << "component " << label << " in two batches";
      }
    };
    Graphs want;
    add_graphs(dist::gather_component_graphs(comm, keys.global_index, labels, mine.left, mine.right,
                                             mine.match_weight, 0.95),
               &want);
    const EdgesInMemory source(mine);
    for (const std::uint64_t batches : {std::uint64_t{1}, std::uint64_t{3}, std::uint64_t{17}}) {
      Graphs got;
      for (std::uint64_t batch = 0; batch < batches; ++batch) {
        const std::size_t rows_per_round = 1 + static_cast<std::size_t>(batch % 5) * 13;
        const dist::OwnedComponents owned = dist::gather_component_batch(
            comm, keys.global_index, labels, source, 0.95, batch, batches, rows_per_round);
        for (std::size_t c = 0; c < owned.size(); ++c) {
          std::vector<std::uint64_t> vertices;
          (void)owned.graph(c, &vertices);
          EXPECT_EQ(dist::component_batch(vertices.front(), nranks, batches), batch);
        }
        add_graphs(owned, &got);
      }
      // EXPECT, not ASSERT: a failure must not leave this rank out of the next collective.
      EXPECT_EQ(got.size(), want.size()) << "trial " << trial << " batches " << batches;
      for (const auto& [label, entry] : want) {
        const auto it = got.find(label);
        if (it == got.end()) {
          ADD_FAILURE() << "component " << label << " in no batch";
          continue;
        }
        EXPECT_EQ(it->second.first, entry.first);
        const ComponentGraph &a = it->second.second, &b = entry.second;
        EXPECT_EQ(a.num_vertices, b.num_vertices);
        EXPECT_EQ(a.edges.size(), b.edges.size());
        for (std::size_t k = 0; k < std::min(a.edges.size(), b.edges.size()); ++k) {
          EXPECT_EQ(a.edges[k].u, b.edges[k].u);
          EXPECT_EQ(a.edges[k].v, b.edges[k].v);
          EXPECT_EQ(a.edges[k].weight, b.edges[k].weight);
          EXPECT_EQ(a.edges[k].strong, b.edges[k].strong);
        }
      }
    }
  }
}

// Fails on its n-th read, as a spilled file might on one rank's disk.
class FailingEdges : public EdgeSource {
 public:
  FailingEdges(EdgeRows rows, int fail_at) : inner_(std::move(rows)), fail_at_(fail_at) {}
  std::uint64_t rows() const override { return inner_.rows(); }
  void read(std::uint64_t begin, std::uint64_t end, EdgeRows& out) const override {
    if (fail_at_ >= 0 && reads_++ == fail_at_) throw Error(ErrorCode::kIo, "read failed", "pairs");
    inner_.read(begin, end, out);
  }

 private:
  EdgesInMemory inner_;
  int fail_at_;
  mutable int reads_ = 0;
};

TEST(ClusterStreamMpi, AReadFailureOnOneRankIsRaisedOnEveryRank) {
  const Comm comm = Comm::world();
  std::mt19937_64 rng(8900);
  const std::uint64_t na = 200, nb = 100;
  const EdgeRows all = testing::random_links(rng, na + nb, (na + nb) / 4);
  const RecordKeys keys = testing::keys_for(comm, na, nb);
  const EdgeRows mine = testing::share_of(
      all, comm.rank(), [&](std::size_t e) { return static_cast<int>(e % comm.size()); });
  // The first read (pass 1) and the second (pass 2, which reads the source once for all
  // batches at this budget: one round each), on the last rank only.
  for (const int fail_at : {0, 1}) {
    const FailingEdges source(mine, comm.rank() == comm.size() - 1 ? fail_at : -1);
    EXPECT_THROW(cluster_records(comm, keys, source, 0.95, {}, 1024), Error) << fail_at;
  }
}

TEST(ClusterStreamMpi, AScratchDirFailureOnOneRankIsRaisedOnEveryRank) {
  const Comm comm = Comm::world();
  std::mt19937_64 rng(8901);
  const std::uint64_t na = 200, nb = 100;
  const EdgeRows all = testing::random_links(rng, na + nb, (na + nb) / 4);
  const RecordKeys keys = testing::keys_for(comm, na, nb);
  const EdgeRows mine = testing::share_of(
      all, comm.rank(), [&](std::size_t e) { return static_cast<int>(e % comm.size()); });
  const EdgesInMemory source(mine);
  // The last rank's scratch parent is under a regular file; the others use the temp dir.
  const std::filesystem::path file =
      std::filesystem::temp_directory_path() / ("xjslink-not-a-dir-" + std::to_string(::getpid()));
  std::string scratch_dir;
  if (comm.rank() == comm.size() - 1) {
    std::ofstream(file) << "x";
    scratch_dir = (file / "scratch").string();
  }
  bool io_error = false;
  try {
    cluster_records(comm, keys, source, 0.95, {}, 1024, scratch_dir);
  } catch (const Error& e) {
    io_error = e.code() == ErrorCode::kIo;
  }
  EXPECT_TRUE(io_error);
  std::error_code ec;
  std::filesystem::remove(file, ec);
}

}  // namespace
}  // namespace xjslink
