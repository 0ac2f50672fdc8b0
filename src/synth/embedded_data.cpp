// File: synth/embedded_data.cpp
// Lookup in the table generated at build time (synth_embedded_data.cpp in the build tree).
#include "synth/embedded_data.hpp"

#include <cstddef>
#include <string>

#include "xjslink/error.hpp"

namespace xjslink::synth {
namespace detail {
struct EmbeddedFileEntry {
  const char* path;
  const unsigned char* data;
  std::size_t size;
};
extern const EmbeddedFileEntry kEmbeddedFiles[];
extern const std::size_t kNumEmbeddedFiles;
}  // namespace detail

std::string_view embedded_file(std::string_view relative_path) {
  for (std::size_t i = 0; i < detail::kNumEmbeddedFiles; ++i) {
    const auto& entry = detail::kEmbeddedFiles[i];
    if (relative_path == entry.path) {
      return {reinterpret_cast<const char*>(entry.data), entry.size};
    }
  }
  XJS_CHECK(false, "no embedded data file " + std::string(relative_path));
  return {};
}

}  // namespace xjslink::synth
