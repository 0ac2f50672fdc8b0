// File: eval/cluster_review_test.cpp
// The clusters for review: hand-made clusters with known sizes, densities and persons; the
// order of the lists and their ties; the density histogram; the per-cluster columns read from
// a clusters file (and computed from the predictions when it has none); bad column values.
#include "xjslink/eval/cluster_review.hpp"

#include <gtest/gtest.h>

#include "eval/run_fixture.hpp"
#include "io/io_test_util.hpp"
#include "xjslink/error.hpp"
#include "xjslink/eval/evaluation.hpp"
#include "xjslink/eval/evaluation_format.hpp"
#include "xjslink/io/hdf5_table.hpp"
#include "xjslink/table.hpp"

namespace xjslink::eval {
namespace {

// Records of one source dataset in the given clusters, persons as given.
LabelledRecords records_in(const std::vector<std::uint32_t>& clusters,
                           const std::vector<std::uint32_t>& persons) {
  LabelledRecords r;
  for (std::size_t i = 0; i < clusters.size(); ++i) {
    r.source.push_back(0);
    r.cluster.push_back(clusters[i]);
    r.person.push_back(persons.empty() ? kNoPerson : persons[i]);
  }
  r.num_sources = 1;
  r.num_clusters = 0;
  for (const auto c : clusters)
    r.num_clusters = std::max(r.num_clusters, c + 1);
  r.num_persons = 10;
  return r;
}

TEST(ClusterReview, ComputesDensityFromLinksAndOrdersTheLists) {
  // Cluster 0: 4 records, 3 links (a chain): density 3/6. Cluster 1: 4 records, 6 links.
  // Cluster 2: 3 records, 1 link (1/3). Cluster 3: 2 records, 1 link. Cluster 4: a singleton.
  // Cluster 5: 3 records, 1 link: the same density as cluster 2, so file order breaks the tie.
  const LabelledRecords rec = records_in({0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 3, 3, 4, 5, 5, 5},
                                         {0, 0, 1, 1, 2, 2, 2, 2, 3, 3, 3, 4, 5, 6, 7, 7, 7});
  const std::vector<std::uint64_t> links = {3, 6, 1, 1, 0, 1};
  ClusterColumns none;
  none.density.resize(6);
  none.weakest_link.resize(6);
  none.bridges.resize(6);
  const ClusterReview r = cluster_review(rec, LinkType::kDedupeOnly, none, links, true, 10);
  EXPECT_EQ(r.density_source, "predictions");
  EXPECT_EQ(r.clusters, 6u);
  EXPECT_EQ(r.reviewable_clusters, 4u);  // clusters 0, 1, 2, 5
  EXPECT_FALSE(r.has_weakest_link);
  EXPECT_FALSE(r.has_bridges);
  EXPECT_EQ(r.over_merged_clusters, 2u);  // cluster 0 (persons 0, 1) and 3 (4, 5)

  // Largest: 0 and 1 (size 4; 0 is less dense), 2 and 5 (size 3, same density: file order),
  // 3, 4.
  ASSERT_EQ(r.largest.size(), 6u);
  EXPECT_EQ(r.largest[0].size, 4u);
  EXPECT_DOUBLE_EQ(*r.largest[0].density, 0.5);
  EXPECT_EQ(*r.largest[0].persons, 2u);
  EXPECT_DOUBLE_EQ(*r.largest[1].density, 1.0);
  EXPECT_EQ(*r.largest[1].persons, 1u);
  EXPECT_EQ(r.largest[2].size, 3u);
  EXPECT_EQ(r.largest[3].size, 3u);
  EXPECT_EQ(r.largest[4].size, 2u);
  EXPECT_EQ(r.largest[4].record_pairs, 1u);
  EXPECT_EQ(r.largest[5].size, 1u);
  EXPECT_DOUBLE_EQ(*r.largest[5].density, 1.0);  // a singleton
  EXPECT_FALSE(r.largest[0].weakest_link);
  EXPECT_FALSE(r.largest[0].bridges);

  // Least dense, among clusters of 3 or more: 2 and 5 (1/3), then 0 (1/2), then 1.
  ASSERT_EQ(r.least_dense.size(), 4u);
  EXPECT_NEAR(*r.least_dense[0].density, 1.0 / 3, 1e-12);
  EXPECT_NEAR(*r.least_dense[1].density, 1.0 / 3, 1e-12);
  EXPECT_DOUBLE_EQ(*r.least_dense[2].density, 0.5);
  EXPECT_DOUBLE_EQ(*r.least_dense[3].density, 1.0);

  // Density histogram: 1/3 -> [0.3, 0.4) twice, 0.5 -> [0.5, 0.6), 1 -> the last bin.
  EXPECT_EQ(r.density_histogram[3], 2u);
  EXPECT_EQ(r.density_histogram[5], 1u);
  EXPECT_EQ(r.density_histogram[9], 1u);
  std::uint64_t total = 0;
  for (const auto n : r.density_histogram)
    total += n;
  EXPECT_EQ(total, r.reviewable_clusters);

  // Shorter lists keep the order.
  const ClusterReview two = cluster_review(rec, LinkType::kDedupeOnly, none, links, false, 2);
  ASSERT_EQ(two.largest.size(), 2u);
  EXPECT_DOUBLE_EQ(*two.largest[0].density, 0.5);
  EXPECT_FALSE(two.largest[0].persons);  // no truth
  ASSERT_EQ(two.least_dense.size(), 2u);
}

TEST(ClusterReview, ColumnsWinOverComputedDensity) {
  const LabelledRecords rec = records_in({0, 0, 0, 1}, {});
  ClusterColumns c;
  c.has_density = c.has_weakest_link = c.has_bridges = true;
  c.density = {0.25, 1.0};
  c.weakest_link = {2.5, std::nullopt};
  c.bridges = {2, 0};
  const ClusterReview r = cluster_review(rec, LinkType::kDedupeOnly, c, {3, 0}, false, 5);
  EXPECT_EQ(r.density_source, "clusters file");
  EXPECT_EQ(r.clusters_with_bridges, 1u);
  ASSERT_EQ(r.largest.size(), 2u);
  EXPECT_DOUBLE_EQ(*r.largest[0].density, 0.25);  // not 3/3 from the links
  EXPECT_DOUBLE_EQ(*r.largest[0].weakest_link, 2.5);
  EXPECT_EQ(*r.largest[0].bridges, 2u);
  EXPECT_FALSE(r.largest[1].weakest_link);
  EXPECT_EQ(r.density_histogram[2], 1u);
}

TEST(ClusterReview, NoRecordsGivesEmptyLists) {
  const ClusterReview r =
      cluster_review(LabelledRecords{}, LinkType::kDedupeOnly, {}, {}, true, 10);
  EXPECT_EQ(r.clusters, 0u);
  EXPECT_TRUE(r.largest.empty());
  EXPECT_TRUE(r.least_dense.empty());
  EXPECT_EQ(r.density_source, "");
}

TEST(ClusterReviewRun, ReadsTheColumnsOfTheClustersFile) {
  testing::TempDir tmp;
  const testing::FixtureRun f = testing::write_fixture_run(tmp.file("run"));
  testing::write_review_clusters(f.dir, true);
  EvaluateOptions o;
  o.run_dir = f.dir;
  o.truth_path = f.truth;
  const Evaluation e = evaluate_run(o);
  const ClusterReview& r = e.cluster_review;
  EXPECT_EQ(r.density_source, "clusters file");
  EXPECT_TRUE(r.has_weakest_link);
  EXPECT_TRUE(r.has_bridges);
  EXPECT_EQ(r.clusters, 4u);
  EXPECT_EQ(r.reviewable_clusters, 3u);
  EXPECT_EQ(r.clusters_with_bridges, 3u);
  EXPECT_EQ(r.over_merged_clusters, 3u);
  // Largest: Y (4 records, density 0.25) before X (4, 0.5), then Z, then the singleton.
  ASSERT_EQ(r.largest.size(), 4u);
  EXPECT_EQ(r.largest[0].size, 4u);
  EXPECT_EQ(r.largest[0].record_pairs, 4u);  // link_only: 2 x 2 across the sources
  EXPECT_DOUBLE_EQ(*r.largest[0].density, 0.25);
  EXPECT_DOUBLE_EQ(*r.largest[0].weakest_link, 3.3);
  EXPECT_EQ(*r.largest[0].bridges, 3u);
  EXPECT_EQ(*r.largest[0].persons, 3u);
  EXPECT_DOUBLE_EQ(*r.largest[1].density, 0.5);
  EXPECT_EQ(*r.largest[1].persons, 2u);
  EXPECT_EQ(r.largest[2].size, 3u);
  EXPECT_EQ(r.largest[2].record_pairs, 2u);
  EXPECT_FALSE(r.largest[3].weakest_link);  // null for the singleton
  EXPECT_EQ(*r.largest[3].bridges, 0u);
  // Least dense: Y, then X and Z tie at 0.5 (the larger first).
  ASSERT_EQ(r.least_dense.size(), 3u);
  EXPECT_DOUBLE_EQ(*r.least_dense[0].density, 0.25);
  EXPECT_EQ(r.least_dense[1].size, 4u);
  EXPECT_EQ(r.least_dense[2].size, 3u);
  EXPECT_EQ(r.density_histogram[2], 1u);
  EXPECT_EQ(r.density_histogram[5], 2u);

  // In the JSON and the tables, counts only: no cluster id.
  const auto j = evaluation_json(e);
  EXPECT_EQ(j["cluster_review"]["largest"][0]["size"], 4);
  EXPECT_EQ(j["cluster_review"]["largest"][0]["persons"], 3);
  EXPECT_EQ(j["cluster_review"]["density_source"], "clusters file");
  EXPECT_EQ(j["cluster_review"]["largest"][3]["weakest_link"], nullptr);
  const std::string text = evaluation_text(e);
  EXPECT_NE(text.find("Least dense clusters"), std::string::npos);
  for (const std::string& s : {j.dump(), text}) {
    EXPECT_EQ(s.find("cid-"), std::string::npos);
  }
}

TEST(ClusterReviewRun, HdfClustersFileGivesTheSameReview) {
  testing::TempDir tmp;
  const testing::FixtureRun f = testing::write_fixture_run(tmp.file("run"));
  testing::write_review_clusters(f.dir, true);
  EvaluateOptions o;
  o.run_dir = f.dir;
  o.truth_path = f.truth;
  const auto from_csv = evaluation_json(evaluate_run(o))["cluster_review"];
  // The same clusters as clusters.h5 (read in preference to the CSV), numbers typed, the
  // singleton's weakest link null.
  Table t;
  for (const char* name : {"source_dataset", "unique_id", "cluster_id"})
    t.add_column(name, ColumnType::kString);
  for (const char* name : {kClusterSizeColumn, kClusterDensityColumn, kClusterWeakestLinkColumn,
                           kClusterBridgesColumn})
    t.add_column(name, ColumnType::kNumber);
  // References only once every column exists (adding one may move the others).
  Column& source = t.column(0);
  Column& uid = t.column(1);
  Column& cluster = t.column(2);
  Column& size = t.column(3);
  Column& density = t.column(4);
  Column& weakest = t.column(5);
  Column& bridges = t.column(6);
  struct Row {
    const char* id;
    const char* cluster;
    double size, density, weakest, bridges;
  };
  for (const Row& r : std::vector<Row>{{"a1", "X", 4, 0.5, 8.6, 1},
                                       {"b1", "X", 4, 0.5, 8.6, 1},
                                       {"a2", "X", 4, 0.5, 8.6, 1},
                                       {"b2", "X", 4, 0.5, 8.6, 1},
                                       {"a3", "Y", 4, 0.25, 3.3, 3},
                                       {"b3", "Y", 4, 0.25, 3.3, 3},
                                       {"a6", "Y", 4, 0.25, 3.3, 3},
                                       {"b6", "Y", 4, 0.25, 3.3, 3},
                                       {"a4", "Z", 3, 0.5, 1.0, 2},
                                       {"b4", "Z", 3, 0.5, 1.0, 2},
                                       {"a5", "Z", 3, 0.5, 1.0, 2},
                                       {"b5", "S", 1, 1, -1, 0}}) {
    source.append_string(std::string(1, r.id[0]));
    uid.append_string(r.id);
    cluster.append_string(r.cluster);
    size.append_number(r.size);
    density.append_number(r.density);
    if (r.weakest < 0) {
      weakest.append_null();
    } else {
      weakest.append_number(r.weakest);
    }
    bridges.append_number(r.bridges);
  }
  io::write_hdf5_table(f.dir + "/clusters.h5", "clusters", t);
  const Evaluation e = evaluate_run(o);
  ASSERT_NE(e.clusters_file.find("clusters.h5"), std::string::npos);
  EXPECT_EQ(evaluation_json(e)["cluster_review"], from_csv);
}

TEST(ClusterReviewRun, WithoutColumnsComputesDensityFromThePredictions) {
  testing::TempDir tmp;
  const testing::FixtureRun f = testing::write_fixture_run(tmp.file("run"));
  testing::write_review_clusters(f.dir, false);
  EvaluateOptions o;
  o.run_dir = f.dir;
  const Evaluation e = evaluate_run(o);
  const ClusterReview& r = e.cluster_review;
  EXPECT_EQ(r.density_source, "predictions");
  EXPECT_FALSE(r.has_weakest_link);
  EXPECT_FALSE(r.has_bridges);
  EXPECT_FALSE(r.has_truth);
  ASSERT_EQ(r.least_dense.size(), 3u);
  EXPECT_DOUBLE_EQ(*r.least_dense[0].density, 0.0);  // Y: 4 records, no link >= 0.95
  EXPECT_EQ(r.least_dense[0].size, 4u);
  EXPECT_DOUBLE_EQ(*r.least_dense[1].density, 0.0);  // Z
  EXPECT_EQ(r.least_dense[1].size, 3u);
  EXPECT_DOUBLE_EQ(*r.least_dense[2].density, 0.5);  // X: a1-b1 and a2-b2 of 4 pairs
  EXPECT_FALSE(r.least_dense[2].bridges);
  EXPECT_FALSE(r.least_dense[2].persons);
  const auto j = evaluation_json(e);
  EXPECT_EQ(j["cluster_review"]["clusters_with_bridges"], nullptr);
  EXPECT_EQ(j["cluster_review"]["over_merged_clusters"], nullptr);
}

TEST(ClusterReviewRun, BadColumnValuesNameFileLineAndField) {
  testing::TempDir tmp;
  const testing::FixtureRun f = testing::write_fixture_run(tmp.file("run"));
  EvaluateOptions o;
  o.run_dir = f.dir;
  const std::string head =
      "source_dataset,unique_id,cluster_id,cluster_size,cluster_density,cluster_weakest_link,"
      "cluster_bridges\n";
  const std::string rest =
      "a,a2,a2,1,1,,0\na,a3,a3,1,1,,0\na,a4,a4,1,1,,0\na,a5,a5,1,1,,0\na,a6,a6,1,1,,0\n"
      "b,b2,a2x,1,1,,0\nb,b3,b3,1,1,,0\nb,b4,b4,1,1,,0\nb,b5,b5,1,1,,0\nb,b6,b6,1,1,,0\n";
  struct Case {
    std::string first_rows;
    std::string field;
    std::uint64_t line;
  };
  const std::vector<Case> cases = {
      {"a,a1,c,2,1.5,2.0,0\nb,b1,c,2,1.5,2.0,0\n", "cluster_density", 2},
      {"a,a1,c,2,1,2.0,0\nb,b1,c,2,1,2.0,1\n", "cluster_bridges", 3},
      {"a,a1,c,2,1,2.0,0.5\nb,b1,c,2,1,2.0,0.5\n", "cluster_bridges", 2},
      {"a,a1,c,2,1,2.0,0\nb,b1,c,2,1,2.5,0\n", "cluster_weakest_link", 3},
      {"a,a1,c,2,1,strong,0\nb,b1,c,2,1,2.0,0\n", "cluster_weakest_link", 2}};
  for (const Case& c : cases) {
    testing::write_text(f.dir + "/clusters.csv", head + c.first_rows + rest);
    try {
      evaluate_run(o);
      ADD_FAILURE() << "no error for " << c.field;
    } catch (const Error& err) {
      EXPECT_EQ(err.code(), ErrorCode::kInvalidInput);
      EXPECT_EQ(err.field(), c.field);
      EXPECT_EQ(err.line(), c.line) << c.field;
      EXPECT_NE(std::string(err.what()).find("clusters.csv"), std::string::npos);
      EXPECT_EQ(std::string(err.what()).find("strong"), std::string::npos) << "no value quoted";
    }
  }
}

}  // namespace
}  // namespace xjslink::eval
