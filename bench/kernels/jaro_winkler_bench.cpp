// File: bench/kernels/jaro_winkler_bench.cpp
// Jaro-Winkler on name pairs: full score, threshold form (a level asking JW >= 0.92),
// one-against-many with CachedJaroWinkler, and the reference twin beside each.
#include "bench_support.hpp"
#include "kernels/jaro_winkler.hpp"
#include "kernels/reference/jaro_winkler_ref.hpp"

namespace xjslink::bench {
namespace {

constexpr double kLevel = 0.92;

bool register_all() {
  namespace k = kernels;
  const auto ref = [](const std::string& a, const std::string& b) {
    return k::reference::jaro_winkler(a, b);
  };
  const auto ref_level = [](const std::string& a, const std::string& b) {
    const double s = k::reference::jaro_winkler(a, b);
    return s >= kLevel ? s : 0.0;
  };
  for (Scenario s : kScenarios) {
    register_pairs(
        "BM_JaroWinkler/full", s,
        [](const std::string& a, const std::string& b) { return k::jaro_winkler_similarity(a, b); },
        ref);
    register_pairs(
        "BM_JaroWinkler/threshold", s,
        [](const std::string& a, const std::string& b) {
          return k::jaro_winkler_similarity(a, b, 0.1, kLevel);
        },
        ref_level);
    register_pairs("BM_JaroWinkler_Reference/full", s, ref, ref);
    register_pairs("BM_JaroWinkler_Reference/threshold", s, ref_level, ref_level);
    register_pairs(
        "BM_Jaro/full", s,
        [](const std::string& a, const std::string& b) { return k::jaro_similarity(a, b); },
        [](const std::string& a, const std::string& b) { return k::reference::jaro(a, b); });
    register_pairs(
        "BM_Jaro_Reference/full", s,
        [](const std::string& a, const std::string& b) { return k::reference::jaro(a, b); },
        [](const std::string& a, const std::string& b) { return k::reference::jaro(a, b); });
  }
  register_block<std::string>(
      "BM_JaroWinkler_Reference/block", [](const std::string& l) { return l; },
      [ref](const std::string& l, const std::string& r) { return ref(l, r); }, ref);
  register_block<k::CachedJaroWinkler>(
      "BM_JaroWinkler/cached/block", [](const std::string& l) { return k::CachedJaroWinkler(l); },
      [](const k::CachedJaroWinkler& c, const std::string& r) { return c.similarity(r); }, ref);
  register_block<k::CachedJaroWinkler>(
      "BM_JaroWinkler/cached_threshold/block",
      [](const std::string& l) { return k::CachedJaroWinkler(l); },
      [](const k::CachedJaroWinkler& c, const std::string& r) { return c.similarity(r, kLevel); },
      ref_level);
  register_batch<k::CachedJaroWinkler, double>(
      "BM_JaroWinkler/batch/block", [](const std::string& l) { return k::CachedJaroWinkler(l); },
      [](const k::CachedJaroWinkler& c, const std::string_view* r, std::size_t n, double* out) {
        c.similarity_many(r, n, out);
      },
      ref);
  register_batch<k::CachedJaroWinkler, double>(
      "BM_JaroWinkler/batch_threshold/block",
      [](const std::string& l) { return k::CachedJaroWinkler(l); },
      [](const k::CachedJaroWinkler& c, const std::string_view* r, std::size_t n, double* out) {
        c.similarity_many(r, n, out, kLevel);
      },
      ref_level);
  return true;
}

const bool kRegistered = register_all();

}  // namespace
}  // namespace xjslink::bench
