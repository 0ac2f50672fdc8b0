// File: cluster/cluster_stream_test.cpp
// Clustering streamed from an EdgeSource within a memory budget gives, on one rank and any
// thread count, exactly the clusters, diagnostics and figures of the in-memory clustering,
// however small the budget; and a smaller budget does mean more batches. Batches keep their
// links in a scratch directory that is gone afterwards, on success and on failure.
#include <gtest/gtest.h>
#include <omp.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "cluster/linkage_inputs.hpp"
#include "dist/comm.hpp"
#include "xjslink/cluster/cluster.hpp"
#include "xjslink/error.hpp"

namespace xjslink {
namespace {

using testing::expect_same_clusters;

constexpr std::uint64_t kUnbounded = UINT64_MAX;

TEST(StreamedClustering, SameClustersAsInMemoryForAnyBudgetAndThreadCount) {
  const dist::Comm comm = dist::Comm::self();
  const int threads_before = omp_get_max_threads();
  std::uint64_t most_batches = 0;
  for (int trial = 0; trial < 24; ++trial) {
    std::mt19937_64 rng(7100 + static_cast<std::uint64_t>(trial));
    const std::uint64_t na = 50 + rng() % 300, nb = rng() % 200, n = na + nb;
    // Few false links (many components) or many (components merge into large ones).
    const EdgeRows all = testing::random_links(rng, n, trial % 2 == 0 ? n / 8 : n);
    const RecordKeys keys = testing::keys_for(comm, na, nb);
    const EdgesInMemory source(all);
    for (const ClusteringMethod method :
         {ClusteringMethod::kSupportedMerges, ClusteringMethod::kConnectedComponents}) {
      const ClusteringSpec spec{method, 0.5};
      omp_set_num_threads(1);
      const Clusters want = cluster_records(comm, keys, testing::as_predictions(all), 0.95, spec);
      EXPECT_EQ(want.summary.component_batches, 1u);
      for (const int threads : {1, 2}) {
        omp_set_num_threads(threads);
        for (const std::uint64_t budget :
             {std::uint64_t{1} << 10, std::uint64_t{1} << 14, std::uint64_t{1} << 30, kUnbounded}) {
          const Clusters got = cluster_records(comm, keys, source, 0.95, spec, budget);
          expect_same_clusters(got, keys, want,
                               "trial " + std::to_string(trial) + " budget " +
                                   std::to_string(budget) + " threads " + std::to_string(threads));
          most_batches = std::max(most_batches, got.summary.component_batches);
        }
      }
    }
  }
  omp_set_num_threads(threads_before);
  EXPECT_GE(most_batches, 20u);  // the tiny budget did split the components into many batches
}

TEST(StreamedClustering, BatchesFollowTheBudget) {
  const dist::Comm comm = dist::Comm::self();
  std::mt19937_64 rng(77);
  const std::uint64_t na = 1500, nb = 500;
  const EdgeRows all = testing::random_links(rng, na + nb, (na + nb) / 4);
  const RecordKeys keys = testing::keys_for(comm, na, nb);
  const EdgesInMemory source(all);
  const Clusters want = cluster_records(comm, keys, testing::as_predictions(all), 0.95);
  std::uint64_t previous = 0;
  for (const std::uint64_t budget : {kUnbounded, std::uint64_t{1} << 24, std::uint64_t{1} << 18,
                                     std::uint64_t{1} << 14, std::uint64_t{1} << 10}) {
    const Clusters got = cluster_records(comm, keys, source, 0.95, {}, budget);
    const std::uint64_t batches = got.summary.component_batches;
    // Half the budget holds one batch's links, 32 bytes each.
    const std::uint64_t links_per_batch = std::max<std::uint64_t>(1, budget / 2 / 32);
    EXPECT_EQ(batches, (all.size() + links_per_batch - 1) / links_per_batch) << budget;
    EXPECT_GE(batches, previous) << budget;
    previous = batches;
    expect_same_clusters(got, keys, want, "budget " + std::to_string(budget));
  }
  EXPECT_GT(previous, 100u);
}

TEST(StreamedClustering, NoPairsAndNoRecords) {
  const dist::Comm comm = dist::Comm::self();
  const RecordKeys keys = testing::keys_for(comm, 5, 0);
  const EdgesInMemory none{EdgeRows{}};
  const Clusters want = cluster_records(comm, keys, Predictions{}, 0.95);
  const Clusters got = cluster_records(comm, keys, none, 0.95, {}, 1024);
  expect_same_clusters(got, keys, want, "no pairs");
  EXPECT_EQ(got.num_clusters, 5u);
  EXPECT_EQ(got.summary.component_batches, 1u);
  const RecordKeys empty = testing::keys_for(comm, 0, 0);
  const Clusters nothing = cluster_records(comm, empty, none, 0.95, {}, 1024);
  EXPECT_EQ(nothing.num_clusters, 0u);
  EXPECT_EQ(nothing.summary.components, 0u);
  EXPECT_EQ(nothing.summary.largest_component, 0u);
}

// A fresh, empty directory under the system temp directory, removed with the test.
class TempDir {
 public:
  explicit TempDir(const std::string& name)
      : path_(std::filesystem::temp_directory_path() / (name + "-" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string path() const { return path_.string(); }
  bool empty() const { return std::filesystem::is_empty(path_); }

 private:
  std::filesystem::path path_;
};

// Fails on its n-th read, as a spilled file might.
class FailingEdges : public EdgeSource {
 public:
  FailingEdges(EdgeRows rows, int fail_at) : inner_(std::move(rows)), fail_at_(fail_at) {}
  std::uint64_t rows() const override { return inner_.rows(); }
  void read(std::uint64_t begin, std::uint64_t end, EdgeRows& out) const override {
    if (reads_++ == fail_at_) throw Error(ErrorCode::kIo, "read failed", "pairs");
    inner_.read(begin, end, out);
  }

 private:
  EdgesInMemory inner_;
  int fail_at_;
  mutable int reads_ = 0;
};

TEST(StreamedClustering, ScratchFilesAreRemovedAfterClustering) {
  const dist::Comm comm = dist::Comm::self();
  std::mt19937_64 rng(4242);
  const std::uint64_t na = 1500, nb = 500;
  const EdgeRows all = testing::random_links(rng, na + nb, (na + nb) / 4);
  const RecordKeys keys = testing::keys_for(comm, na, nb);
  const EdgesInMemory source(all);
  const Clusters want = cluster_records(comm, keys, testing::as_predictions(all), 0.95);
  const TempDir dir("xjslink-cluster-scratch-test");
  const Clusters got = cluster_records(comm, keys, source, 0.95, {}, 1024, dir.path());
  EXPECT_GT(got.summary.component_batches, 100u);  // the links did go through batch files
  expect_same_clusters(got, keys, want, "scratch dir");
  EXPECT_TRUE(dir.empty());
  // A failure while the batch files are written (the second pass's read) removes them too.
  const FailingEdges failing(all, 1);
  EXPECT_THROW(cluster_records(comm, keys, failing, 0.95, {}, 1024, dir.path()), Error);
  EXPECT_TRUE(dir.empty());
}

TEST(StreamedClustering, AScratchDirThatCannotBeCreatedIsAnIoError) {
  const dist::Comm comm = dist::Comm::self();
  std::mt19937_64 rng(4343);
  const EdgeRows all = testing::random_links(rng, 400, 100);
  const RecordKeys keys = testing::keys_for(comm, 300, 100);
  const EdgesInMemory source(all);
  const TempDir dir("xjslink-cluster-noscratch-test");
  const std::string not_a_dir = dir.path() + "/a-file";
  std::ofstream(not_a_dir) << "x";
  try {
    cluster_records(comm, keys, source, 0.95, {}, 1024, not_a_dir + "/scratch");
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kIo);
  }
  // One batch needs no scratch files, so no directory either.
  const Clusters one = cluster_records(comm, keys, source, 0.95, {}, kUnbounded, not_a_dir);
  EXPECT_EQ(one.summary.component_batches, 1u);
}

}  // namespace
}  // namespace xjslink
