// File: bench/kernels/levenshtein_bench.cpp
// Levenshtein and OSA on name pairs (<= 32 bytes): full distance, threshold form (a level
// asking distance <= 2), one-against-many with the Cached objects, and the reference twins.
#include "bench_support.hpp"
#include "kernels/damerau_levenshtein.hpp"
#include "kernels/levenshtein.hpp"
#include "kernels/reference/damerau_levenshtein_ref.hpp"
#include "kernels/reference/levenshtein_ref.hpp"

namespace xjslink::bench {
namespace {

constexpr std::size_t kLevel = 2;

template <class Fn, class RefFn, class Cached>
void register_metric(const std::string& name, Fn fn, RefFn ref) {
  const auto ref_level = [ref](const std::string& a, const std::string& b) {
    const std::size_t d = ref(a, b);
    return d <= kLevel ? d : kLevel + 1;
  };
  for (Scenario s : kScenarios) {
    register_pairs("BM_" + name + "/full", s, fn, ref);
    register_pairs(
        "BM_" + name + "/threshold", s,
        [fn](const std::string& a, const std::string& b) { return fn(a, b, kLevel); }, ref_level);
    register_pairs("BM_" + name + "_Reference/full", s, ref, ref);
    register_pairs("BM_" + name + "_Reference/threshold", s, ref_level, ref_level);
  }
  register_block<std::string>(
      "BM_" + name + "_Reference/block", [](const std::string& l) { return l; },
      [ref](const std::string& l, const std::string& r) { return ref(l, r); }, ref);
  register_block<Cached>(
      "BM_" + name + "/cached/block", [](const std::string& l) { return Cached(l); },
      [](const Cached& c, const std::string& r) { return c.distance(r); }, ref);
  register_block<Cached>(
      "BM_" + name + "/cached_threshold/block", [](const std::string& l) { return Cached(l); },
      [](const Cached& c, const std::string& r) { return c.distance(r, kLevel); }, ref_level);
  register_batch<Cached, std::size_t>(
      "BM_" + name + "/batch/block", [](const std::string& l) { return Cached(l); },
      [](const Cached& c, const std::string_view* r, std::size_t n, std::size_t* out) {
        c.distance_many(r, n, out);
      },
      ref);
  register_batch<Cached, std::size_t>(
      "BM_" + name + "/batch_threshold/block", [](const std::string& l) { return Cached(l); },
      [](const Cached& c, const std::string_view* r, std::size_t n, std::size_t* out) {
        c.distance_many(r, n, out, kLevel);
      },
      ref_level);
}

bool register_all() {
  namespace k = kernels;
  register_metric<decltype(
                      [](const std::string& a, const std::string& b, std::size_t c = SIZE_MAX) {
                        return k::levenshtein_distance(a, b, c);
                      }),
                  decltype([](const std::string& a, const std::string& b) {
                    return k::reference::levenshtein(a, b);
                  }),
                  k::CachedLevenshtein>("Levenshtein", {}, {});
  register_metric<decltype(
                      [](const std::string& a, const std::string& b, std::size_t c = SIZE_MAX) {
                        return k::damerau_levenshtein_distance(a, b, c);
                      }),
                  decltype([](const std::string& a, const std::string& b) {
                    return k::reference::optimal_string_alignment(a, b);
                  }),
                  k::CachedDamerauLevenshtein>("DamerauLevenshtein", {}, {});
  return true;
}

const bool kRegistered = register_all();

}  // namespace
}  // namespace xjslink::bench
