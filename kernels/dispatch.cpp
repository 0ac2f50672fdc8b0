// File: kernels/dispatch.cpp
// The one dispatch point of the kernels: reads XJSLINK_KERNEL_TARGET once and otherwise keeps
// the best target available.
#include <cstdlib>
#include <string>
#include <vector>

#include "kernels/target.hpp"

namespace xjslink::kernels {
namespace {

std::string& current() {
  static std::string target = [] {
    const std::vector<std::string> all = available_targets();
    const char* forced = std::getenv("XJSLINK_KERNEL_TARGET");
    if (forced != nullptr) {
      for (const std::string& t : all) {
        if (t == forced) return t;
      }
    }
    return all.front();
  }();
  return target;
}

}  // namespace

std::vector<std::string> available_targets() {
  return {"scalar"};
}

const char* active_target() {
  return current().c_str();
}

bool set_active_target(const std::string& name) {
  for (const std::string& t : available_targets()) {
    if (t == name) {
      current() = t;
      return true;
    }
  }
  return false;
}

}  // namespace xjslink::kernels
