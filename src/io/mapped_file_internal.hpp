// File: io/mapped_file_internal.hpp
// A whole input file as one read-only byte span: memory-mapped when the file system allows it
// (pages are faulted in as the parser reaches them and can be released behind it, so a large
// input never has to fit in memory twice), else read into a heap buffer.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace xjslink::io::detail {

class MappedFile {
 public:
  // Throws Error(kIo) naming path if the file cannot be opened or read.
  explicit MappedFile(const std::string& path);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  const char* data() const { return data_; }
  std::size_t size() const { return size_; }
  std::string_view view() const { return {data_, size_}; }

  // Tells the kernel the bytes before `offset` will not be read again, so their pages can leave
  // this process's resident set. A no-op for the heap fallback.
  void release_before(std::size_t offset);

 private:
  const char* data_ = nullptr;
  std::size_t size_ = 0;
  bool mapped_ = false;
  std::string fallback_;
  std::size_t released_ = 0;
};

}  // namespace xjslink::io::detail
