// File: pairs/pair_file.cpp
#include "xjslink/pairs/pair_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <utility>

#include "byte_buffer.hpp"
#include "xjslink/error.hpp"

namespace xjslink {

PairScratch::PairScratch(const std::string& parent, const std::string& tag) {
  path_ = (std::filesystem::path(parent) / (".xjslink-scratch-" + tag)).string();
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);  // a crashed run's leftovers of the same name
  std::filesystem::create_directories(path_, ec);
  if (ec || !std::filesystem::is_directory(path_)) {
    const std::string why = ec ? ec.message() : "not a directory";
    path_.clear();
    throw Error(ErrorCode::kIo, "cannot create a scratch directory for pairs (--tmp-dir): " + why,
                (std::filesystem::path(parent) / (".xjslink-scratch-" + tag)).string());
  }
}

PairScratch::~PairScratch() {
  remove();
}

PairScratch::PairScratch(PairScratch&& other) noexcept
    : path_(std::exchange(other.path_, {})), next_(other.next_) {}

PairScratch& PairScratch::operator=(PairScratch&& other) noexcept {
  if (this != &other) {
    remove();
    path_ = std::exchange(other.path_, {});
    next_ = other.next_;
  }
  return *this;
}

void PairScratch::remove() {
  if (path_.empty()) return;
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);  // best effort: a destructor must not throw
  path_.clear();
}

std::string PairScratch::new_file(const std::string& stem) {
  XJS_CHECK(!path_.empty(), "no scratch directory");
  return (std::filesystem::path(path_) / (stem + "-" + std::to_string(next_++) + ".bin")).string();
}

void encode_pair_rows(const Predictions& p, std::size_t begin, std::size_t end,
                      std::vector<std::byte>& out) {
  const std::size_t nc = p.num_comparisons, nt = p.tf_comparisons.size();
  const std::size_t width = PairRowLayout::of(p).bytes();
  std::size_t at = out.size();
  out.resize(at + (end - begin) * width);
  for (std::size_t i = begin; i < end; ++i) {
    std::byte* o = out.data() + at;
    copy_bytes(o, &p.left[i], 8);
    copy_bytes(o + 8, &p.right[i], 8);
    copy_bytes(o + 16, &p.match_weight[i], 8);
    copy_bytes(o + 24, &p.match_key[i], 1);
    copy_bytes(o + 25, p.gammas.data() + i * nc, nc);
    copy_bytes(o + 25 + nc, p.tf_log2_bf.data() + i * nt, 8 * nt);
    at += width;
  }
}

void decode_pair_rows(const std::byte* rows, std::size_t n, Predictions& p) {
  const std::size_t nc = p.num_comparisons, nt = p.tf_comparisons.size();
  const std::size_t width = PairRowLayout::of(p).bytes();
  const std::size_t at = p.size();
  p.left.resize(at + n);
  p.right.resize(at + n);
  p.match_weight.resize(at + n);
  p.match_key.resize(at + n);
  p.gammas.resize((at + n) * nc);
  p.tf_log2_bf.resize((at + n) * nt);
  for (std::size_t i = 0; i < n; ++i) {
    const std::byte* r = rows + i * width;
    copy_bytes(&p.left[at + i], r, 8);
    copy_bytes(&p.right[at + i], r + 8, 8);
    copy_bytes(&p.match_weight[at + i], r + 16, 8);
    copy_bytes(&p.match_key[at + i], r + 24, 1);
    copy_bytes(p.gammas.data() + (at + i) * nc, r + 25, nc);
    copy_bytes(p.tf_log2_bf.data() + (at + i) * nt, r + 25 + nc, 8 * nt);
  }
}

namespace {
[[noreturn]] void io_failure(const std::string& what, const std::string& path, int err) {
  throw Error(ErrorCode::kIo, what + ": " + std::strerror(err) + " (see --tmp-dir)", path);
}
}  // namespace

PairFile::PairFile(std::string path, const Predictions& layout_of)
    : path_(std::move(path)), layout_(PairRowLayout::of(layout_of)) {
  empty_ = layout_of.empty_like();
  fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd_ < 0) io_failure("cannot create a scratch file for pairs", path_, errno);
}

PairFile::~PairFile() {
  release();
}

void PairFile::release() {
  if (fd_ < 0) return;
  ::close(fd_);
  fd_ = -1;
  std::error_code ec;
  std::filesystem::remove(path_, ec);  // the space is given back as soon as it is not needed
}

PairFile::PairFile(PairFile&& other) noexcept
    : path_(std::move(other.path_)),
      fd_(std::exchange(other.fd_, -1)),
      layout_(other.layout_),
      empty_(std::move(other.empty_)),
      rows_(std::exchange(other.rows_, 0)) {}

PairFile& PairFile::operator=(PairFile&& other) noexcept {
  if (this != &other) {
    release();
    path_ = std::move(other.path_);
    fd_ = std::exchange(other.fd_, -1);
    layout_ = other.layout_;
    empty_ = std::move(other.empty_);
    rows_ = std::exchange(other.rows_, 0);
  }
  return *this;
}

void PairFile::append(const Predictions& pairs, std::size_t begin, std::size_t end) {
  XJS_CHECK(PairRowLayout::of(pairs).bytes() == layout_.bytes(), "pair layout mismatch");
  constexpr std::size_t kRowsPerWrite = 1 << 16;
  std::vector<std::byte> bytes;
  for (std::size_t from = begin; from < end; from += kRowsPerWrite) {
    const std::size_t to = std::min(end, from + kRowsPerWrite);
    bytes.clear();
    encode_pair_rows(pairs, from, to, bytes);
    const off_t offset = static_cast<off_t>(rows_ * layout_.bytes());
    std::size_t done = 0;
    while (done < bytes.size()) {
      const ssize_t n = ::pwrite(fd_, bytes.data() + done, bytes.size() - done,
                                 offset + static_cast<off_t>(done));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) io_failure("cannot write a scratch file of pairs", path_, n < 0 ? errno : ENOSPC);
      done += static_cast<std::size_t>(n);
    }
    rows_ += to - from;
  }
}

void PairFile::read(std::uint64_t begin, std::uint64_t end, Predictions& out) const {
  XJS_CHECK(begin <= end && end <= rows_, "pair rows out of range");
  out.clear_rows();
  const std::size_t width = layout_.bytes();
  std::vector<std::byte> bytes((end - begin) * width);
  std::size_t done = 0;
  const auto offset = static_cast<off_t>(begin * width);
  while (done < bytes.size()) {
    const ssize_t n =
        ::pread(fd_, bytes.data() + done, bytes.size() - done, offset + static_cast<off_t>(done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) io_failure("cannot read a scratch file of pairs", path_, n < 0 ? errno : EIO);
    done += static_cast<std::size_t>(n);
  }
  decode_pair_rows(bytes.data(), end - begin, out);
}

}  // namespace xjslink
