// File: dist/components.cpp
// Connected components. Each rank first contracts its own edges with a union-find (edges become
// stars onto their local minimum), then FastSV runs on the contracted edges: stochastic and
// aggressive hooking onto grandparents, shortcutting, until no grandparent changes on any rank
// (Zhang, Azad & Hu, "FastSV: A Distributed-Memory Connected Component Algorithm with Fast
// Convergence", SIAM PP 2020). Labels converge to the smallest global index of each component,
// which makes the result independent of the rank count. With one rank, the union-find alone is
// the answer.
#include "dist/components.hpp"

#include "byte_buffer.hpp"
#include "dist/fetch_values.hpp"
#include "dist/index_layout.hpp"

#include <algorithm>
#include <cstring>
#include <numeric>
#include <unordered_map>

#include "xjslink/error.hpp"

namespace xjslink::dist {
namespace {

// Union-find keyed by arbitrary 64-bit vertex ids; roots are the smallest id of their set.
class MinUnionFind {
 public:
  std::uint64_t find(std::uint64_t v) {
    auto it = parent_.find(v);
    if (it == parent_.end()) return v;
    std::uint64_t root = v;
    while (true) {
      auto p = parent_.find(root);
      if (p == parent_.end() || p->second == root) break;
      root = p->second;
    }
    // Path compression.
    while (v != root) {
      auto& next = parent_[v];
      const std::uint64_t up = next;
      next = root;
      v = up;
    }
    return root;
  }
  void unite(std::uint64_t a, std::uint64_t b) {
    a = find(a);
    b = find(b);
    if (a == b) return;
    if (a > b) std::swap(a, b);
    parent_[b] = a;
    parent_.try_emplace(a, a);
  }
  const std::unordered_map<std::uint64_t, std::uint64_t>& parents() const { return parent_; }

 private:
  std::unordered_map<std::uint64_t, std::uint64_t> parent_;
};

}  // namespace

std::vector<std::uint64_t> connected_components(const Comm& comm,
                                                std::span<const std::uint64_t> local_records,
                                                std::span<const std::uint64_t> left,
                                                std::span<const std::uint64_t> right) {
  MinUnionFind local;
  for (std::size_t i = 0; i < left.size(); ++i)
    local.unite(left[i], right[i]);

  const std::size_t local_count = local_records.size();
  std::vector<std::uint64_t> f(local_records.begin(), local_records.end());
  if (comm.size() == 1) {
    for (auto& v : f)
      v = local.find(v);
    return f;
  }
  const IndexLayout layout(comm, local_records);

  // Contracted edges: every touched vertex to its local root (a star per local component).
  std::vector<std::uint64_t> eu, ev;
  for (const auto& [v, p] : local.parents()) {
    (void)p;
    MinUnionFind& uf = local;
    const std::uint64_t root = uf.find(v);
    if (root != v) {
      eu.push_back(v);
      ev.push_back(root);
    }
  }
  const auto nranks = static_cast<std::size_t>(comm.size());
  std::vector<std::uint64_t> endpoints;
  endpoints.reserve(2 * eu.size());
  endpoints.insert(endpoints.end(), eu.begin(), eu.end());
  endpoints.insert(endpoints.end(), ev.begin(), ev.end());
  std::sort(endpoints.begin(), endpoints.end());
  endpoints.erase(std::unique(endpoints.begin(), endpoints.end()), endpoints.end());
  auto index_of = [&endpoints](std::uint64_t v) {
    return static_cast<std::size_t>(std::lower_bound(endpoints.begin(), endpoints.end(), v) -
                                    endpoints.begin());
  };
  std::vector<std::size_t> iu(eu.size()), iv(ev.size());
  for (std::size_t e = 0; e < eu.size(); ++e) {
    iu[e] = index_of(eu[e]);
    iv[e] = index_of(ev[e]);
  }

  std::vector<std::uint64_t> gf = f;  // grandparent; initially f[f[v]] = v
  struct Proposal {
    std::uint64_t target_row, value;  // local row at the owner
  };
  for (int iteration = 0;; ++iteration) {
    XJS_CHECK(iteration < 200, "connected components did not converge");
    const std::vector<std::uint64_t> f_end = fetch_values(comm, layout, f, endpoints);
    const std::vector<std::uint64_t> gf_end = fetch_values(comm, layout, gf, endpoints);
    std::vector<std::vector<Proposal>> proposals(nranks);
    auto propose = [&](std::uint64_t target, std::uint64_t value) {
      const RowRef ref = layout.locate(target);
      proposals[static_cast<std::size_t>(ref.rank)].push_back({ref.row, value});
    };
    for (std::size_t e = 0; e < eu.size(); ++e) {
      // Both directions of the undirected edge: stochastic hooking of the parent, aggressive
      // hooking of the vertex itself, each onto the other end's grandparent.
      propose(f_end[iu[e]], gf_end[iv[e]]);
      propose(f_end[iv[e]], gf_end[iu[e]]);
      propose(eu[e], gf_end[iv[e]]);
      propose(ev[e], gf_end[iu[e]]);
    }
    const std::vector<Proposal> received = unpack<Proposal>(comm.alltoallv_bytes(pack(proposals)));
    std::vector<std::uint64_t> f_next = f;
    for (const Proposal& p : received) {
      auto& slot = f_next[p.target_row];
      slot = std::min(slot, p.value);
    }
    for (std::uint64_t v = 0; v < local_count; ++v)
      f_next[v] = std::min(f_next[v], gf[v]);
    f = std::move(f_next);
    const std::vector<std::uint64_t> new_gf = fetch_values(comm, layout, f, f);
    std::uint64_t changed = new_gf != gf ? 1 : 0;
    gf = new_gf;
    if (comm.allreduce(changed, Op::kMax) == 0) break;
  }
  return gf;
}

ComponentKeys smallest_key_per_component(const Comm& comm, const RecordKeys& keys,
                                         std::span<const std::uint64_t> labels) {
  ComponentKeys out;
  const std::size_t n = keys.size();
  out.cluster_id.resize(n);
  if (comm.size() == 1) {
    std::unordered_map<std::uint64_t, std::pair<std::size_t, std::uint64_t>> best;  // row, size
    for (std::size_t row = 0; row < n; ++row) {
      auto [it, inserted] = best.try_emplace(labels[row], row, 0);
      if (!inserted && keys.key_less(row, it->second.first)) it->second.first = row;
      ++it->second.second;
    }
    for (const auto& [label, entry] : best) {
      out.largest_component = std::max(out.largest_component, entry.second);
    }
    out.num_components = best.size();
    for (std::size_t row = 0; row < n; ++row) {
      out.cluster_id[row] = keys.composite_key(best.at(labels[row]).first);
    }
    return out;
  }
  // Several ranks: each record sends (label, source, uid) to the owner of its label, which
  // keeps the smallest key and the size of each component and answers every record.
  const auto nranks = static_cast<std::size_t>(comm.size());
  const IndexLayout layout(comm, keys.global_index);
  std::vector<std::vector<std::byte>> send(nranks);
  std::vector<std::vector<std::size_t>> where(nranks);
  for (std::size_t row = 0; row < n; ++row) {
    const auto o = static_cast<std::size_t>(layout.owner(labels[row]));
    auto& buf = send[o];
    const std::uint64_t label = labels[row];
    const std::uint16_t source = keys.source[row];
    const std::string_view uid = keys.uid(row);
    const auto len = static_cast<std::uint32_t>(uid.size());
    const std::size_t at = buf.size();
    buf.resize(at + sizeof(label) + sizeof(source) + sizeof(len) + len);
    std::byte* p = buf.data() + at;
    std::memcpy(p, &label, sizeof(label));
    std::memcpy(p + sizeof(label), &source, sizeof(source));
    std::memcpy(p + sizeof(label) + sizeof(source), &len, sizeof(len));
    copy_bytes(p + sizeof(label) + sizeof(source) + sizeof(len), uid.data(), len);
    where[o].push_back(row);
  }
  const Comm::Received got = comm.alltoallv_bytes(send);
  struct Entry {
    std::uint64_t label;
    std::uint16_t source;
    std::string uid;
  };
  std::vector<Entry> entries;
  std::vector<std::size_t> first_entry_of(nranks + 1, 0);
  std::size_t offset = 0;
  for (std::size_t r = 0; r < nranks; ++r) {
    first_entry_of[r] = entries.size();
    const std::size_t end = offset + got.counts[r];
    while (offset < end) {
      Entry e;
      std::uint32_t len;
      const std::byte* p = got.bytes.data() + offset;
      std::memcpy(&e.label, p, sizeof(e.label));
      std::memcpy(&e.source, p + 8, sizeof(e.source));
      std::memcpy(&len, p + 10, sizeof(len));
      e.uid.assign(reinterpret_cast<const char*>(p + 14), len);
      offset += 14 + len;
      entries.push_back(std::move(e));
    }
  }
  first_entry_of[nranks] = entries.size();
  auto less = [&keys](const Entry& a, const Entry& b) {
    const std::string& sa = keys.source_names[a.source];
    const std::string& sb = keys.source_names[b.source];
    if (sa != sb) return sa < sb;
    return a.uid < b.uid;
  };
  std::unordered_map<std::uint64_t, std::pair<std::size_t, std::uint64_t>> best;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    auto [it, inserted] = best.try_emplace(entries[i].label, i, 0);
    if (!inserted && less(entries[i], entries[it->second.first])) it->second.first = i;
    ++it->second.second;
  }
  std::uint64_t largest = 0;
  for (const auto& [label, entry] : best)
    largest = std::max(largest, entry.second);
  std::vector<std::vector<std::byte>> reply(nranks);
  for (std::size_t r = 0; r < nranks; ++r) {
    for (std::size_t i = first_entry_of[r]; i < first_entry_of[r + 1]; ++i) {
      const Entry& m = entries[best.at(entries[i].label).first];
      const std::string id = composite_key(keys.source_names, m.source, m.uid);
      const auto len = static_cast<std::uint32_t>(id.size());
      const std::size_t at = reply[r].size();
      reply[r].resize(at + sizeof(len) + len);
      std::memcpy(reply[r].data() + at, &len, sizeof(len));
      copy_bytes(reply[r].data() + at + sizeof(len), id.data(), len);
    }
  }
  const Comm::Received answers = comm.alltoallv_bytes(reply);
  std::size_t off = 0;
  for (std::size_t r = 0; r < nranks; ++r) {
    for (std::size_t row : where[r]) {
      std::uint32_t len;
      std::memcpy(&len, answers.bytes.data() + off, sizeof(len));
      out.cluster_id[row].assign(reinterpret_cast<const char*>(answers.bytes.data() + off + 4),
                                 len);
      off += 4 + len;
    }
  }
  std::uint64_t components = 0;
  for (std::size_t e = 0; e < entries.size(); ++e) {
    components += best.at(entries[e].label).first == e ? 1 : 0;
  }
  out.num_components = comm.allreduce(components, Op::kSum);
  out.largest_component = comm.allreduce(largest, Op::kMax);
  return out;
}

}  // namespace xjslink::dist
