// File: cluster/link_buckets.cpp
// Links are grouped by batch in memory and each group is written with one buffered append, so
// a round costs one write per batch that has links. Past kMaxOpenFiles batches a file is closed
// after each append, so a tiny budget (many batches) cannot run out of file descriptors.
#include "cluster/link_buckets.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "xjslink/error.hpp"

namespace xjslink::detail {
namespace {

constexpr std::uint64_t kMaxOpenFiles = 64;

std::string scratch_parent(const std::string& parent) {
  if (!parent.empty()) return parent;
  std::error_code ec;
  const std::filesystem::path tmp = std::filesystem::temp_directory_path(ec);
  if (ec) {
    throw Error(ErrorCode::kIo,
                "no system temp directory for clustering's scratch files: " + ec.message());
  }
  return tmp.string();
}

[[noreturn]] void io_failure(const std::string& what, const std::string& path, int err) {
  throw Error(ErrorCode::kIo, what + ": " + std::strerror(err), path);
}

}  // namespace

LinkBuckets::LinkBuckets(const std::string& parent, const std::string& tag, int nranks,
                         std::uint64_t batches)
    : nranks_(nranks),
      batches_(batches),
      scratch_(scratch_parent(parent), tag),
      path_(batches),
      file_(batches, nullptr),
      links_(batches, 0) {
  for (std::uint64_t b = 0; b < batches; ++b) {
    path_[b] = scratch_.new_file("cluster-batch" + std::to_string(b));
  }
}

LinkBuckets::~LinkBuckets() {
  // The directory goes with scratch_; the files are only closed here (errors no longer matter).
  for (std::FILE*& f : file_) {
    if (f != nullptr) std::fclose(f);
    f = nullptr;
  }
}

void LinkBuckets::append(std::span<const dist::OwnedLink> links) {
  // A counting sort by batch: one contiguous write per batch.
  std::vector<std::uint64_t> at(batches_ + 1, 0);
  std::vector<std::uint64_t> batch_of(links.size());
  for (std::size_t k = 0; k < links.size(); ++k) {
    batch_of[k] = dist::component_batch(links[k].label, nranks_, batches_);
    ++at[batch_of[k] + 1];
  }
  for (std::uint64_t b = 0; b < batches_; ++b)
    at[b + 1] += at[b];
  sorted_.resize(links.size());
  {
    std::vector<std::uint64_t> next(at.begin(), at.end() - 1);
    for (std::size_t k = 0; k < links.size(); ++k)
      sorted_[next[batch_of[k]]++] = links[k];
  }
  for (std::uint64_t b = 0; b < batches_; ++b) {
    const std::uint64_t n = at[b + 1] - at[b];
    if (n == 0) continue;
    if (file_[b] == nullptr) {
      file_[b] = std::fopen(path_[b].c_str(), "ab");
      if (file_[b] == nullptr) {
        io_failure("cannot open a clustering scratch file", path_[b], errno);
      }
    }
    errno = 0;
    if (std::fwrite(sorted_.data() + at[b], sizeof(dist::OwnedLink), n, file_[b]) != n) {
      io_failure("cannot write a clustering scratch file (disk full?)", path_[b],
                 errno != 0 ? errno : EIO);
    }
    links_[b] += n;
    if (batches_ > kMaxOpenFiles) close(b);
  }
}

void LinkBuckets::close(std::uint64_t batch) {
  std::FILE* f = file_[batch];
  if (f == nullptr) return;
  file_[batch] = nullptr;
  // Buffered data reaches the disk only now, so a full disk may show here first.
  errno = 0;
  const bool flushed = std::fflush(f) == 0;
  const int flush_err = errno;
  errno = 0;
  const bool closed = std::fclose(f) == 0;
  if (!flushed || !closed) {
    io_failure("cannot write a clustering scratch file (disk full?)", path_[batch],
               !flushed ? (flush_err != 0 ? flush_err : EIO) : (errno != 0 ? errno : EIO));
  }
}

std::vector<dist::OwnedLink> LinkBuckets::take(std::uint64_t batch) {
  XJS_CHECK(batch < batches_, "no such component batch");
  std::vector<dist::OwnedLink> links;
  close(batch);
  if (links_[batch] == 0) return links;
  const std::string& path = path_[batch];
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) io_failure("cannot open a clustering scratch file", path, errno);
  links.resize(links_[batch]);
  errno = 0;
  const std::size_t got = std::fread(links.data(), sizeof(dist::OwnedLink), links.size(), f);
  const int err = errno;
  std::fclose(f);
  if (got != links.size()) {
    io_failure("cannot read back a clustering scratch file", path, err != 0 ? err : EIO);
  }
  std::error_code ec;
  std::filesystem::remove(path, ec);  // the space is free for the next batches at once
  links_[batch] = 0;
  return links;
}

}  // namespace xjslink::detail
