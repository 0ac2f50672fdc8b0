// File: synth/hdf5_output.hpp
// --format hdf5: converts one of the generator's finished CSV files into an HDF5 table (layout of
// io/hdf5_table.hpp) in bounded memory, reading the CSV in byte-range parts twice (string widths
// first, then rows). Dates (dob, *_date) become date columns and counts become number columns.
// The HDF5 content is a function of the CSV bytes, which do not depend on ranks or threads.
#pragma once

#include <cstdint>
#include <string>

namespace xjslink::synth {

// Writes csv_path as group `group` of a new HDF5 file at h5_path (atomically). Returns the
// number of rows. Throws Error(kIo / kInvalidInput) naming the file.
std::uint64_t convert_csv_to_hdf5(const std::string& csv_path, const std::string& h5_path,
                                  const std::string& group);

}  // namespace xjslink::synth
