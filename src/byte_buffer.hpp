// File: byte_buffer.hpp (private)
// Appending values to, and reading them back from, the byte buffers that ranks exchange. One
// fixed native layout: the ranks of one job share an architecture.
#pragma once

#include <cstddef>
#include <cstring>
#include <span>
#include <string_view>
#include <vector>

#include "xjslink/error.hpp"

namespace xjslink {

// memcpy with a size that may be 0: the pointers of an empty vector may be null, and memcpy
// with a null pointer is undefined behaviour even for 0 bytes.
inline void copy_bytes(void* to, const void* from, std::size_t n) {
  if (n > 0) std::memcpy(to, from, n);
}

inline void put_bytes(std::vector<std::byte>& out, const void* data, std::size_t n) {
  const std::size_t at = out.size();
  out.resize(at + n);
  if (n > 0) std::memcpy(out.data() + at, data, n);
}

template <typename T>
void put_value(std::vector<std::byte>& out, const T& value) {
  put_bytes(out, &value, sizeof(T));
}

class ByteReader {
 public:
  explicit ByteReader(std::span<const std::byte> bytes) : bytes_(bytes) {}
  bool done() const { return pos_ == bytes_.size(); }
  void read(void* out, std::size_t n) {
    XJS_CHECK(pos_ + n <= bytes_.size(), "truncated exchange buffer");
    if (n > 0) std::memcpy(out, bytes_.data() + pos_, n);
    pos_ += n;
  }
  template <typename T>
  T get() {
    T value;
    read(&value, sizeof(T));
    return value;
  }
  std::string_view text(std::size_t n) {
    XJS_CHECK(pos_ + n <= bytes_.size(), "truncated exchange buffer");
    const std::string_view v(reinterpret_cast<const char*>(bytes_.data() + pos_), n);
    pos_ += n;
    return v;
  }

 private:
  std::span<const std::byte> bytes_;
  std::size_t pos_ = 0;
};

}  // namespace xjslink
