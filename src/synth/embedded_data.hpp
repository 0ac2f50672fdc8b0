// File: synth/embedded_data.hpp
// The shipped data tables (data/names, data/synth), compiled into the library by
// src/synth/embed_data.cmake so that a copied binary needs no data directory.
#pragma once

#include <string_view>

namespace xjslink::synth {

// The bytes of data/<relative_path>; a missing name is a build bug (XJS_CHECK).
std::string_view embedded_file(std::string_view relative_path);

}  // namespace xjslink::synth
