// File: io/atomic_file.cpp
#include "xjslink/io/atomic_file.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "xjslink/error.hpp"

namespace xjslink::io {

AtomicFile::AtomicFile(std::string path) : path_(std::move(path)), temp_path_(path_ + ".tmp") {}

AtomicFile::~AtomicFile() {
  if (!committed_) abandon();
}

void AtomicFile::commit() {
  if (std::rename(temp_path_.c_str(), path_.c_str()) != 0) {
    throw Error(ErrorCode::kIo,
                std::string("cannot rename temporary file into place: ") + std::strerror(errno),
                path_);
  }
  committed_ = true;
}

void AtomicFile::abandon() {
  std::error_code ec;
  std::filesystem::remove(temp_path_, ec);
}

void write_file_atomically(const std::string& path, const std::string& text) {
  AtomicFile out(path);
  std::FILE* f = std::fopen(out.temp_path().c_str(), "wb");
  if (f == nullptr) {
    throw Error(ErrorCode::kIo, std::string("cannot create file: ") + std::strerror(errno), path);
  }
  // fsync before the rename: otherwise a crash of the machine soon after can leave the new name
  // pointing at an empty file on file systems that delay data writes (ext4, xfs).
  const bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size() &&
                  std::fflush(f) == 0 && ::fsync(::fileno(f)) == 0;
  const int write_errno = errno;
  const bool closed = std::fclose(f) == 0;
  if (!ok || !closed) {
    throw Error(ErrorCode::kIo,
                std::string("write failed: ") + std::strerror(ok ? errno : write_errno), path);
  }
  out.commit();
}

}  // namespace xjslink::io
