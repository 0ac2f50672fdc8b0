// File: out_of_memory.hpp
// Running out of memory is the user's problem to fix (a smaller budget, fewer pairs, more
// ranks), not a bug: std::bad_alloc becomes an Error(kResource) that names the stage running.
#pragma once

#include <string>

#include "xjslink/error.hpp"

namespace xjslink {

// Marks the stage running for as long as it lives (nested scopes restore the outer one).
// `stage` completes "out of memory while ...": "scoring pairs", "reading input a.csv".
class StageScope {
 public:
  explicit StageScope(std::string stage);
  ~StageScope();
  StageScope(const StageScope&) = delete;
  StageScope& operator=(const StageScope&) = delete;

 private:
  std::string previous_;
  int uncaught_;
};

// The innermost stage running, or "" outside any. out_of_memory_error() outside every stage
// names the innermost stage the exception came from.
const std::string& current_stage();

// "out of memory while <stage>", with what to try.
Error out_of_memory_error();

}  // namespace xjslink
