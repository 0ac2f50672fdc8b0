// File: eval/evaluation_format.hpp
// An Evaluation as JSON (for scripts; schema "xjslink-evaluation" version 1, documented in
// docs/evaluation.md) and as plain-text tables for the terminal. Both hold counts exactly:
// they are analysts' outputs; the HTML report is the one with disclosure control.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "xjslink/eval/evaluation.hpp"

namespace xjslink::eval {

inline constexpr int kEvaluationFormatVersion = 1;

nlohmann::json evaluation_json(const Evaluation& evaluation);
std::string evaluation_text(const Evaluation& evaluation);

// The flag rule in words (JSON, terminal and report use the same sentence).
std::string flag_rule_text(const FlagRule& rule);

}  // namespace xjslink::eval
