// File: out_of_memory.cpp
#include "xjslink/out_of_memory.hpp"

#include <exception>
#include <string>
#include <utility>

namespace xjslink {
namespace {
// One stage at a time per process: the stages run on the main thread.
std::string g_stage;
// The innermost stage an exception left, for an error caught outside every stage (main).
std::string g_failed_stage;
bool g_failure_recorded = false;
}  // namespace

StageScope::StageScope(std::string stage)
    : previous_(std::move(g_stage)), uncaught_(std::uncaught_exceptions()) {
  g_stage = std::move(stage);
  g_failure_recorded = false;
}

StageScope::~StageScope() {
  // Moves only: unwinding from bad_alloc must not allocate.
  if (std::uncaught_exceptions() > uncaught_ && !g_failure_recorded) {
    g_failed_stage = std::move(g_stage);
    g_failure_recorded = true;
  }
  g_stage = std::move(previous_);
}

const std::string& current_stage() {
  return g_stage;
}

Error out_of_memory_error() {
  const std::string& where = g_stage.empty() ? g_failed_stage : g_stage;
  const std::string stage = where.empty() ? std::string("running") : where;
  return Error(ErrorCode::kResource,
               "out of memory while " + stage +
                   " (use more ranks or nodes, a smaller --memory-budget, or stricter blocking "
                   "rules; --max-pairs bounds the pairs a rule may make)");
}

}  // namespace xjslink
