// File: eval/metrics.cpp
// Everything is counted from sorted (cluster, person, source) triples of the labelled records,
// so memory is linear in the records and no list of pairs is ever built.
#include "xjslink/eval/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>

namespace xjslink::eval {
namespace {

struct Triple {
  std::uint32_t cluster;
  std::uint32_t person;
  std::uint16_t source;
};

bool by_cluster(const Triple& a, const Triple& b) {
  return std::tie(a.cluster, a.person, a.source) < std::tie(b.cluster, b.person, b.source);
}

bool by_person(const Triple& a, const Triple& b) {
  return std::tie(a.person, a.source, a.cluster) < std::tie(b.person, b.source, b.cluster);
}

std::vector<Triple> labelled_triples(const LabelledRecords& records) {
  std::vector<Triple> out;
  out.reserve(records.size());
  for (std::uint32_t r = 0; r < records.size(); ++r) {
    if (records.labelled(r))
      out.push_back({records.cluster[r], records.person[r], records.source[r]});
  }
  return out;
}

// In-scope pairs among a group of n records whose per-source counts squared sum to sum_sq.
std::uint64_t scoped_pairs(LinkType link_type, std::uint64_t n, std::uint64_t sum_sq) {
  if (link_type != LinkType::kLinkOnly) return pairs_among(n);
  return (n * n - sum_sq) / 2;
}

// Walks runs of equal (key) in a sorted vector, calling f(begin, end) for each.
template <typename Key, typename F>
void for_each_run(const std::vector<Triple>& v, std::size_t begin, std::size_t end, Key key, F f) {
  std::size_t i = begin;
  while (i < end) {
    std::size_t j = i + 1;
    while (j < end && key(v[j]) == key(v[i]))
      ++j;
    f(i, j);
    i = j;
  }
}

// Sum over sources of (count per source)^2 in [begin, end), sorted so sources are adjacent
// within the range's runs of `outer`.
std::uint64_t source_square_sum(const std::vector<Triple>& v, std::size_t begin, std::size_t end) {
  std::uint64_t sum_sq = 0;
  for_each_run(
      v, begin, end, [](const Triple& t) { return t.source; },
      [&](std::size_t i, std::size_t j) { sum_sq += (j - i) * (j - i); });
  return sum_sq;
}

}  // namespace

std::optional<double> PairCounts::precision() const {
  if (predicted == 0) return std::nullopt;
  return static_cast<double>(true_positives) / static_cast<double>(predicted);
}

std::optional<double> PairCounts::recall() const {
  if (true_pairs == 0) return std::nullopt;
  return static_cast<double>(true_positives) / static_cast<double>(true_pairs);
}

std::optional<double> PairCounts::f1() const {
  if (predicted + true_pairs == 0) return std::nullopt;
  return 2.0 * static_cast<double>(true_positives) / static_cast<double>(predicted + true_pairs);
}

std::uint64_t count_true_pairs(const LabelledRecords& records, LinkType link_type) {
  std::vector<Triple> t = labelled_triples(records);
  std::sort(t.begin(), t.end(), by_person);
  std::uint64_t total = 0;
  for_each_run(
      t, 0, t.size(), [](const Triple& x) { return x.person; },
      [&](std::size_t i, std::size_t j) {
        total += scoped_pairs(link_type, j - i, source_square_sum(t, i, j));
      });
  return total;
}

ClusterMetrics cluster_metrics(const LabelledRecords& records, LinkType link_type) {
  ClusterMetrics m;
  std::vector<Triple> t = labelled_triples(records);
  m.records = t.size();
  m.pairs.true_pairs = count_true_pairs(records, link_type);

  std::vector<std::uint32_t> person_size(records.num_persons, 0);
  for (const Triple& x : t)
    ++person_size[x.person];
  std::vector<std::uint32_t> person_clusters(records.num_persons, 0);

  // Cells (cluster, person) within clusters; sorting by cluster puts each cell's sources
  // together, so the source counts of a cluster come from its cells merged by source.
  std::sort(t.begin(), t.end(), by_cluster);
  double b3_precision = 0, b3_recall = 0;
  for_each_run(
      t, 0, t.size(), [](const Triple& x) { return x.cluster; },
      [&](std::size_t ci, std::size_t cj) {
        const std::uint64_t n_c = cj - ci;
        ++m.clusters;
        if (n_c == 1) ++m.singleton_clusters;
        std::uint64_t persons_here = 0;
        if (link_type == LinkType::kLinkOnly) {
          std::vector<std::uint16_t> s;
          for (std::size_t k = ci; k < cj; ++k)
            s.push_back(t[k].source);
          std::sort(s.begin(), s.end());
          std::uint64_t sum_sq = 0;
          for (std::size_t a = 0; a < s.size();) {
            std::size_t b = a;
            while (b < s.size() && s[b] == s[a])
              ++b;
            sum_sq += (b - a) * (b - a);
            a = b;
          }
          m.pairs.predicted += scoped_pairs(link_type, n_c, sum_sq);
        } else {
          m.pairs.predicted += pairs_among(n_c);
        }
        for_each_run(
            t, ci, cj, [](const Triple& x) { return x.person; },
            [&](std::size_t pi, std::size_t pj) {
              const std::uint64_t n_cp = pj - pi;
              const std::uint32_t p = t[pi].person;
              ++persons_here;
              ++person_clusters[p];
              m.pairs.true_positives += scoped_pairs(link_type, n_cp, source_square_sum(t, pi, pj));
              const double sq = static_cast<double>(n_cp) * static_cast<double>(n_cp);
              b3_precision += sq / static_cast<double>(n_c);
              b3_recall += sq / static_cast<double>(person_size[p]);
            });
        if (persons_here > 1) {
          ++m.over_merged_clusters;
          m.over_merged_persons += persons_here;
          m.over_merged_records += n_c;
        }
      });
  for (std::uint32_t p = 0; p < records.num_persons; ++p) {
    if (person_size[p] == 0) continue;
    ++m.persons;
    if (person_clusters[p] > 1) {
      ++m.split_persons;
      m.split_extra_clusters += person_clusters[p] - 1;
    }
  }
  if (m.records > 0) {
    const double n = static_cast<double>(m.records);
    m.b_cubed_precision = b3_precision / n;
    m.b_cubed_recall = b3_recall / n;
    const double p = *m.b_cubed_precision, r = *m.b_cubed_recall;
    m.b_cubed_f1 = p + r > 0 ? 2 * p * r / (p + r) : 0.0;
  }
  return m;
}

BCubedPerRecord b_cubed_per_record(const LabelledRecords& records) {
  BCubedPerRecord out;
  out.precision.assign(records.size(), 0.0F);
  out.recall.assign(records.size(), 0.0F);
  std::vector<std::uint32_t> cluster_size(records.num_clusters, 0);
  std::vector<std::uint32_t> person_size(records.num_persons, 0);
  std::vector<std::uint32_t> order;
  for (std::uint32_t r = 0; r < records.size(); ++r) {
    if (!records.labelled(r)) continue;
    ++cluster_size[records.cluster[r]];
    ++person_size[records.person[r]];
    order.push_back(r);
  }
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    return std::tie(records.cluster[a], records.person[a], a) <
           std::tie(records.cluster[b], records.person[b], b);
  });
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i + 1;
    const std::uint32_t c = records.cluster[order[i]], p = records.person[order[i]];
    while (j < order.size() && records.cluster[order[j]] == c && records.person[order[j]] == p)
      ++j;
    const auto n_cp = static_cast<double>(j - i);
    for (std::size_t k = i; k < j; ++k) {
      out.precision[order[k]] = static_cast<float>(n_cp / cluster_size[c]);
      out.recall[order[k]] = static_cast<float>(n_cp / person_size[p]);
    }
    i = j;
  }
  return out;
}

Interval wilson_interval(std::uint64_t successes, std::uint64_t trials, double z) {
  const double n = static_cast<double>(trials);
  const double p = static_cast<double>(successes) / n;
  const double z2 = z * z;
  const double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const double half = z / (1 + z2 / n) * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n));
  return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

double normal_quantile_two_sided(double confidence) {
  // Bisection on the normal tail (erfc is exact to machine precision); 200 halvings of [0, 40]
  // reach the resolution of a double.
  const double tail = (1 - confidence) / 2;
  double lo = 0, hi = 40;
  for (int i = 0; i < 200; ++i) {
    const double mid = (lo + hi) / 2;
    if (0.5 * std::erfc(mid / std::sqrt(2.0)) > tail) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return (lo + hi) / 2;
}

}  // namespace xjslink::eval
