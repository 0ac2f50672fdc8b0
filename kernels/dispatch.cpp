// File: kernels/dispatch.cpp
// The one dispatch point of the kernels. The lane kernels are compiled for every Highway target
// (kernels/simd/); Highway picks the best one the CPU supports. XJSLINK_KERNEL_TARGET (read once)
// or set_active_target() narrows Highway to one target, or to "scalar" (no lanes: every pair
// goes through the one-pair kernels).
#include <cctype>
#include <cstdlib>
#include <string>
#include <vector>

#include "hwy/highway.h"
#include "hwy/targets.h"
#include "kernels/multi_lane_impl.hpp"
#include "kernels/target.hpp"

namespace xjslink::kernels {
namespace {

struct Target {
  std::string name;
  std::int64_t bits;  // 0 for "scalar"
};

std::string lower_name(std::int64_t bits) {
  std::string name = hwy::TargetName(bits);
  for (char& c : name)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  // Highway's portable fallbacks are not our "scalar" (which uses no lanes at all).
  if (name == "scalar") name = "hwy_scalar";
  return name;
}

std::vector<Target> all_targets() {
  std::vector<Target> out;
  hwy::SetSupportedTargetsForTest(0);
  for (std::int64_t bits : hwy::SupportedAndGeneratedTargets())
    out.push_back({lower_name(bits), bits});
  out.push_back({"scalar", 0});
  return out;
}

struct State {
  std::vector<Target> targets;
  std::size_t active = 0;
};

void apply(const Target& t) {
  hwy::SetSupportedTargetsForTest(t.bits);  // 0 restores the CPU's own set
  hwy::GetChosenTarget().Update(hwy::SupportedTargets());
}

State& state() {
  static State s = [] {
    State st;
    st.targets = all_targets();
    const char* forced = std::getenv("XJSLINK_KERNEL_TARGET");
    if (forced != nullptr) {
      for (std::size_t i = 0; i < st.targets.size(); ++i) {
        if (st.targets[i].name == forced) st.active = i;
      }
    }
    if (st.active != 0) apply(st.targets[st.active]);
    return st;
  }();
  return s;
}

}  // namespace

std::vector<std::string> available_targets() {
  std::vector<std::string> names;
  for (const Target& t : state().targets)
    names.push_back(t.name);
  return names;
}

const char* active_target() {
  return state().targets[state().active].name.c_str();
}

bool set_active_target(const std::string& name) {
  State& s = state();
  for (std::size_t i = 0; i < s.targets.size(); ++i) {
    if (s.targets[i].name != name) continue;
    s.active = i;
    apply(s.targets[i]);
    return true;
  }
  return false;
}

namespace detail {
bool lanes_enabled() {
  return state().targets[state().active].bits != 0;
}
}  // namespace detail

}  // namespace xjslink::kernels
