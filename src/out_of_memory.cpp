// File: out_of_memory.cpp
#include "xjslink/out_of_memory.hpp"

#include <string>
#include <utility>

namespace xjslink {
namespace {
// One stage at a time per process: the stages run on the main thread.
std::string g_stage;
}  // namespace

StageScope::StageScope(std::string stage) : previous_(std::move(g_stage)) {
  g_stage = std::move(stage);
}
StageScope::~StageScope() {
  g_stage = std::move(previous_);
}

const std::string& current_stage() {
  return g_stage;
}

Error out_of_memory_error() {
  const std::string stage = g_stage.empty() ? std::string("running") : g_stage;
  return Error(ErrorCode::kResource,
               "out of memory while " + stage +
                   " (use more ranks or nodes, a smaller --memory-budget, or stricter blocking "
                   "rules; --max-pairs bounds the pairs a rule may make)");
}

}  // namespace xjslink
