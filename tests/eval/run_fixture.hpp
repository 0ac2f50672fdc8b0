// File: eval/run_fixture.hpp
// A small run directory written by hand (model.json from the library's own model writer), with
// a ground truth designed so that every metric is known: a link_only linkage of sources a and
// b, six records each. Persons 1..5 have one record in each source (a_i, b_i); a6 and b6 are
// two other persons. Predicted pairs (output threshold 0.5): a1-b1, a2-b2 (weight 8.6, also
// clustered at 0.95), a3-b3 and a6-b6 (3.3), a5-b5 and a4-b5 (1.0). So 6 predicted, 4 true
// positives, 2 false matches, 1 missed match (a4-b4); clusters {a1,b1}, {a2,b2}. Names are
// unusual words and one level label holds markup, so tests can look for leaks and escaping.
#pragma once

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "xjslink/model.hpp"
#include "xjslink/settings.hpp"

namespace xjslink::testing {

inline constexpr const char* kFixtureSettings = R"({
  "link_type": "link_only",
  "unique_id_column": "id",
  "blocking_rules": ["name"],
  "comparisons": [
    {"name": "name", "column": "name", "levels": [
      {"type": "null"}, {"type": "exact", "m": 0.9, "u": 0.01, "label": "<b>same</b> & exact"},
      {"type": "else", "m": 0.1, "u": 0.99}]},
    {"name": "dob", "column": "dob", "levels": [
      {"type": "null"}, {"type": "exact", "m": 0.8, "u": 0.02}, {"type": "else", "m": 0.2, "u": 0.98}]}
  ],
  "training": {"lambda": 0.1},
  "threshold_match_probability": 0.5,
  "cluster_threshold": 0.95
})";

struct FixtureRun {
  std::string dir;
  std::string truth;    // source_dataset, unique_id, person_id, sex (+ one row not in the run)
  std::string persons;  // person_id, region
};

inline void write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

// Writes the fixture into dir (created); inputs a.csv and b.csv go in dir/inputs.
inline FixtureRun write_fixture_run(const std::string& dir) {
  namespace fs = std::filesystem;
  fs::create_directories(fs::path(dir) / "inputs");
  const Settings settings = parse_settings(kFixtureSettings, "fixture");
  const Model model = Model::initial(settings);
  write_text(dir + "/model.json", model.to_json_text());

  const std::string in_a = (fs::path(dir) / "inputs" / "a.csv").string();
  const std::string in_b = (fs::path(dir) / "inputs" / "b.csv").string();
  write_text(in_a,
             "id,name,dob,sex,region\n"
             "a1,zelphine,1931-07-19,f,north\na2,bartolomeu,1980-02-02,m,north\n"
             "a3,catriona,,f,south\na4,dunstan,1970-03-03,m,south\n"
             "a5,dunstan,1971-04-04,m,south\na6,evadne,,f,north\n");
  write_text(in_b,
             "id,name,dob,sex,region\n"
             "b1,zelphine,1931-07-19,f,north\nb2,bartolomeu,1980-02-02,m,north\n"
             "b3,catriona,,f,south\nb4,dunstin,1970-03-03,m,south\n"
             "b5,dunstan,1972-04-04,m,south\nb6,evadne,,f,north\n");

  // gamma: 1 exact, 0 else, -1 null (2 levels after null: exact = 1, else = 0).
  const double prior = model.prior_log2_odds();
  const double bf[2][2] = {{model.log2_bayes_factor(0, 2), model.log2_bayes_factor(0, 1)},
                           {model.log2_bayes_factor(1, 2), model.log2_bayes_factor(1, 1)}};
  struct P {
    const char* l;
    const char* r;
    int g_name, g_dob;
  };
  const std::vector<P> pairs = {{"a1", "b1", 1, 1}, {"a2", "b2", 1, 1}, {"a3", "b3", 1, -1},
                                {"a4", "b5", 1, 0}, {"a5", "b5", 1, 0}, {"a6", "b6", 1, -1}};
  std::string pred =
      "source_dataset_l,unique_id_l,source_dataset_r,unique_id_r,match_weight,"
      "match_probability,match_key,gamma_name,bf_name,gamma_dob,bf_dob,record_index_l,"
      "record_index_r\n";
  for (const P& p : pairs) {
    const double b_name = p.g_name < 0 ? 0.0 : bf[0][p.g_name];
    const double b_dob = p.g_dob < 0 ? 0.0 : bf[1][p.g_dob];
    const double w = prior + b_name + b_dob;
    pred += std::string("a,") + p.l + ",b," + p.r + "," + std::to_string(w) + "," +
            std::to_string(probability_from_log2_odds(w)) + ",0," + std::to_string(p.g_name) + "," +
            std::to_string(b_name) + "," + std::to_string(p.g_dob) + "," + std::to_string(b_dob) +
            "," + std::to_string(p.l[1] - '1') + "," + std::to_string(6 + p.r[1] - '1') + "\n";
  }
  write_text(dir + "/predictions.csv", pred);
  write_text(
      dir + "/clusters.csv",
      "source_dataset,unique_id,cluster_id\n"
      "a,a1,a-__-a1\na,a2,a-__-a2\na,a3,a-__-a3\na,a4,a-__-a4\na,a5,a-__-a5\na,a6,a-__-a6\n"
      "b,b1,a-__-a1\nb,b2,a-__-a2\nb,b3,b-__-b3\nb,b4,b-__-b4\nb,b5,b-__-b5\nb,b6,b-__-b6\n");
  write_text(dir + "/run.json", R"({
  "cluster_threshold": 0.95, "command": "run", "link_type": "link_only",
  "counts": {"records": 12, "records_per_source": {"a": 6, "b": 6},
             "blocked_pairs_per_rule": [{"rule": "name", "pairs": 7}],
             "scored_pairs": 7, "predictions": 6, "clusters": 10, "largest_cluster": 2},
  "inputs": [{"path": "a.csv", "absolute_path": ")" +
                                    in_a + R"(", "records": 6},
             {"path": "b.csv", "absolute_path": ")" +
                                    in_b + R"(", "records": 6}],
  "ranks": 1, "threads_per_rank": 2, "peak_rss_bytes_per_rank_max": 52428800,
  "threshold": {"by_weight": false, "value": 0.5},
  "timings_seconds": {"ingest": 0.01, "train": 0.5, "predict": 0.02, "cluster": 0.001}
})");
  FixtureRun f;
  f.dir = dir;
  f.truth = dir + "/truth.csv";
  write_text(f.truth,
             "source_dataset,unique_id,person_id,sex\n"
             "a,a1,P1,f\nb,b1,P1,f\na,a2,P2,m\nb,b2,P2,m\na,a3,P3,f\nb,b3,P3,f\n"
             "a,a4,P4,m\nb,b4,P4,m\na,a5,P5,m\nb,b5,P5,m\na,a6,P6,f\nb,b6,P7,f\nc,c1,P9,m\n");
  f.persons = dir + "/persons.csv";
  write_text(f.persons,
             "person_id,region\nP1,north\nP2,north\nP3,south\nP4,south\nP5,south\nP6,north\n"
             "P7,north\nP8,south\n");
  return f;
}

// Replaces the fixture's clusters.csv with bigger clusters for the review lists: X = {a1, b1,
// a2, b2} (persons P1, P2), Y = {a3, b3, a6, b6} (P3, P6, P7), Z = {a4, b4, a5} (P4, P5), and
// singletons b5. With columns, the per-cluster columns are written too: X density 0.5, weakest
// link 8.6, 1 bridge; Y 0.25, 3.3, 3; Z 0.5, 1.0, 2; the singleton 1, null, 0. Without, the
// evaluation computes density from the predictions: X 2/4 (a1-b1, a2-b2 are at or above the
// cluster threshold 0.95), Y 0/4 and Z 0/2 (link_only: only pairs across sources count).
inline void write_review_clusters(const std::string& dir, bool with_columns) {
  struct Row {
    const char* source;
    const char* id;
    const char* cluster;
    const char* columns;
  };
  const std::vector<Row> rows = {
      {"a", "a1", "cid-xenon", "4,0.5,8.6,1"},   {"b", "b1", "cid-xenon", "4,0.5,8.6,1"},
      {"a", "a2", "cid-xenon", "4,0.5,8.6,1"},   {"b", "b2", "cid-xenon", "4,0.5,8.6,1"},
      {"a", "a3", "cid-yarrow", "4,0.25,3.3,3"}, {"b", "b3", "cid-yarrow", "4,0.25,3.3,3"},
      {"a", "a6", "cid-yarrow", "4,0.25,3.3,3"}, {"b", "b6", "cid-yarrow", "4,0.25,3.3,3"},
      {"a", "a4", "cid-zinnia", "3,0.5,1.0,2"},  {"b", "b4", "cid-zinnia", "3,0.5,1.0,2"},
      {"a", "a5", "cid-zinnia", "3,0.5,1.0,2"},  {"b", "b5", "cid-solo", "1,1,,0"}};
  std::string text = "source_dataset,unique_id,cluster_id";
  if (with_columns) text += ",cluster_size,cluster_density,cluster_weakest_link,cluster_bridges";
  text += "\n";
  for (const Row& r : rows) {
    text += std::string(r.source) + "," + r.id + "," + r.cluster;
    if (with_columns) text += std::string(",") + r.columns;
    text += "\n";
  }
  write_text(dir + "/clusters.csv", text);
}

}  // namespace xjslink::testing
