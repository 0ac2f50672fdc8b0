// File: kernels/target.hpp
// The SIMD target the kernels run on, chosen once per process from what the CPU supports.
// XJSLINK_KERNEL_TARGET=scalar|<target name> forces one (for tests and A/B runs); an unknown or
// unsupported name falls back to the best supported target. Recorded in run.json.
#pragma once

#include <string>
#include <vector>

namespace xjslink::kernels {

const char* active_target();

// Every target compiled in and supported by this CPU, best first; "scalar" is always last.
std::vector<std::string> available_targets();

// Switches the active target (tests use it to run every entry point on every target).
// Returns false, and changes nothing, when the target is not available.
bool set_active_target(const std::string& name);

}  // namespace xjslink::kernels
