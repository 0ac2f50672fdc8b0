// File: eval/subgroups.cpp
// Records are grouped by person with a counting sort (linear, deterministic); each person's
// few records then give its true pairs per group in closed form:
//   dedupe:    T_g = C(n, 2) - C(n - n_g, 2)       (pairs with at least one record in g)
//   link_only: T_g = X(n, {n_s}) - X(n - n_g, {n_s - n_sg}),  X(m, {m_s}) = (m^2 - sum m_s^2) / 2
#include "xjslink/eval/subgroups.hpp"

#include <algorithm>
#include <numeric>

namespace xjslink::eval {
namespace {

constexpr std::uint32_t kNoGroup = 0xFFFFFFFFu;

std::uint64_t cross_pairs(std::uint64_t n, std::uint64_t sum_sq) {
  return (n * n - sum_sq) / 2;
}

struct SourceCount {
  std::uint16_t source;
  std::uint64_t n;
};

// Sorted (source, count) of a person's records.
std::vector<SourceCount> count_sources(std::vector<std::uint16_t> sources) {
  std::sort(sources.begin(), sources.end());
  std::vector<SourceCount> out;
  for (const std::uint16_t s : sources) {
    if (out.empty() || out.back().source != s) out.push_back({s, 0});
    ++out.back().n;
  }
  return out;
}

std::uint64_t count_of(const std::vector<SourceCount>& counts, std::uint16_t source) {
  const auto it =
      std::lower_bound(counts.begin(), counts.end(), source,
                       [](const SourceCount& c, std::uint16_t s) { return c.source < s; });
  return it != counts.end() && it->source == source ? it->n : 0;
}

}  // namespace

GroupAttribute source_dataset_attribute(const LabelledRecords& records,
                                        const std::vector<std::string>& source_names) {
  GroupAttribute a;
  a.name = "source_dataset";
  a.origin = "built-in";
  a.groups = source_names;
  a.record_group.assign(records.source.begin(), records.source.end());
  return a;
}

GroupAttribute source_pair_attribute(LinkType link_type,
                                     const std::vector<std::string>& source_names) {
  GroupAttribute a;
  a.name = "source_dataset_pair";
  a.origin = "built-in";
  a.source_pair = true;
  for (std::size_t s = 0; s < source_names.size(); ++s) {
    for (std::size_t t = s; t < source_names.size(); ++t) {
      if (s == t && link_type == LinkType::kLinkOnly) continue;
      a.groups.push_back(source_names[s] + " & " + source_names[t]);
    }
  }
  return a;
}

SubgroupTally::SubgroupTally(const GroupAttribute& attribute, double threshold_probability,
                             LinkType link_type, std::uint32_t num_sources)
    : attribute_(&attribute),
      threshold_(threshold_probability),
      link_type_(link_type),
      num_sources_(num_sources),
      counts_(attribute.groups.size()) {
  if (attribute.source_pair) {
    // Same enumeration as source_pair_attribute.
    pair_group_.assign(static_cast<std::size_t>(num_sources) * num_sources, kNoGroup);
    std::uint32_t g = 0;
    for (std::uint32_t s = 0; s < num_sources; ++s) {
      for (std::uint32_t t = s; t < num_sources; ++t) {
        if (s == t && link_type == LinkType::kLinkOnly) continue;
        pair_group_[s * num_sources + t] = g;
        pair_group_[t * num_sources + s] = g;
        ++g;
      }
    }
  }
}

std::uint32_t SubgroupTally::pair_group(std::uint16_t source_a, std::uint16_t source_b) const {
  return pair_group_[static_cast<std::size_t>(source_a) * num_sources_ + source_b];
}

void SubgroupTally::add(std::span<const ScoredPair> pairs, const LabelledRecords& records) {
  for (const ScoredPair& pair : pairs) {
    const double p = pair.match_probability;
    const bool at = p >= threshold_;
    const bool labelled = records.labelled(pair.left) && records.labelled(pair.right);
    const bool true_positive =
        labelled && records.person[pair.left] == records.person[pair.right] &&
        pair_in_scope(link_type_, records.source[pair.left], records.source[pair.right]);
    const auto bump = [&](std::uint32_t g) {
      if (g == kNoGroup) return;
      Counts& c = counts_[g];
      ++c.pairs_written;
      c.probability_sum_written += p;
      if (!at) return;
      ++c.pairs;
      c.probability_sum += p;
      c.labelled_pairs += labelled ? 1 : 0;
      c.true_positives += true_positive ? 1 : 0;
    };
    if (attribute_->source_pair) {
      bump(pair_group(records.source[pair.left], records.source[pair.right]));
    } else {
      const std::uint32_t gl = attribute_->record_group[pair.left];
      const std::uint32_t gr = attribute_->record_group[pair.right];
      bump(gl);
      if (gr != gl) bump(gr);
    }
  }
}

SubgroupMetrics subgroup_metrics(const GroupAttribute& attribute, const LabelledRecords& records,
                                 LinkType link_type, const SubgroupTally& tally,
                                 const PairCounts& overall, const BCubedPerRecord* b_cubed,
                                 bool has_truth, const FlagRule& rule) {
  const std::size_t num_groups = attribute.groups.size();
  std::vector<GroupMetrics> groups(num_groups);
  for (std::size_t g = 0; g < num_groups; ++g)
    groups[g].group = attribute.groups[g];

  // Pair-level groups need the group of a source pair (the tally knows the enumeration).
  std::vector<std::uint32_t> pair_group;
  const std::uint32_t ns = records.num_sources;
  if (attribute.source_pair) {
    pair_group.assign(static_cast<std::size_t>(ns) * ns, kNoGroup);
    std::uint32_t g = 0;
    for (std::uint32_t s = 0; s < ns; ++s) {
      for (std::uint32_t t = s; t < ns; ++t) {
        if (s == t && link_type == LinkType::kLinkOnly) continue;
        pair_group[s * ns + t] = g;
        pair_group[t * ns + s] = g;
        ++g;
      }
    }
  }

  // Records per group, and B-cubed sums over each group's labelled records.
  std::vector<double> b3_precision(num_groups, 0), b3_recall(num_groups, 0);
  std::vector<std::uint64_t> records_per_source(ns, 0), labelled_per_source(ns, 0);
  for (std::uint32_t r = 0; r < records.size(); ++r) {
    ++records_per_source[records.source[r]];
    labelled_per_source[records.source[r]] += records.labelled(r) ? 1 : 0;
    if (attribute.source_pair) continue;
    GroupMetrics& gm = groups[attribute.record_group[r]];
    ++gm.records;
    if (!records.labelled(r)) continue;
    ++gm.labelled_records;
    if (b_cubed != nullptr) {
      b3_precision[attribute.record_group[r]] += b_cubed->precision[r];
      b3_recall[attribute.record_group[r]] += b_cubed->recall[r];
    }
  }
  if (attribute.source_pair) {
    for (std::uint32_t s = 0; s < ns; ++s) {
      for (std::uint32_t t = s; t < ns; ++t) {
        const std::uint32_t g = pair_group[s * ns + t];
        if (g == kNoGroup) continue;
        groups[g].records = records_per_source[s] + (s == t ? 0 : records_per_source[t]);
        groups[g].labelled_records = labelled_per_source[s] + (s == t ? 0 : labelled_per_source[t]);
      }
    }
  }

  // Per person: true pairs, persons and split persons per group.
  std::vector<std::uint64_t> start(static_cast<std::size_t>(records.num_persons) + 1, 0);
  for (std::uint32_t r = 0; r < records.size(); ++r) {
    if (records.labelled(r)) ++start[records.person[r] + 1];
  }
  std::partial_sum(start.begin(), start.end(), start.begin());
  std::vector<std::uint32_t> by_person(start.back());
  {
    std::vector<std::uint64_t> next(start.begin(), start.end() - 1);
    for (std::uint32_t r = 0; r < records.size(); ++r) {
      if (records.labelled(r)) by_person[next[records.person[r]]++] = r;
    }
  }
  std::vector<std::uint64_t> true_pairs(num_groups, 0);
  std::vector<std::uint16_t> sources;
  std::vector<std::uint32_t> clusters;
  std::vector<std::pair<std::uint32_t, std::uint16_t>> group_source;
  for (std::uint32_t person = 0; person < records.num_persons; ++person) {
    const std::uint64_t b = start[person], e = start[person + 1];
    if (b == e) continue;
    const std::uint64_t n = e - b;
    sources.clear();
    clusters.clear();
    for (std::uint64_t i = b; i < e; ++i) {
      sources.push_back(records.source[by_person[i]]);
      clusters.push_back(records.cluster[by_person[i]]);
    }
    std::sort(clusters.begin(), clusters.end());
    const bool split = std::unique(clusters.begin(), clusters.end()) - clusters.begin() > 1;
    const std::vector<SourceCount> per_source = count_sources(sources);

    if (attribute.source_pair) {
      for (std::size_t i = 0; i < per_source.size(); ++i) {
        for (std::size_t j = i; j < per_source.size(); ++j) {
          const std::uint32_t g = pair_group[per_source[i].source * ns + per_source[j].source];
          if (g == kNoGroup) continue;
          const std::uint64_t t =
              i == j ? pairs_among(per_source[i].n) : per_source[i].n * per_source[j].n;
          if (t == 0) continue;
          true_pairs[g] += t;
          ++groups[g].persons;
          groups[g].split_persons += split ? 1 : 0;
        }
      }
      continue;
    }

    std::uint64_t sum_sq = 0;
    for (const SourceCount& c : per_source)
      sum_sq += c.n * c.n;
    group_source.clear();
    for (std::uint64_t i = b; i < e; ++i) {
      group_source.emplace_back(attribute.record_group[by_person[i]], records.source[by_person[i]]);
    }
    std::sort(group_source.begin(), group_source.end());
    for (std::size_t i = 0; i < group_source.size();) {
      const std::uint32_t g = group_source[i].first;
      std::size_t j = i;
      std::uint64_t sum_sq_rest = sum_sq;  // sum over sources of (n_s - n_sg)^2
      while (j < group_source.size() && group_source[j].first == g) {
        std::size_t k = j;
        while (k < group_source.size() && group_source[k] == group_source[j])
          ++k;
        const std::uint64_t n_s = count_of(per_source, group_source[j].second);
        const std::uint64_t n_sg = k - j;
        sum_sq_rest -= n_s * n_s - (n_s - n_sg) * (n_s - n_sg);
        j = k;
      }
      const std::uint64_t n_g = j - i;
      true_pairs[g] += link_type == LinkType::kLinkOnly
                           ? cross_pairs(n, sum_sq) - cross_pairs(n - n_g, sum_sq_rest)
                           : pairs_among(n) - pairs_among(n - n_g);
      ++groups[g].persons;
      groups[g].split_persons += split ? 1 : 0;
      i = j;
    }
  }

  const double z = normal_quantile_two_sided(rule.confidence);
  const std::optional<double> overall_precision = overall.precision();
  const std::optional<double> overall_recall = overall.recall();
  for (std::size_t g = 0; g < num_groups; ++g) {
    GroupMetrics& gm = groups[g];
    const SubgroupTally::Counts& c = tally.counts()[g];
    gm.pairs_at_threshold = c.pairs;
    if (c.pairs > 0) gm.expected_precision = c.probability_sum / static_cast<double>(c.pairs);
    if (c.probability_sum_written > 0) {
      gm.expected_recall_written = c.probability_sum / c.probability_sum_written;
    }
    if (!has_truth) continue;
    if (!attribute.source_pair && b_cubed != nullptr && gm.labelled_records > 0) {
      gm.b_cubed_precision = b3_precision[g] / static_cast<double>(gm.labelled_records);
      gm.b_cubed_recall = b3_recall[g] / static_cast<double>(gm.labelled_records);
    }
    gm.pairs.predicted = c.labelled_pairs;
    gm.pairs.true_positives = c.true_positives;
    gm.pairs.true_pairs = true_pairs[g];
    if (const auto p = gm.pairs.precision()) {
      gm.precision_interval = wilson_interval(gm.pairs.true_positives, gm.pairs.predicted, z);
      if (overall_precision) {
        gm.precision_gap = *p - *overall_precision;
        gm.precision_flag = gm.records >= rule.min_cell && gm.pairs.predicted >= rule.min_cell &&
                            gm.precision_interval->high < *overall_precision - rule.margin;
      }
    }
    if (const auto r = gm.pairs.recall()) {
      gm.recall_interval = wilson_interval(gm.pairs.true_positives, gm.pairs.true_pairs, z);
      if (overall_recall) {
        gm.recall_gap = *r - *overall_recall;
        gm.recall_flag = gm.records >= rule.min_cell && gm.pairs.true_pairs >= rule.min_cell &&
                         gm.recall_interval->high < *overall_recall - rule.margin;
      }
    }
  }

  SubgroupMetrics out;
  out.attribute = attribute.name;
  out.origin = attribute.origin;
  out.source_pair = attribute.source_pair;
  out.has_truth = has_truth;
  std::vector<std::size_t> order(num_groups);
  std::iota(order.begin(), order.end(), 0);
  if (!attribute.source_pair) {
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      const bool ma = groups[a].group == kMissingGroup, mb = groups[b].group == kMissingGroup;
      if (ma != mb) return mb;
      return groups[a].group < groups[b].group;
    });
  }
  for (const std::size_t g : order)
    out.groups.push_back(std::move(groups[g]));
  return out;
}

}  // namespace xjslink::eval
