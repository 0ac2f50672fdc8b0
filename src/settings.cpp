// File: settings.cpp
// Settings parsing and validation. Every problem is collected with its JSON path; one Error
// lists them all (as Splink's ErrorLogger does) so a settings file is fixed in one pass.
#include "xjslink/settings.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "xjslink/date_parse.hpp"
#include "xjslink/error.hpp"
#include "xjslink/io/json_document.hpp"

namespace xjslink {
namespace {

using json = nlohmann::json;

class Problems {
 public:
  void add(const std::string& path, const std::string& message) {
    items_.push_back(path + ": " + message);
  }
  bool empty() const { return items_.empty(); }
  [[noreturn]] void raise(const std::string& source) const {
    std::string text = "invalid settings (" + std::to_string(items_.size()) +
                       (items_.size() == 1 ? " problem)" : " problems)");
    // A long list (10,000 copies of one rule) is cut: the first problems say what to fix.
    constexpr std::size_t kShown = 20;
    for (std::size_t i = 0; i < items_.size() && i < kShown; ++i)
      text += "\n  " + items_[i];
    if (items_.size() > kShown) {
      text += "\n  ... and " + std::to_string(items_.size() - kShown) + " more";
    }
    throw Error(ErrorCode::kInvalidSettings, text, source);
  }

 private:
  std::vector<std::string> items_;
};

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items)
    out += (out.empty() ? "" : ", ") + i;
  return out;
}

// Reports keys of `object` not in `allowed`.
void check_keys(const json& object, const std::vector<std::string>& allowed,
                const std::string& path, Problems& problems) {
  for (auto it = object.begin(); it != object.end(); ++it) {
    if (std::find(allowed.begin(), allowed.end(), it.key()) == allowed.end()) {
      problems.add(path.empty() ? it.key() : path + "." + it.key(),
                   "unknown key (allowed: " + join(allowed) + ")");
    }
  }
}

std::optional<std::string> get_string(const json& object, const std::string& key,
                                      const std::string& path, Problems& problems) {
  if (!object.contains(key)) return std::nullopt;
  const json& v = object.at(key);
  if (!v.is_string()) {
    problems.add(path + key, "must be a string");
    return std::nullopt;
  }
  return v.get<std::string>();
}

std::optional<double> get_number(const json& object, const std::string& key,
                                 const std::string& path, Problems& problems) {
  if (!object.contains(key)) return std::nullopt;
  const json& v = object.at(key);
  if (!v.is_number()) {
    problems.add(path + key, "must be a number");
    return std::nullopt;
  }
  return v.get<double>();
}

std::optional<bool> get_bool(const json& object, const std::string& key, const std::string& path,
                             Problems& problems) {
  if (!object.contains(key)) return std::nullopt;
  const json& v = object.at(key);
  if (!v.is_boolean()) {
    problems.add(path + key, "must be true or false");
    return std::nullopt;
  }
  return v.get<bool>();
}

struct LevelTypeInfo {
  const char* name;
  LevelType type;
};
constexpr LevelTypeInfo kLevelTypes[] = {
    {"null", LevelType::kNull},
    {"exact", LevelType::kExact},
    {"jaro_winkler", LevelType::kJaroWinkler},
    {"jaro", LevelType::kJaro},
    {"levenshtein", LevelType::kLevenshtein},
    {"damerau_levenshtein", LevelType::kDamerauLevenshtein},
    {"jaccard", LevelType::kJaccard},
    {"date_diff", LevelType::kDateDiff},
    {"abs_diff", LevelType::kAbsDiff},
    {"pct_diff", LevelType::kPctDiff},
    {"array_intersect", LevelType::kArrayIntersect},
    {"columns_reversed", LevelType::kColumnsReversed},
    {"else", LevelType::kElse},
    {"all", LevelType::kAll},
    {"any", LevelType::kAny},
};

// Columns of one multi-column comparison: its per-pair working state lives on the stack.
constexpr std::size_t kMaxGroupColumns = 8;

std::string format_number(double v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

std::string condition_label(const LevelSpec& c);

std::string default_label(const LevelSpec& level) {
  switch (level.type) {
    case LevelType::kNull:
      return "null";
    case LevelType::kExact:
      return "exact match";
    case LevelType::kJaroWinkler:
      return "Jaro-Winkler >= " + format_number(level.threshold);
    case LevelType::kJaro:
      return "Jaro >= " + format_number(level.threshold);
    case LevelType::kLevenshtein:
      return "Levenshtein <= " + format_number(level.max);
    case LevelType::kDamerauLevenshtein:
      return "Damerau-Levenshtein <= " + format_number(level.max);
    case LevelType::kJaccard:
      return "Jaccard >= " + format_number(level.threshold);
    case LevelType::kDateDiff: {
      const char* unit = level.unit == DateUnitSpec::kDays     ? "days"
                         : level.unit == DateUnitSpec::kMonths ? "months"
                                                               : "years";
      return "within " + format_number(level.max) + " " + unit;
    }
    case LevelType::kAbsDiff:
      return "abs difference <= " + format_number(level.max);
    case LevelType::kPctDiff:
      return "difference <= " + format_number(level.max * 100) + "%";
    case LevelType::kArrayIntersect:
      return "shares >= " + std::to_string(level.min_shared);
    case LevelType::kColumnsReversed:
      return "equals reversed " + level.other_column;
    case LevelType::kElse:
      return "all other";
    case LevelType::kAll:
    case LevelType::kAny: {
      std::string text;
      for (const auto& c : level.of) {
        std::string part = condition_label(c);
        if (c.type == LevelType::kAll || c.type == LevelType::kAny) part = "(" + part + ")";
        text += (text.empty() ? "" : (level.type == LevelType::kAll ? ", " : " or ")) + part;
      }
      return text;
    }
  }
  return "?";
}

// "surname Jaro-Winkler >= 0.92": a condition names the column it reads.
std::string condition_label(const LevelSpec& c) {
  if (c.type == LevelType::kAll || c.type == LevelType::kAny) return default_label(c);
  if (c.type == LevelType::kColumnsReversed) return c.column + " = other " + c.other_column;
  if (c.type == LevelType::kExact) return c.column + " exact";
  return c.column + " " + default_label(c);
}

// Calls f(condition, path) for every level and, depth first, every condition of an all/any
// level; path is relative to the comparison ("levels[2].of[0]").
template <typename F>
void visit_conditions(const std::vector<LevelSpec>& list, const std::string& prefix, F&& f) {
  for (std::size_t j = 0; j < list.size(); ++j) {
    const std::string path = prefix + "[" + std::to_string(j) + "]";
    f(list[j], path);
    visit_conditions(list[j].of, path + ".of", f);
  }
}
template <typename F>
void for_each_condition(const std::vector<LevelSpec>& levels, F&& f) {
  visit_conditions(levels, "levels", f);
}

bool valid_output_name(const std::string& name) {
  if (name.empty()) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
  });
}

class SettingsParser {
 public:
  explicit SettingsParser(std::string source) : source_(std::move(source)) {}

  Settings parse(const std::string& text) {
    const json doc =
        parse_json_document(text, source_, ErrorCode::kInvalidSettings, "not valid JSON",
                            /*comments=*/true);
    if (!doc.is_object()) {
      throw Error(ErrorCode::kInvalidSettings, "settings must be a JSON object", source_);
    }
    Settings s;
    s.canonical_json = doc.dump();
    check_keys(doc,
               {"link_type", "unique_id_column", "source_dataset_column", "columns",
                "blocking_rules", "comparisons", "training", "threshold_match_probability",
                "threshold_match_weight", "cluster_threshold", "clustering", "description"},
               "", problems_);

    parse_link_type(doc, s);
    if (auto v = get_string(doc, "unique_id_column", "", problems_)) s.unique_id_column = *v;
    if (auto v = get_string(doc, "source_dataset_column", "", problems_)) {
      s.source_dataset_column = *v;
    }
    if (s.unique_id_column.empty()) problems_.add("unique_id_column", "must not be empty");
    parse_columns(doc, s);
    s.blocking_rules = parse_rules(doc, "blocking_rules", "", /*required=*/true);
    parse_comparisons(doc, s);
    parse_training(doc, s);
    parse_thresholds(doc, s);
    parse_clustering(doc, s);
    add_implied_columns(s);
    check_column_uses(s);
    if (!problems_.empty()) problems_.raise(source_);
    return s;
  }

 private:
  void parse_link_type(const json& doc, Settings& s) {
    auto v = get_string(doc, "link_type", "", problems_);
    if (!doc.contains("link_type")) {
      problems_.add("link_type", "is required (dedupe_only, link_only or link_and_dedupe)");
      return;
    }
    if (!v) return;
    if (*v == "dedupe_only") {
      s.link_type = LinkType::kDedupeOnly;
    } else if (*v == "link_only") {
      s.link_type = LinkType::kLinkOnly;
    } else if (*v == "link_and_dedupe") {
      s.link_type = LinkType::kLinkAndDedupe;
    } else {
      problems_.add("link_type",
                    "unknown link type (use dedupe_only, link_only or link_and_dedupe)");
    }
  }

  void parse_columns(const json& doc, Settings& s) {
    if (!doc.contains("columns")) return;
    const json& cols = doc.at("columns");
    if (!cols.is_object()) {
      problems_.add("columns", "must be an object mapping column names to their types");
      return;
    }
    for (auto it = cols.begin(); it != cols.end(); ++it) {
      const std::string path = "columns." + it.key();
      ColumnSpec c;
      c.name = it.key();
      const json& spec = it.value();
      if (!spec.is_object()) {
        problems_.add(path, "must be an object, e.g. {\"type\": \"date\"}");
        continue;
      }
      check_keys(spec, {"type", "date_formats", "standardise", "remove_spaces", "array_separator"},
                 path, problems_);
      if (auto t = get_string(spec, "type", path + ".", problems_)) {
        if (*t == "string") {
          c.type = ColumnType::kString;
        } else if (*t == "date") {
          c.type = ColumnType::kDate;
        } else if (*t == "number") {
          c.type = ColumnType::kNumber;
        } else {
          problems_.add(path + ".type", "unknown column type (use string, date or number)");
        }
      }
      if (spec.contains("date_formats")) {
        const json& f = spec.at("date_formats");
        if (!f.is_array() || f.empty()) {
          problems_.add(path + ".date_formats", "must be a non-empty list of formats");
        } else {
          for (std::size_t i = 0; i < f.size(); ++i) {
            if (!f[i].is_string()) {
              problems_.add(path + ".date_formats[" + std::to_string(i) + "]", "must be a string");
            } else {
              c.date_formats.push_back(f[i].get<std::string>());
            }
          }
        }
        if (c.type != ColumnType::kDate) {
          problems_.add(path + ".date_formats", "only applies to columns of type date");
        }
        try {
          DateFormats::parse(c.date_formats);
        } catch (const Error& e) {
          problems_.add(path + "." + e.field(), e.message());
        }
      }
      if (auto b = get_bool(spec, "standardise", path + ".", problems_)) c.standardise = *b;
      if (auto b = get_bool(spec, "remove_spaces", path + ".", problems_)) c.remove_spaces = *b;
      if (auto v = get_string(spec, "array_separator", path + ".", problems_)) {
        c.array_separator = *v;
        if (v->size() != 1) {
          problems_.add(path + ".array_separator", "must be a single character");
        }
        if (c.type != ColumnType::kString) {
          problems_.add(path + ".array_separator", "only applies to string columns");
        }
      }
      s.columns.push_back(std::move(c));
    }
  }

  std::vector<BlockingRuleSpec> parse_rules(const json& doc, const std::string& key,
                                            const std::string& prefix, bool required) {
    std::vector<BlockingRuleSpec> rules;
    const std::string path = prefix + key;
    if (!doc.contains(key)) {
      if (required) problems_.add(path, "is required: a list of blocking rules");
      return rules;
    }
    const json& list = doc.at(key);
    if (!list.is_array()) {
      problems_.add(path, "must be a list of rules such as \"surname & year(dob)\"");
      return rules;
    }
    if (required && list.empty()) problems_.add(path, "needs at least one rule");
    std::map<std::string, std::size_t> first_with_keys;
    for (std::size_t i = 0; i < list.size(); ++i) {
      const std::string item_path = path + "[" + std::to_string(i) + "]";
      std::string text;
      if (list[i].is_string()) {
        text = list[i].get<std::string>();
      } else if (list[i].is_array() && !list[i].empty() &&
                 std::all_of(list[i].begin(), list[i].end(),
                             [](const json& j) { return j.is_string(); })) {
        for (const auto& part : list[i])
          text += (text.empty() ? "" : " & ") + part.get<std::string>();
      } else {
        problems_.add(item_path, "a rule is a string (\"a & b\") or a list of key expressions");
        continue;
      }
      try {
        BlockingRuleSpec rule;
        rule.keys = parse_blocking_rule(text, item_path);
        std::vector<std::string> normalised;
        for (std::size_t k = 0; k < rule.keys.size(); ++k) {
          rule.text += (k == 0 ? "" : " & ") + rule.keys[k].to_string();
          normalised.push_back(rule.keys[k].to_string());
        }
        // The same keys in any order and spelling block the same pairs: a repeated rule finds
        // nothing new but costs a full pass (10,000 copies ran for minutes).
        std::sort(normalised.begin(), normalised.end());
        normalised.erase(std::unique(normalised.begin(), normalised.end()), normalised.end());
        std::string key_set;
        for (const auto& k : normalised)
          key_set += k + '\n';
        const auto [it, added] = first_with_keys.emplace(key_set, i);
        if (!added) {
          problems_.add(item_path, "repeats " + path + "[" + std::to_string(it->second) +
                                       "] (the same keys): remove the duplicate rule");
          continue;
        }
        rules.push_back(std::move(rule));
      } catch (const Error& e) {
        problems_.add(item_path, e.message());
      }
    }
    return rules;
  }

  void parse_comparisons(const json& doc, Settings& s) {
    if (!doc.contains("comparisons")) {
      problems_.add("comparisons", "is required: a list of comparisons");
      return;
    }
    const json& list = doc.at("comparisons");
    if (!list.is_array() || list.empty()) {
      problems_.add("comparisons", "must be a non-empty list of comparisons");
      return;
    }
    std::set<std::string> names;
    for (std::size_t i = 0; i < list.size(); ++i) {
      const std::string path = "comparisons[" + std::to_string(i) + "]";
      const json& c = list[i];
      if (!c.is_object()) {
        problems_.add(path, "must be an object with name, column (or columns) and levels");
        continue;
      }
      check_keys(c, {"name", "column", "columns", "levels", "tf_minimum_u_value", "description"},
                 path, problems_);
      ComparisonSpec spec;
      parse_comparison_columns(c, path, spec);
      if (auto v = get_string(c, "name", path + ".", problems_)) spec.name = *v;
      if (!valid_output_name(spec.name)) {
        problems_.add(path + ".name",
                      "must be non-empty letters, digits or '_' (it names output columns)");
      } else if (!names.insert(spec.name).second) {
        problems_.add(path + ".name", "duplicate comparison name '" + spec.name + "'");
      }
      if (auto v = get_number(c, "tf_minimum_u_value", path + ".", problems_)) {
        spec.tf_minimum_u_value = *v;
        if (*v < 0 || *v >= 1) problems_.add(path + ".tf_minimum_u_value", "must be in [0, 1)");
      }
      parse_levels(c, path, spec);
      s.comparisons.push_back(std::move(spec));
    }
  }

  // "column": "x", or "columns": ["x", "y", ...] for a multi-column comparison.
  void parse_comparison_columns(const json& c, const std::string& path, ComparisonSpec& spec) {
    if (c.contains("column") && c.contains("columns")) {
      problems_.add(path, "give column or columns, not both");
      return;
    }
    if (c.contains("columns")) {
      const json& cols = c.at("columns");
      if (!cols.is_array() || cols.size() < 2 || cols.size() > kMaxGroupColumns) {
        problems_.add(path + ".columns", "must be a list of 2 to " +
                                             std::to_string(kMaxGroupColumns) + " column names");
        return;
      }
      for (std::size_t k = 0; k < cols.size(); ++k) {
        const std::string cp = path + ".columns[" + std::to_string(k) + "]";
        if (!cols[k].is_string() || cols[k].get<std::string>().empty()) {
          problems_.add(cp, "must be a column name");
          return;
        }
        const std::string name = cols[k].get<std::string>();
        if (std::find(spec.columns.begin(), spec.columns.end(), name) != spec.columns.end()) {
          problems_.add(cp, "column '" + name + "' is listed twice");
          return;
        }
        spec.columns.push_back(name);
      }
      spec.column = spec.columns.front();
      for (const auto& name : spec.columns)
        spec.name += (spec.name.empty() ? "" : "_") + name;
      return;
    }
    if (auto v = get_string(c, "column", path + ".", problems_)) spec.column = *v;
    if (!c.contains("column")) problems_.add(path + ".column", "is required (or columns)");
    spec.columns = {spec.column};
    spec.name = spec.column;
  }

  // Reads one level (top_level) or one condition of an all/any level into `level`; false if it
  // could not be read.
  bool parse_condition(const json& l, const std::string& lp, bool top_level,
                       const ComparisonSpec& spec, LevelSpec& level) {
    if (!l.is_object()) {
      problems_.add(lp, "must be an object such as {\"type\": \"exact\"}");
      return false;
    }
    auto type = get_string(l, "type", lp + ".", problems_);
    if (!type) {
      if (!l.contains("type")) problems_.add(lp + ".type", "is required");
      return false;
    }
    bool known = false;
    std::vector<std::string> names;
    for (const auto& info : kLevelTypes) {
      names.push_back(info.name);
      if (*type == info.name) {
        level.type = info.type;
        known = true;
      }
    }
    if (!known) {
      problems_.add(lp + ".type",
                    "unknown comparison function '" + *type + "' (known: " + join(names) + ")");
      return false;
    }
    const bool multi = spec.columns.size() > 1;
    std::vector<std::string> allowed = {"type"};
    if (top_level) {
      allowed.insert(allowed.end(), {"label", "m", "u"});
      if (multi) {
        switch (level.type) {
          case LevelType::kNull:
          case LevelType::kExact:
          case LevelType::kAll:
          case LevelType::kAny:
          case LevelType::kElse:
            break;
          case LevelType::kColumnsReversed:
            if (spec.columns.size() != 2) {
              problems_.add(lp,
                            "columns_reversed of the whole comparison needs exactly two "
                            "columns; with more, put it in an all/any level with column "
                            "and other_column");
              return false;
            }
            // Both columns swapped: the first equals the other record's second and vice versa.
            level.column = spec.columns[0];
            level.other_column = spec.columns[1];
            check_keys(l, {"type", "label", "m", "u"}, lp, problems_);
            read_level_probabilities(l, lp, level);
            level.label = "columns swapped";
            if (auto v = get_string(l, "label", lp + ".", problems_)) level.label = *v;
            return true;
          default:
            problems_.add(lp, std::string("a level of a multi-column comparison is null, exact, "
                                          "all, any, columns_reversed or else; put a ") +
                                  *type + " condition on one column inside an all or any level");
            return false;
        }
      } else {
        level.column = spec.column;
      }
    } else if (level.type == LevelType::kAll || level.type == LevelType::kAny) {
      // A nested all/any: its own conditions name their columns.
    } else {
      allowed.push_back("column");
      if (level.type == LevelType::kElse) {
        problems_.add(lp + ".type", "else is a level, not a condition");
        return false;
      }
      if (auto v = get_string(l, "column", lp + ".", problems_)) {
        level.column = *v;
      } else if (!multi) {
        level.column = spec.column;
      } else if (!l.contains("column")) {
        problems_.add(lp + ".column", "is required: which of the comparison's columns");
        return false;
      }
      if (multi && !level.column.empty() &&
          std::find(spec.columns.begin(), spec.columns.end(), level.column) == spec.columns.end()) {
        problems_.add(lp + ".column", "'" + level.column +
                                          "' is not one of the comparison's "
                                          "columns (" +
                                          join(spec.columns) + ")");
        return false;
      }
      if (!multi && level.column != spec.column) {
        problems_.add(lp + ".column", "a condition of a one-column comparison reads its column ('" +
                                          spec.column + "'); use columns to compare several");
        return false;
      }
    }
    switch (level.type) {
      case LevelType::kJaroWinkler:
      case LevelType::kJaro:
      case LevelType::kJaccard: {
        allowed.push_back("threshold");
        auto t = get_number(l, "threshold", lp + ".", problems_);
        if (!t) {
          if (!l.contains("threshold")) problems_.add(lp + ".threshold", "is required");
        } else if (!(*t >= 0.0 && *t <= 1.0)) {
          problems_.add(lp + ".threshold", "must be between 0 and 1");
        } else {
          level.threshold = *t;
        }
        break;
      }
      case LevelType::kLevenshtein:
      case LevelType::kDamerauLevenshtein:
      case LevelType::kDateDiff:
      case LevelType::kAbsDiff:
      case LevelType::kPctDiff: {
        allowed.push_back("max");
        if (level.type == LevelType::kDateDiff) allowed.push_back("unit");
        auto m = get_number(l, "max", lp + ".", problems_);
        if (!m) {
          if (!l.contains("max")) problems_.add(lp + ".max", "is required");
        } else if (!(*m >= 0.0) || !std::isfinite(*m)) {
          problems_.add(lp + ".max", "must be a non-negative number");
        } else if ((level.type == LevelType::kLevenshtein ||
                    level.type == LevelType::kDamerauLevenshtein) &&
                   *m != std::floor(*m)) {
          problems_.add(lp + ".max", "must be a whole number of edits");
        } else if (level.type == LevelType::kPctDiff && *m > 1.0) {
          problems_.add(lp + ".max", "is a fraction between 0 and 1");
        } else {
          level.max = *m;
        }
        if (level.type == LevelType::kDateDiff) {
          auto u = get_string(l, "unit", lp + ".", problems_);
          if (!u || *u == "days") {
            level.unit = DateUnitSpec::kDays;
          } else if (*u == "months") {
            level.unit = DateUnitSpec::kMonths;
          } else if (*u == "years") {
            level.unit = DateUnitSpec::kYears;
          } else {
            problems_.add(lp + ".unit", "must be days, months or years");
          }
        }
        break;
      }
      case LevelType::kArrayIntersect: {
        allowed.push_back("min");
        auto m = get_number(l, "min", lp + ".", problems_);
        if (m) {
          if (*m < 1 || *m != std::floor(*m) || *m > 4294967295.0) {
            problems_.add(lp + ".min", "must be a whole number from 1 to 4294967295");
          } else {
            level.min_shared = static_cast<std::uint32_t>(*m);
          }
        }
        break;
      }
      case LevelType::kColumnsReversed: {
        allowed.push_back("other_column");
        auto o = get_string(l, "other_column", lp + ".", problems_);
        if (!o || o->empty()) {
          problems_.add(lp + ".other_column", "is required (the column to swap with)");
        } else {
          level.other_column = *o;
          if (multi &&
              std::find(spec.columns.begin(), spec.columns.end(), *o) == spec.columns.end()) {
            problems_.add(
                lp + ".other_column",
                "'" + *o + "' is not one of the comparison's columns (" + join(spec.columns) + ")");
          } else if (!multi && !top_level) {
            problems_.add(lp + ".other_column",
                          "a condition reads only the comparison's columns; use columns");
          }
        }
        break;
      }
      case LevelType::kExact: {
        if (!top_level) break;
        allowed.push_back("tf_adjust");
        allowed.push_back("tf_adjustment_weight");
        if (auto b = get_bool(l, "tf_adjust", lp + ".", problems_)) level.tf_adjust = *b;
        if (auto w = get_number(l, "tf_adjustment_weight", lp + ".", problems_)) {
          if (*w < 0 || *w > 1) {
            problems_.add(lp + ".tf_adjustment_weight", "must be between 0 and 1");
          } else {
            level.tf_adjustment_weight = *w;
          }
        }
        break;
      }
      case LevelType::kAll:
      case LevelType::kAny: {
        allowed.push_back("of");
        const json* of = l.contains("of") ? &l.at("of") : nullptr;
        if (of == nullptr || !of->is_array() || of->empty()) {
          problems_.add(lp + ".of",
                        "must be a non-empty list of conditions such as "
                        "{\"column\": \"surname\", \"type\": \"exact\"}");
          break;
        }
        bool all_read = true;
        for (std::size_t k = 0; k < of->size(); ++k) {
          LevelSpec condition;
          if (parse_condition((*of)[k], lp + ".of[" + std::to_string(k) + "]", false, spec,
                              condition)) {
            level.of.push_back(std::move(condition));
          } else {
            all_read = false;
          }
        }
        if (!all_read) return false;
        break;
      }
      case LevelType::kNull:
      case LevelType::kElse:
        break;
    }
    check_keys(l, allowed, lp, problems_);
    if (top_level) read_level_probabilities(l, lp, level);
    level.label = top_level ? default_label(level) : condition_label(level);
    if (top_level) {
      if (auto v = get_string(l, "label", lp + ".", problems_)) level.label = *v;
    }
    return true;
  }

  void read_level_probabilities(const json& l, const std::string& lp, LevelSpec& level) {
    for (const char* key : {"m", "u"}) {
      if (auto p = get_number(l, key, lp + ".", problems_)) {
        if (!(*p > 0.0 && *p <= 1.0)) {
          problems_.add(lp + "." + key, "must be a probability in (0, 1]");
        } else {
          (std::string(key) == "m" ? level.m : level.u) = *p;
        }
      }
    }
    if (level.type == LevelType::kNull && (level.m || level.u)) {
      problems_.add(lp, "a null level has no m or u (its Bayes factor is 1)");
    }
  }

  void parse_levels(const json& c, const std::string& path, ComparisonSpec& spec) {
    if (!c.contains("levels") || !c.at("levels").is_array() || c.at("levels").empty()) {
      problems_.add(path + ".levels", "must be a non-empty list of levels");
      return;
    }
    const json& levels = c.at("levels");
    std::size_t parsed = 0;
    for (std::size_t j = 0; j < levels.size(); ++j) {
      const std::string lp = path + ".levels[" + std::to_string(j) + "]";
      LevelSpec level;
      if (!parse_condition(levels[j], lp, /*top_level=*/true, spec, level)) continue;
      spec.levels.push_back(std::move(level));
      ++parsed;
    }
    // The structure is judged only when every level could be read: otherwise its problems
    // would be consequences of the ones already reported.
    if (parsed != levels.size()) return;
    // Structure: null first (if any), else last, at least one level that can be estimated.
    for (std::size_t j = 0; j < spec.levels.size(); ++j) {
      const std::string lp = path + ".levels[" + std::to_string(j) + "]";
      if (spec.levels[j].type == LevelType::kNull && j != 0) {
        problems_.add(lp, "the null level must come first");
      }
      if (spec.levels[j].type == LevelType::kElse && j + 1 != spec.levels.size()) {
        problems_.add(lp, "the else level must come last");
      }
    }
    if (!spec.levels.empty() && spec.levels.back().type != LevelType::kElse) {
      problems_.add(path + ".levels", "must end with {\"type\": \"else\"}");
    }
    std::size_t non_null = 0;
    for (const auto& l : spec.levels)
      non_null += l.type != LevelType::kNull ? 1 : 0;
    if (!spec.levels.empty() && non_null < 2) {
      problems_.add(path + ".levels", "needs at least two non-null levels (e.g. exact and else)");
    }
  }

  void parse_training(const json& doc, Settings& s) {
    if (!doc.contains("training")) return;
    const json& t = doc.at("training");
    const std::string path = "training";
    if (!t.is_object()) {
      problems_.add(path, "must be an object");
      return;
    }
    check_keys(t,
               {"seed", "u_max_pairs", "deterministic_rules", "recall", "lambda",
                "em_blocking_rules", "em_max_pairs", "max_iterations", "tolerance"},
               path, problems_);
    auto& tr = s.training;
    if (auto v = get_number(t, "seed", "training.", problems_)) {
      // Bounded before the conversion: a double beyond uint64 is undefined behaviour.
      if (*v < 0 || *v != std::floor(*v) || *v >= 18446744073709551616.0) {
        problems_.add("training.seed", "must be a non-negative integer below 2^64");
      } else {
        tr.seed = static_cast<std::uint64_t>(*v);
      }
    }
    if (auto v = get_number(t, "u_max_pairs", "training.", problems_)) {
      if (*v < 1 || *v > 1e12) {
        problems_.add("training.u_max_pairs", "must be between 1 and 1e12");
      } else {
        tr.u_max_pairs = static_cast<std::uint64_t>(*v);
      }
    }
    tr.deterministic_rules = parse_rules(t, "deterministic_rules", "training.", false);
    if (auto v = get_number(t, "recall", "training.", problems_)) {
      if (!(*v > 0 && *v <= 1)) {
        problems_.add("training.recall", "must be in (0, 1]");
      } else {
        tr.recall = *v;
      }
    }
    if (auto v = get_number(t, "lambda", "training.", problems_)) {
      if (!(*v > 0 && *v < 1)) {
        problems_.add("training.lambda", "must be a probability in (0, 1)");
      } else {
        tr.lambda = *v;
      }
    }
    if (tr.lambda && !tr.deterministic_rules.empty()) {
      problems_.add("training.lambda", "give either lambda or deterministic_rules, not both");
    }
    tr.em_blocking_rules = parse_rules(t, "em_blocking_rules", "training.", false);
    if (auto v = get_number(t, "em_max_pairs", "training.", problems_)) {
      if (*v < 0 || *v > 1e15 || *v != std::floor(*v)) {
        problems_.add("training.em_max_pairs", "must be a whole number >= 0 (0 = every pair)");
      } else {
        tr.em_max_pairs = static_cast<std::uint64_t>(*v);
      }
    }
    if (auto v = get_number(t, "max_iterations", "training.", problems_)) {
      if (*v < 1 || *v > 100000 || *v != std::floor(*v)) {
        problems_.add("training.max_iterations", "must be a whole number between 1 and 100000");
      } else {
        tr.max_iterations = static_cast<std::uint32_t>(*v);
      }
    }
    if (auto v = get_number(t, "tolerance", "training.", problems_)) {
      if (!(*v > 0 && *v < 1)) {
        problems_.add("training.tolerance", "must be in (0, 1)");
      } else {
        tr.tolerance = *v;
      }
    }
  }

  void parse_thresholds(const json& doc, Settings& s) {
    if (auto v = get_number(doc, "threshold_match_probability", "", problems_)) {
      if (!(*v >= 0 && *v <= 1)) {
        problems_.add("threshold_match_probability", "must be between 0 and 1");
      } else {
        s.threshold_match_probability = *v;
      }
    }
    if (auto v = get_number(doc, "threshold_match_weight", "", problems_)) {
      if (!std::isfinite(*v)) {
        problems_.add("threshold_match_weight", "must be a finite number");
      } else {
        s.threshold_match_weight = *v;
      }
    }
    if (s.threshold_match_probability && s.threshold_match_weight) {
      problems_.add("threshold_match_weight",
                    "give threshold_match_probability or threshold_match_weight, not both");
    }
    if (auto v = get_number(doc, "cluster_threshold", "", problems_)) {
      if (!(*v >= 0 && *v <= 1)) {
        problems_.add("cluster_threshold", "must be a probability between 0 and 1");
      } else {
        s.cluster_threshold = *v;
      }
    }
    if (s.cluster_threshold < s.output_probability_threshold()) {
      problems_.add("cluster_threshold",
                    "must not be below the output threshold (clusters are built from the pairs "
                    "that are written)");
    }
  }

  void parse_clustering(const json& doc, Settings& s) {
    if (!doc.contains("clustering")) return;
    const json& c = doc.at("clustering");
    if (!c.is_object()) {
      problems_.add("clustering", "must be an object");
      return;
    }
    check_keys(c, {"method", "min_link_support"}, "clustering", problems_);
    if (auto v = get_string(c, "method", "clustering.", problems_)) {
      if (auto m = parse_clustering_method(*v)) {
        s.clustering.method = *m;
      } else {
        problems_.add("clustering.method",
                      "unknown method (allowed: connected_components, supported_merges)");
      }
    }
    if (auto v = get_number(c, "min_link_support", "clustering.", problems_)) {
      if (!(*v >= 0 && *v <= 1)) {
        problems_.add("clustering.min_link_support", "must be between 0 and 1");
      } else {
        s.clustering.min_link_support = *v;
      }
    }
  }

  // Every column used but not declared is a standardised string column.
  void add_implied_columns(Settings& s) {
    auto ensure = [&s](const std::string& name) {
      if (name.empty() || s.find_column(name) != nullptr) return;
      ColumnSpec c;
      c.name = name;
      s.columns.push_back(c);
    };
    for (const auto& c : s.comparisons) {
      for (const auto& name : c.columns)
        ensure(name);
      for_each_condition(c.levels, [&](const LevelSpec& l, const std::string&) {
        ensure(l.column);
        ensure(l.other_column);
      });
    }
    auto rules = [&](const std::vector<BlockingRuleSpec>& list) {
      for (const auto& r : list) {
        for (const auto& k : r.keys)
          ensure(k.source_column());
      }
    };
    rules(s.blocking_rules);
    rules(s.training.deterministic_rules);
    rules(s.training.em_blocking_rules);
  }

  void check_rule_types(const std::vector<BlockingRuleSpec>& rules, const std::string& path,
                        const Settings& s) {
    for (std::size_t i = 0; i < rules.size(); ++i) {
      for (const auto& key : rules[i].keys) {
        const ColumnSpec* col = s.find_column(key.source_column());
        if (col == nullptr) continue;
        const bool wants_date = key.function == KeyFunction::kYear ||
                                key.function == KeyFunction::kMonth ||
                                key.function == KeyFunction::kDay;
        // Only the outermost function over a bare column matters for typing.
        const KeyExpression* inner = &key;
        while (inner->function != KeyFunction::kColumn &&
               inner->arg->function != KeyFunction::kColumn) {
          inner = inner->arg.get();
        }
        const bool inner_wants_date = inner->function == KeyFunction::kYear ||
                                      inner->function == KeyFunction::kMonth ||
                                      inner->function == KeyFunction::kDay;
        if ((wants_date || inner_wants_date) && col->type != ColumnType::kDate) {
          problems_.add(path + "[" + std::to_string(i) + "]",
                        key.to_string() + " needs a date column; declare \"" + col->name +
                            "\": {\"type\": \"date\"} in columns");
        }
      }
    }
  }

  void check_column_uses(const Settings& s) {
    for (std::size_t i = 0; i < s.comparisons.size(); ++i) {
      const auto& c = s.comparisons[i];
      for_each_condition(c.levels, [&](const LevelSpec& l, const std::string& rel) {
        const std::string lp = "comparisons[" + std::to_string(i) + "]." + rel;
        // Whole-comparison levels of a multi-column comparison read every column alike.
        const ColumnSpec* col = s.find_column(l.column.empty() ? c.column : l.column);
        if (col == nullptr) return;
        const bool is_array = !col->array_separator.empty();
        switch (l.type) {
          case LevelType::kDateDiff:
            if (col->type != ColumnType::kDate) {
              problems_.add(lp, "date_diff needs a date column; declare \"" + col->name +
                                    "\": {\"type\": \"date\"} in columns");
            }
            break;
          case LevelType::kAbsDiff:
          case LevelType::kPctDiff:
            if (col->type != ColumnType::kNumber) {
              problems_.add(lp, std::string(level_type_name(l.type)) +
                                    " needs a number column; declare \"" + col->name +
                                    "\": {\"type\": \"number\"} in columns");
            }
            break;
          case LevelType::kArrayIntersect:
            if (!is_array) {
              problems_.add(lp, "array_intersect needs an array column; give \"" + col->name +
                                    "\" an array_separator in columns");
            }
            break;
          case LevelType::kJaroWinkler:
          case LevelType::kJaro:
          case LevelType::kJaccard:
          case LevelType::kLevenshtein:
          case LevelType::kDamerauLevenshtein:
            if (col->type == ColumnType::kNumber || is_array) {
              problems_.add(lp,
                            std::string(level_type_name(l.type)) +
                                " compares text; it cannot be used on a number or array column");
            }
            break;
          case LevelType::kColumnsReversed: {
            const ColumnSpec* other = s.find_column(l.other_column);
            if (other != nullptr && other->type != col->type) {
              problems_.add(lp, "columns_reversed needs two columns of the same type");
            }
            break;
          }
          case LevelType::kExact:
          case LevelType::kNull:
          case LevelType::kElse:
          case LevelType::kAll:
          case LevelType::kAny:
            break;
        }
      });
    }
    check_rule_types(s.blocking_rules, "blocking_rules", s);
    check_rule_types(s.training.deterministic_rules, "training.deterministic_rules", s);
    check_rule_types(s.training.em_blocking_rules, "training.em_blocking_rules", s);
  }

  std::string source_;
  Problems problems_;
};

}  // namespace

const char* link_type_name(LinkType type) {
  switch (type) {
    case LinkType::kDedupeOnly:
      return "dedupe_only";
    case LinkType::kLinkOnly:
      return "link_only";
    case LinkType::kLinkAndDedupe:
      return "link_and_dedupe";
  }
  return "?";
}

bool ComparisonSpec::is_multi_column() const {
  if (columns.size() > 1) return true;
  for (const auto& l : levels) {
    if (l.type == LevelType::kAll || l.type == LevelType::kAny) return true;
  }
  return false;
}

const char* level_type_name(LevelType type) {
  for (const auto& info : kLevelTypes) {
    if (info.type == type) return info.name;
  }
  return "?";
}

const ColumnSpec* Settings::find_column(const std::string& name) const {
  for (const auto& c : columns) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

double Settings::output_probability_threshold() const {
  if (threshold_match_weight) {
    const double odds = std::exp2(*threshold_match_weight);
    return odds / (1.0 + odds);
  }
  return threshold_match_probability.value_or(0.0);
}

Settings parse_settings(const std::string& json_text, const std::string& source) {
  return SettingsParser(source).parse(json_text);
}

Settings load_settings(const std::string& path) {
  return parse_settings(read_json_file(path, "settings file", ErrorCode::kInvalidSettings), path);
}

void check_columns_present(const Settings& settings, const std::vector<std::string>& header,
                           const std::string& input_path) {
  std::vector<std::string> missing;
  for (const auto& name : required_input_columns(settings)) {
    if (std::find(header.begin(), header.end(), name) == header.end()) missing.push_back(name);
  }
  if (missing.empty()) return;
  std::sort(missing.begin(), missing.end());
  std::string list;
  for (const auto& m : missing)
    list += (list.empty() ? "`" : ", `") + m + "`";
  throw Error(ErrorCode::kInvalidInput,
              "column" + std::string(missing.size() > 1 ? "s " : " ") + list +
                  " named in the settings " + (missing.size() > 1 ? "are" : "is") +
                  " missing from the header",
              input_path, 1, missing.front());
}

std::vector<std::string> required_input_columns(const Settings& settings) {
  std::vector<std::string> out = {settings.unique_id_column};
  if (!settings.source_dataset_column.empty()) out.push_back(settings.source_dataset_column);
  for (const auto& c : settings.columns) {
    if (std::find(out.begin(), out.end(), c.name) == out.end()) out.push_back(c.name);
  }
  return out;
}

}  // namespace xjslink
