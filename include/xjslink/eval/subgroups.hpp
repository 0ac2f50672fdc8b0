// File: eval/subgroups.hpp
// Linkage quality by subgroup (sex, ethnic group, region, source dataset, source dataset pair)
// and the rule that flags a group whose precision or recall is notably worse than overall.
// Membership of a pair, for a record-level attribute: a pair belongs to group g when EITHER
// record has value g (a pair of a g record and an h record counts in both g and h); for a
// person-level attribute both records share the person's value, so that is simply the
// person's group. For the source dataset pair attribute, the pair's group is the unordered
// pair of its records' sources. True pairs per group are counted per person arithmetically.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "xjslink/eval/metrics.hpp"
#include "xjslink/eval/pair_tally.hpp"

namespace xjslink::eval {

inline constexpr const char* kMissingGroup = "(missing)";

struct GroupAttribute {
  std::string name;
  std::string origin;        // where the values came from: "truth table", "persons table", ...
  bool source_pair = false;  // groups are unordered pairs of source datasets
  // Record-level: group names (index = group id) and each record's group; records without a
  // value are in a group named kMissingGroup.
  std::vector<std::string> groups;
  std::vector<std::uint32_t> record_group;
};

// The built-in attributes: a record's source dataset, and the pair's two source datasets
// (groups "a & b" for the sources allowed by the link type, in source order).
GroupAttribute source_dataset_attribute(const LabelledRecords& records,
                                        const std::vector<std::string>& source_names);
GroupAttribute source_pair_attribute(LinkType link_type,
                                     const std::vector<std::string>& source_names);

// Pair counts per group over one pass of the scored pairs (like PairTally).
class SubgroupTally {
 public:
  SubgroupTally(const GroupAttribute& attribute, double threshold_probability, LinkType link_type,
                std::uint32_t num_sources);
  void add(std::span<const ScoredPair> pairs, const LabelledRecords& records);

  struct Counts {
    std::uint64_t pairs_written = 0;
    double probability_sum_written = 0;
    std::uint64_t pairs = 0;           // at or above the threshold, labelled or not
    double probability_sum = 0;        // over those
    std::uint64_t labelled_pairs = 0;  // at or above, both records labelled
    std::uint64_t true_positives = 0;
  };
  const std::vector<Counts>& counts() const { return counts_; }

 private:
  std::uint32_t pair_group(std::uint16_t source_a, std::uint16_t source_b) const;

  const GroupAttribute* attribute_;
  double threshold_;
  LinkType link_type_;
  std::uint32_t num_sources_;
  std::vector<std::uint32_t> pair_group_;  // num_sources^2 -> group (source_pair only)
  std::vector<Counts> counts_;
};

// A group is flagged for a metric (precision or recall) when all hold:
//  - it has at least min_cell records, and its denominator (predicted pairs for precision,
//    true pairs for recall) is >= min_cell;
//  - even the upper end of its two-sided Wilson interval at `confidence` is below the overall
//    figure minus `margin`: the group is worse by more than the margin with that confidence
//    (the overall figure is taken as known: it rests on far more pairs than any group).
struct FlagRule {
  double margin = 0.02;
  double confidence = 0.95;
  std::uint64_t min_cell = 10;
};

struct GroupMetrics {
  std::string group;
  std::uint64_t records = 0;  // records in the group (labelled or not)
  std::uint64_t labelled_records = 0;
  std::uint64_t persons = 0;            // true persons with a record in the group
  PairCounts pairs;                     // at the threshold (needs truth)
  std::optional<double> precision_gap;  // group minus overall
  std::optional<double> recall_gap;
  std::optional<Interval> precision_interval;
  std::optional<Interval> recall_interval;
  bool precision_flag = false;
  bool recall_flag = false;
  // Record-level attributes only: B-cubed averaged over the group's labelled records, and
  // persons of the group whose records are in more than one cluster.
  std::optional<double> b_cubed_precision;
  std::optional<double> b_cubed_recall;
  std::uint64_t split_persons = 0;
  // Truth-free: written pairs and the model's estimates for the group's pairs.
  std::uint64_t pairs_at_threshold = 0;
  std::optional<double> expected_precision;
  std::optional<double> expected_recall_written;
};

struct SubgroupMetrics {
  std::string attribute;
  std::string origin;
  bool source_pair = false;
  bool has_truth = false;
  std::vector<GroupMetrics> groups;  // sorted by group name, kMissingGroup last
};

// overall: the pairwise counts over all labelled pairs (the reference for gaps and flags).
// b_cubed: per-record B-cubed, or null to leave those fields empty.
SubgroupMetrics subgroup_metrics(const GroupAttribute& attribute, const LabelledRecords& records,
                                 LinkType link_type, const SubgroupTally& tally,
                                 const PairCounts& overall, const BCubedPerRecord* b_cubed,
                                 bool has_truth, const FlagRule& rule);

}  // namespace xjslink::eval
