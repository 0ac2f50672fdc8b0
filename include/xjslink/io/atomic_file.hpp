// File: io/atomic_file.hpp
// Output that appears complete or not at all: data goes to "<path>.tmp" and is renamed to
// <path> by commit(). If the owner is destroyed without commit (an error), the temporary file
// is removed, so no half-written file is left that looks finished.
#pragma once

#include <string>

namespace xjslink::io {

class AtomicFile {
 public:
  explicit AtomicFile(std::string path);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  const std::string& path() const { return path_; }
  const std::string& temp_path() const { return temp_path_; }
  // Renames the temporary file onto path(); throws Error(kIo) on failure.
  void commit();
  // Removes the temporary file (if any) without committing.
  void abandon();
  bool committed() const { return committed_; }

 private:
  std::string path_;
  std::string temp_path_;
  bool committed_ = false;
};

// Writes text to path atomically (temporary file, fsync, rename).
void write_file_atomically(const std::string& path, const std::string& text);

}  // namespace xjslink::io
