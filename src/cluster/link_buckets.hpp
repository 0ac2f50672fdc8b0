// File: cluster/link_buckets.hpp
// One rank's intra-component links kept on local disk in B files, one per component batch, so
// that the scored links are read and the end labels fetched once for all batches: each batch's
// file is read back whole (its links fit the budget) and deleted. 32 bytes per link on disk.
// The files live in a PairScratch directory, removed with them on success and failure alike.
#pragma once

#include <cstdint>
#include <cstdio>
#include <span>
#include <string>
#include <vector>

#include "dist/component_graphs.hpp"
#include "xjslink/pairs/pair_file.hpp"

namespace xjslink::detail {

class LinkBuckets {
 public:
  // Creates the scratch directory <parent>/.xjslink-scratch-<tag> (parent empty: the system
  // temp directory); throws Error(kIo) naming it if it cannot. Links go to batch
  // dist::component_batch(label, nranks, batches).
  LinkBuckets(const std::string& parent, const std::string& tag, int nranks, std::uint64_t batches);
  ~LinkBuckets();
  LinkBuckets(const LinkBuckets&) = delete;
  LinkBuckets& operator=(const LinkBuckets&) = delete;

  // Appends each link to its batch's file; throws Error(kIo) naming the file if a write fails.
  void append(std::span<const dist::OwnedLink> links);
  // The links of `batch` (in the order they were appended); its file is deleted. Throws
  // Error(kIo) naming the file if it cannot be completed or read back.
  std::vector<dist::OwnedLink> take(std::uint64_t batch);

 private:
  void close(std::uint64_t batch);
  int nranks_;
  std::uint64_t batches_;
  PairScratch scratch_;
  std::vector<std::string> path_;        // per batch
  std::vector<std::FILE*> file_;         // per batch, open for appending, or null
  std::vector<std::uint64_t> links_;     // per batch, links appended
  std::vector<dist::OwnedLink> sorted_;  // append's links grouped by batch (reused)
};

}  // namespace xjslink::detail
