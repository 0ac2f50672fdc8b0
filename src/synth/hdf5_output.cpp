// File: synth/hdf5_output.cpp
// CSV -> HDF5 for the generator's outputs through the io module's table building blocks. Parts
// of about 64 MiB keep memory bounded; the quote count before each part comes from one pass of
// count_csv_quotes, so each part is located without rescanning the file.
#include "synth/hdf5_output.hpp"

#include <hdf5.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "io/hdf5_table_internal.hpp"
#include "kernels/civil_date.hpp"
#include "xjslink/error.hpp"
#include "xjslink/io/atomic_file.hpp"
#include "xjslink/io/csv_reader.hpp"
#include "xjslink/table.hpp"

namespace xjslink::synth {
namespace {

constexpr std::uint64_t kPartBytes = std::uint64_t{64} << 20;

bool is_date_column(const std::string& name) {
  return name == "dob" || (name.size() > 5 && name.ends_with("_date"));
}

bool is_number_column(const std::string& name) {
  static const std::set<std::string> kNumbers = {"person_id", "index_person_id", "records",
                                                 "sentence_days", "ogrs3_score"};
  return kNumbers.count(name) == 1;
}

// The generator writes dates as YYYY-MM-DD and counts as plain integers.
Table typed(const Table& strings, const std::string& path) {
  Table out;
  for (const Column& in : strings.columns()) {
    const std::string& name = in.name();
    const ColumnType type = is_date_column(name)     ? ColumnType::kDate
                            : is_number_column(name) ? ColumnType::kNumber
                                                     : ColumnType::kString;
    Column& col = out.add_column(name, type);
    col.reserve(in.size(), type == ColumnType::kString ? in.chars().size() : 0);
    for (std::size_t row = 0; row < in.size(); ++row) {
      if (in.is_null(row)) {
        col.append_null();
        continue;
      }
      const std::string_view v = in.string_at(row);
      if (type == ColumnType::kString) {
        col.append_string(v);
      } else if (type == ColumnType::kDate) {
        int y = 0;
        unsigned m = 0, d = 0;
        const bool parsed = v.size() == 10 &&
                            std::sscanf(std::string(v).c_str(), "%4d-%2u-%2u", &y, &m, &d) == 3 &&
                            kernels::is_valid_civil(y, m, d);
        XJS_CHECK(parsed, "the generator wrote a malformed date in " + path + ", column " + name);
        col.append_date(kernels::days_from_civil(y, m, d));
      } else {
        col.append_number(std::stod(std::string(v)));
      }
    }
  }
  return out;
}

}  // namespace

std::uint64_t convert_csv_to_hdf5(const std::string& csv_path, const std::string& h5_path,
                                  const std::string& group) {
  io::detail::silence_hdf5_errors();
  const std::uint64_t size = std::filesystem::file_size(csv_path);
  const int parts =
      static_cast<int>(std::max<std::uint64_t>(1, (size + kPartBytes - 1) / kPartBytes));
  std::vector<std::uint64_t> quotes_before(static_cast<std::size_t>(parts), 0);
  for (int p = 1; p < parts; ++p) {
    quotes_before[p] = quotes_before[p - 1] + io::count_csv_quotes(csv_path, p - 1, parts);
  }
  const io::CsvReadOptions options;
  const auto read_part = [&](int p) {
    io::CsvPart part = io::read_csv_part(csv_path, options, p, parts, quotes_before[p]);
    if (part.error) throw *part.error;
    return typed(part.data.table, csv_path);
  };

  // Pass 1: rows and the widest value of each string column.
  std::vector<io::detail::Hdf5ColumnSpec> specs;
  std::uint64_t rows = 0;
  for (int p = 0; p < parts; ++p) {
    const Table table = read_part(p);
    const auto part_specs = io::detail::hdf5_column_specs(table, h5_path);
    if (specs.empty()) specs = part_specs;
    for (std::size_t c = 0; c < specs.size(); ++c) {
      specs[c].string_width = std::max(specs[c].string_width, part_specs[c].string_width);
    }
    rows += table.num_rows();
  }

  // Pass 2: the rows, part by part, at their global offsets.
  io::AtomicFile out(h5_path);
  {
    const hid_t id = H5Fcreate(out.temp_path().c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    if (id < 0) throw Error(ErrorCode::kIo, "cannot create HDF5 file", h5_path);
    io::detail::H5Id file(id, H5Fclose);
    io::detail::create_hdf5_table(file.get(), h5_path, group, specs, rows, {});
    std::uint64_t offset = 0;
    for (int p = 0; p < parts; ++p) {
      const Table table = read_part(p);
      io::detail::Hdf5RowWrite where;
      where.row_offset = offset;
      io::detail::write_hdf5_rows(file.get(), h5_path, group, table, specs, where);
      offset += table.num_rows();
    }
    if (H5Fclose(file.release()) < 0)
      throw Error(ErrorCode::kIo, "cannot close HDF5 file", h5_path);
  }
  out.commit();
  return rows;
}

}  // namespace xjslink::synth
