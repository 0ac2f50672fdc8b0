// File: settings.hpp
// The linkage settings (a JSON document, see docs/settings.md) as typed structs, and their
// parser/validator. Validation collects every problem, each named by its JSON path, and throws
// one Error listing them all, so a user fixes a settings file in one pass.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "xjslink/cluster/clustering_spec.hpp"
#include "xjslink/key_expression.hpp"
#include "xjslink/table.hpp"

namespace xjslink {

enum class LinkType : std::uint8_t { kDedupeOnly, kLinkOnly, kLinkAndDedupe };
const char* link_type_name(LinkType type);

// How a column is typed and cleaned before it is compared or used as a blocking key.
struct ColumnSpec {
  std::string name;
  ColumnType type = ColumnType::kString;
  // String standardisation (all on by default; see standardise.hpp).
  bool standardise = true;
  bool remove_spaces = false;
  std::vector<std::string> date_formats;  // for dates; empty = the defaults
  std::string array_separator;            // non-empty: the column holds a list of tokens
};

enum class LevelType : std::uint8_t {
  kNull,
  kExact,
  kJaroWinkler,
  kJaro,
  kLevenshtein,
  kDamerauLevenshtein,
  kJaccard,
  kDateDiff,
  kAbsDiff,
  kPctDiff,
  kArrayIntersect,
  kColumnsReversed,  // this column equals the other record's `other_column` and vice versa
  kElse,
  kAll,  // every condition in `of` holds (multi-column comparisons, see docs/settings.md)
  kAny,  // at least one condition in `of` holds
};
const char* level_type_name(LevelType type);

enum class DateUnitSpec : std::uint8_t { kDays, kMonths, kYears };

// A level of a comparison, or a condition inside an all/any level (then `column` names the
// column it reads, and label, m, u and tf do not apply).
struct LevelSpec {
  LevelType type = LevelType::kElse;
  std::string column;    // conditions: the column this condition reads (one of the comparison's)
  double threshold = 0;  // jaro_winkler, jaro, jaccard: similarity >= threshold
  double max = 0;        // levenshtein, damerau_levenshtein, date_diff, abs_diff, pct_diff
  DateUnitSpec unit = DateUnitSpec::kDays;
  std::uint32_t min_shared = 1;  // array_intersect
  std::string other_column;      // columns_reversed
  bool tf_adjust = false;        // exact levels only
  double tf_adjustment_weight = 1.0;
  std::optional<double> m;    // optional starting (or fixed) m
  std::optional<double> u;    // optional fixed u
  std::string label;          // human label, e.g. "Jaro-Winkler >= 0.92"
  std::vector<LevelSpec> of;  // all / any: the conditions
};

struct ComparisonSpec {
  std::string name;
  std::string column;                // the first (for one-column comparisons the only) column
  std::vector<std::string> columns;  // every column compared; size > 1: a multi-column comparison
  std::vector<LevelSpec> levels;     // evaluated in order; the first level that holds is the gamma
  double tf_minimum_u_value = 0.0;
  // Levels are evaluated by the condition engine (several columns, or all/any levels) rather
  // than the one-column path.
  bool is_multi_column() const;
};

struct BlockingRuleSpec {
  std::string text;  // as written, for reports
  std::vector<KeyExpression>
      keys;  // AND of keys: a pair is blocked if all keys are equal, non-null
};

struct TrainingSpec {
  std::uint64_t seed = 42;
  std::uint64_t u_max_pairs = 5'000'000;
  std::vector<BlockingRuleSpec> deterministic_rules;
  double recall = 1.0;
  std::optional<double> lambda;  // probability that two random records match, if known
  std::vector<BlockingRuleSpec> em_blocking_rules;
  // Most pairs an EM session compares: a looser rule's pairs are sampled uniformly (by a hash of
  // the pair and the seed) down to about this many. 0 = every pair.
  std::uint64_t em_max_pairs = 20'000'000;
  std::uint32_t max_iterations = 25;
  double tolerance = 1e-4;
};

struct Settings {
  LinkType link_type = LinkType::kDedupeOnly;
  std::string unique_id_column = "unique_id";
  std::string source_dataset_column;  // empty: source = input file stem
  std::vector<ColumnSpec> columns;    // every column used anywhere, with its type
  std::vector<BlockingRuleSpec> blocking_rules;
  std::vector<ComparisonSpec> comparisons;
  TrainingSpec training;
  std::optional<double> threshold_match_probability;
  std::optional<double> threshold_match_weight;
  double cluster_threshold = 0.95;
  ClusteringSpec clustering;
  std::string canonical_json;  // the parsed settings, normalised, for hashing and run.json

  const ColumnSpec* find_column(const std::string& name) const;
  // Probability threshold for writing a pair (from the weight threshold if that is given).
  double output_probability_threshold() const;
};

// Parses and validates settings text. `source` names the file in error messages.
Settings parse_settings(const std::string& json_text, const std::string& source = "settings");
Settings load_settings(const std::string& path);

// Checks that every column the settings use exists in an input's header; throws one Error
// listing all the missing columns (sorted) and naming the input file.
void check_columns_present(const Settings& settings, const std::vector<std::string>& header,
                           const std::string& input_path);

// The input columns a run must read: unique id, source column (if any) and every used column.
std::vector<std::string> required_input_columns(const Settings& settings);

}  // namespace xjslink
