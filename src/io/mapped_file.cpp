// File: io/mapped_file.cpp
#include "io/mapped_file_internal.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "xjslink/error.hpp"

namespace xjslink::io::detail {

namespace {

struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

std::string errno_text() {
  return std::strerror(errno);
}

}  // namespace

MappedFile::MappedFile(const std::string& path) {
  Fd file{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (file.fd < 0) throw Error(ErrorCode::kIo, "cannot open file: " + errno_text(), path);
  struct stat st {};
  if (::fstat(file.fd, &st) != 0)
    throw Error(ErrorCode::kIo, "cannot stat file: " + errno_text(), path);
  if (S_ISDIR(st.st_mode)) throw Error(ErrorCode::kIo, "is a directory, not a file", path);
  if (S_ISREG(st.st_mode)) {
    size_ = static_cast<std::size_t>(st.st_size);
    if (size_ == 0) {
      data_ = "";
      return;
    }
    void* p = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, file.fd, 0);
    if (p != MAP_FAILED) {
      ::madvise(p, size_, MADV_SEQUENTIAL);
      data_ = static_cast<const char*>(p);
      mapped_ = true;
      return;
    }
  }
  // Pipes, FIFOs and file systems without mmap: read everything.
  fallback_.clear();
  char buffer[1 << 16];
  for (;;) {
    const ssize_t n = ::read(file.fd, buffer, sizeof(buffer));
    if (n < 0) {
      if (errno == EINTR) continue;
      throw Error(ErrorCode::kIo, "read failed: " + errno_text(), path);
    }
    if (n == 0) break;
    fallback_.append(buffer, static_cast<std::size_t>(n));
  }
  data_ = fallback_.data();
  size_ = fallback_.size();
}

MappedFile::~MappedFile() {
  if (mapped_) ::munmap(const_cast<char*>(data_), size_);
}

void MappedFile::release_before(std::size_t offset) {
  if (!mapped_) return;
  const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  const std::size_t end = offset / page * page;
  if (end <= released_) return;
  // MADV_DONTNEED on a private read-only file mapping only drops the pages; touching them again
  // would fault them back in from the file, so this can never change what is read.
  ::madvise(const_cast<char*>(data_) + released_, end - released_, MADV_DONTNEED);
  released_ = end;
}

}  // namespace xjslink::io::detail
