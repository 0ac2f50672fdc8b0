// File: eval/reference/metrics_ref.hpp
// Linkage metrics by brute force, written for obviousness: every pair of records is listed and
// looked at. Shares no code with src/eval; the metrics there must agree with it exactly.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <utility>
#include <vector>

namespace xjslink::eval::reference {

struct Rec {
  int source;
  int cluster;
  int person;  // -1: no truth label
};

inline bool in_scope(bool link_only, const Rec& a, const Rec& b) {
  return !link_only || a.source != b.source;
}

inline std::uint64_t true_pairs(const std::vector<Rec>& r, bool link_only) {
  std::uint64_t n = 0;
  for (std::size_t i = 0; i < r.size(); ++i) {
    for (std::size_t j = i + 1; j < r.size(); ++j) {
      if (r[i].person >= 0 && r[i].person == r[j].person && in_scope(link_only, r[i], r[j])) ++n;
    }
  }
  return n;
}

// Pairs sharing a cluster (both labelled), and those also sharing a person.
inline std::pair<std::uint64_t, std::uint64_t> cluster_pairs(const std::vector<Rec>& r,
                                                             bool link_only) {
  std::uint64_t same_cluster = 0, both = 0;
  for (std::size_t i = 0; i < r.size(); ++i) {
    for (std::size_t j = i + 1; j < r.size(); ++j) {
      if (r[i].person < 0 || r[j].person < 0 || !in_scope(link_only, r[i], r[j])) continue;
      if (r[i].cluster != r[j].cluster) continue;
      ++same_cluster;
      if (r[i].person == r[j].person) ++both;
    }
  }
  return {same_cluster, both};
}

// B-cubed of one record: |C∩P|/|C| and |C∩P|/|P| over labelled records.
inline std::pair<double, double> b_cubed(const std::vector<Rec>& r, std::size_t i) {
  double c = 0, p = 0, cp = 0;
  for (const Rec& x : r) {
    if (x.person < 0) continue;
    const bool sc = x.cluster == r[i].cluster, sp = x.person == r[i].person;
    c += sc;
    p += sp;
    cp += sc && sp;
  }
  return {cp / c, cp / p};
}

// True pairs with at least one record in group g (group[i] per record).
inline std::uint64_t true_pairs_in_group(const std::vector<Rec>& r, const std::vector<int>& group,
                                         int g, bool link_only) {
  std::uint64_t n = 0;
  for (std::size_t i = 0; i < r.size(); ++i) {
    for (std::size_t j = i + 1; j < r.size(); ++j) {
      if (r[i].person >= 0 && r[i].person == r[j].person && in_scope(link_only, r[i], r[j]) &&
          (group[i] == g || group[j] == g)) {
        ++n;
      }
    }
  }
  return n;
}

// Persons whose records lie in more than one cluster.
inline std::uint64_t split_persons(const std::vector<Rec>& r) {
  std::map<int, std::set<int>> clusters;
  for (const Rec& x : r) {
    if (x.person >= 0) clusters[x.person].insert(x.cluster);
  }
  std::uint64_t n = 0;
  for (const auto& [p, c] : clusters)
    n += c.size() > 1;
  return n;
}

// Clusters holding more than one person.
inline std::uint64_t over_merged_clusters(const std::vector<Rec>& r) {
  std::map<int, std::set<int>> persons;
  for (const Rec& x : r) {
    if (x.person >= 0) persons[x.cluster].insert(x.person);
  }
  std::uint64_t n = 0;
  for (const auto& [c, p] : persons)
    n += p.size() > 1;
  return n;
}

}  // namespace xjslink::eval::reference
