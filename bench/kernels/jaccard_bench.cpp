// File: bench/kernels/jaccard_bench.cpp
// Bigram Jaccard on name pairs: full, threshold (>= 0.5), cached, and the std::set reference.
#include "bench_support.hpp"
#include "kernels/jaccard.hpp"
#include "kernels/reference/jaccard_ref.hpp"

namespace xjslink::bench {
namespace {

constexpr double kLevel = 0.5;

bool register_all() {
  namespace k = kernels;
  const auto ref = [](const std::string& a, const std::string& b) {
    return k::reference::jaccard(a, b, 2);
  };
  const auto ref_level = [](const std::string& a, const std::string& b) {
    const double s = k::reference::jaccard(a, b, 2);
    return s >= kLevel ? s : 0.0;
  };
  for (Scenario s : kScenarios) {
    register_pairs(
        "BM_Jaccard/full", s,
        [](const std::string& a, const std::string& b) { return k::jaccard_similarity(a, b); },
        ref);
    register_pairs(
        "BM_Jaccard/threshold", s,
        [](const std::string& a, const std::string& b) {
          return k::jaccard_similarity(a, b, 2, kLevel);
        },
        ref_level);
    register_pairs("BM_Jaccard_Reference/full", s, ref, ref);
    register_pairs("BM_Jaccard_Reference/threshold", s, ref_level, ref_level);
  }
  register_block<std::string>(
      "BM_Jaccard_Reference/block", [](const std::string& l) { return l; },
      [ref](const std::string& l, const std::string& r) { return ref(l, r); }, ref);
  register_block<k::CachedJaccard>(
      "BM_Jaccard/cached/block", [](const std::string& l) { return k::CachedJaccard(l); },
      [](const k::CachedJaccard& c, const std::string& r) { return c.similarity(r); }, ref);
  return true;
}

const bool kRegistered = register_all();

}  // namespace
}  // namespace xjslink::bench
