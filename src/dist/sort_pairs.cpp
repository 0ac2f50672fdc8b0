// File: dist/sort_pairs.cpp
#include "dist/sort_pairs.hpp"

#include <cstring>

namespace xjslink::dist {
namespace {

template <typename T>
void put(std::vector<std::byte>& out, const T* data, std::size_t count) {
  const std::size_t at = out.size();
  out.resize(at + count * sizeof(T));
  std::memcpy(out.data() + at, data, count * sizeof(T));
}

template <typename T>
const std::byte* get(const std::byte* in, T* data, std::size_t count) {
  std::memcpy(data, in, count * sizeof(T));
  return in + count * sizeof(T);
}

}  // namespace

Predictions sort_pairs_by_left(const Comm& comm, Predictions&& local, const IndexLayout& layout) {
  if (comm.size() == 1) {
    local.sort();
    return std::move(local);
  }
  const std::size_t nc = local.num_comparisons;
  std::vector<std::vector<std::byte>> send(static_cast<std::size_t>(comm.size()));
  for (std::size_t i = 0; i < local.size(); ++i) {
    auto& buf = send[static_cast<std::size_t>(layout.owner(local.left[i]))];
    put(buf, &local.left[i], 1);
    put(buf, &local.right[i], 1);
    put(buf, &local.match_weight[i], 1);
    put(buf, &local.match_probability[i], 1);
    put(buf, &local.match_key[i], 1);
    put(buf, local.gammas.data() + i * nc, nc);
    put(buf, local.log2_bf.data() + i * nc, nc);
  }
  local = Predictions{};
  const Comm::Received got = comm.alltoallv_bytes(send);
  const std::size_t record_bytes = 2 * sizeof(std::uint64_t) + 2 * sizeof(double) + 1 +
                                   nc * (1 + sizeof(double));
  Predictions out;
  out.num_comparisons = nc;
  const std::size_t n = got.bytes.size() / record_bytes;
  out.reserve(n);
  const std::byte* p = got.bytes.data();
  for (std::size_t i = 0; i < n; ++i) {
    std::uint64_t l, r;
    double w, prob;
    std::uint8_t key;
    p = get(p, &l, 1);
    p = get(p, &r, 1);
    p = get(p, &w, 1);
    p = get(p, &prob, 1);
    p = get(p, &key, 1);
    out.left.push_back(l);
    out.right.push_back(r);
    out.match_weight.push_back(w);
    out.match_probability.push_back(prob);
    out.match_key.push_back(key);
    const std::size_t g = out.gammas.size();
    out.gammas.resize(g + nc);
    p = get(p, out.gammas.data() + g, nc);
    const std::size_t b = out.log2_bf.size();
    out.log2_bf.resize(b + nc);
    p = get(p, out.log2_bf.data() + b, nc);
  }
  out.sort();
  return out;
}

}  // namespace xjslink::dist
