// File: io/hdf5_table.cpp
// Table <-> HDF5 group (layout in io/hdf5_table.hpp). Every HDF5 call is checked and a failure
// becomes an xjslink::Error naming the file and the group or column, with HDF5's own most
// specific message appended. Rows move in blocks so memory stays bounded for any table size.
#include "xjslink/io/hdf5_table.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <limits>
#include <optional>

#include "dist/abort.hpp"
#include "io/hdf5_table_internal.hpp"
#include "xjslink/encoding.hpp"
#include "xjslink/error.hpp"
#include "xjslink/io/atomic_file.hpp"

namespace xjslink::io {

namespace detail {

namespace {

constexpr int kFormatVersion = 1;
constexpr std::uint64_t kTargetChunkBytes = std::uint64_t{1} << 20;
constexpr std::uint64_t kReadBlockRows = 65536;
constexpr const char* kDateUnits = "days since 1970-01-01";

[[noreturn]] void fail(ErrorCode code, const std::string& message, const std::string& path,
                       const std::string& field = {}) {
  const std::string detail = hdf5_error_text();
  throw Error(code, detail.empty() ? message : message + " (HDF5: " + detail + ")", path, 0, field);
}

hid_t checked(hid_t id, const char* what, const std::string& path, const std::string& field) {
  if (id < 0) fail(ErrorCode::kIo, what, path, field);
  return id;
}

void checked(herr_t status, const char* what, const std::string& path, const std::string& field) {
  if (status < 0) fail(ErrorCode::kIo, what, path, field);
}

H5Id fixed_string_type(std::size_t width) {
  H5Id type(H5Tcopy(H5T_C_S1), H5Tclose);
  H5Tset_size(type.get(), std::max<std::size_t>(width, 1));
  H5Tset_strpad(type.get(), H5T_STR_NULLPAD);
  H5Tset_cset(type.get(), H5T_CSET_UTF8);
  return type;
}

void write_string_attribute(hid_t object, const char* name, const std::string& value,
                            const std::string& path, const std::string& field) {
  H5Id type = fixed_string_type(value.size());
  H5Id space(H5Screate(H5S_SCALAR), H5Sclose);
  H5Id attr(checked(H5Acreate2(object, name, type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT),
                    "cannot create attribute", path, field),
            H5Aclose);
  std::string padded = value;
  padded.resize(std::max<std::size_t>(value.size(), 1), '\0');
  checked(H5Awrite(attr.get(), type.get(), padded.data()), "cannot write attribute", path, field);
}

template <typename T>
void write_scalar_attribute(hid_t object, const char* name, hid_t file_type, hid_t mem_type,
                            T value, const std::string& path) {
  H5Id space(H5Screate(H5S_SCALAR), H5Sclose);
  H5Id attr(checked(H5Acreate2(object, name, file_type, space.get(), H5P_DEFAULT, H5P_DEFAULT),
                    "cannot create attribute", path, {}),
            H5Aclose);
  checked(H5Awrite(attr.get(), mem_type, &value), "cannot write attribute", path, {});
}

void write_names_attribute(hid_t object, const std::vector<std::string>& names,
                           const std::string& path) {
  std::size_t width = 1;
  for (const auto& n : names)
    width = std::max(width, n.size());
  H5Id type = fixed_string_type(width);
  const hsize_t count = names.size();
  H5Id space(count == 0 ? H5Screate(H5S_NULL) : H5Screate_simple(1, &count, nullptr), H5Sclose);
  H5Id attr(
      checked(H5Acreate2(object, "column_names", type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT),
              "cannot create attribute", path, {}),
      H5Aclose);
  if (count == 0) return;
  std::string buffer(width * names.size(), '\0');
  for (std::size_t i = 0; i < names.size(); ++i) {
    std::memcpy(buffer.data() + i * width, names[i].data(), names[i].size());
  }
  checked(H5Awrite(attr.get(), type.get(), buffer.data()), "cannot write attribute", path, {});
}

// Reads a string attribute of any string type (fixed or variable length), or nullopt.
std::optional<std::vector<std::string>> read_strings_attribute(hid_t object, const char* name) {
  if (H5Aexists(object, name) <= 0) return std::nullopt;
  H5Id attr(H5Aopen(object, name, H5P_DEFAULT), H5Aclose);
  if (!attr.valid()) return std::nullopt;
  H5Id type(H5Aget_type(attr.get()), H5Tclose);
  if (H5Tget_class(type.get()) != H5T_STRING) return std::nullopt;
  H5Id space(H5Aget_space(attr.get()), H5Sclose);
  const hssize_t n = H5Sget_simple_extent_npoints(space.get());
  std::vector<std::string> out;
  if (n <= 0) return out;
  if (H5Tis_variable_str(type.get()) > 0) {
    H5Id mem(H5Tcopy(H5T_C_S1), H5Tclose);
    H5Tset_size(mem.get(), H5T_VARIABLE);
    H5Tset_cset(mem.get(), H5Tget_cset(type.get()));
    std::vector<char*> values(static_cast<std::size_t>(n), nullptr);
    if (H5Aread(attr.get(), mem.get(), values.data()) < 0) return std::nullopt;
    for (char* v : values)
      out.emplace_back(v == nullptr ? "" : v);
    H5Dvlen_reclaim(mem.get(), space.get(), H5P_DEFAULT, values.data());
    return out;
  }
  const std::size_t width = H5Tget_size(type.get());
  std::string buffer(width * static_cast<std::size_t>(n), '\0');
  if (H5Aread(attr.get(), type.get(), buffer.data()) < 0) return std::nullopt;
  for (hssize_t i = 0; i < n; ++i) {
    const char* p = buffer.data() + static_cast<std::size_t>(i) * width;
    out.emplace_back(p, strnlen(p, width));
  }
  return out;
}

std::optional<std::string> read_string_attribute(hid_t object, const char* name) {
  auto values = read_strings_attribute(object, name);
  if (!values || values->size() != 1) return std::nullopt;
  return values->front();
}

std::optional<std::uint64_t> read_u64_attribute(hid_t object, const char* name) {
  if (H5Aexists(object, name) <= 0) return std::nullopt;
  H5Id attr(H5Aopen(object, name, H5P_DEFAULT), H5Aclose);
  std::uint64_t value = 0;
  if (!attr.valid() || H5Aread(attr.get(), H5T_NATIVE_UINT64, &value) < 0) return std::nullopt;
  return value;
}

H5Id create_group(hid_t parent, const std::string& name, const std::string& path,
                  bool track_order) {
  H5Id lcpl(H5Pcreate(H5P_LINK_CREATE), H5Pclose);
  H5Pset_create_intermediate_group(lcpl.get(), 1);
  H5Id gcpl(H5Pcreate(H5P_GROUP_CREATE), H5Pclose);
  // No modification times in object headers: the same table gives the same file bytes.
  H5Pset_obj_track_times(gcpl.get(), false);
  // Tracked creation order lets h5py list the columns in table order.
  if (track_order) {
    H5Pset_link_creation_order(gcpl.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED);
  }
  return H5Id(checked(H5Gcreate2(parent, name.c_str(), lcpl.get(), gcpl.get(), H5P_DEFAULT),
                      "cannot create group", path, name),
              H5Gclose);
}

H5Id open_group(hid_t parent, const std::string& name, const std::string& path,
                const std::string& field) {
  const hid_t id = H5Gopen2(parent, name.c_str(), H5P_DEFAULT);
  if (id < 0) {
    H5Eclear2(H5E_DEFAULT);
    throw Error(ErrorCode::kInvalidInput, "group not found", path, 0, field);
  }
  return H5Id(id, H5Gclose);
}

bool link_exists(hid_t parent, const std::string& name) {
  const htri_t exists = H5Lexists(parent, name.c_str(), H5P_DEFAULT);
  H5Eclear2(H5E_DEFAULT);
  return exists > 0;
}

H5Id create_dataset(hid_t group, const std::string& name, hid_t type, std::uint64_t rows,
                    std::uint64_t element_bytes, const Hdf5WriteOptions& options,
                    const std::string& path, bool shuffle) {
  const hsize_t dims = rows;
  const hsize_t max_dims = H5S_UNLIMITED;
  H5Id space(H5Screate_simple(1, &dims, &max_dims), H5Sclose);
  H5Id dcpl(H5Pcreate(H5P_DATASET_CREATE), H5Pclose);
  H5Pset_obj_track_times(dcpl.get(), false);
  hsize_t chunk = options.chunk_rows > 0
                      ? options.chunk_rows
                      : std::max<std::uint64_t>(
                            1, kTargetChunkBytes / std::max<std::uint64_t>(element_bytes, 1));
  chunk = std::max<hsize_t>(1, std::min<hsize_t>(chunk, std::max<hsize_t>(rows, 1)));
  checked(H5Pset_chunk(dcpl.get(), 1, &chunk), "cannot set chunking", path, name);
  if (options.deflate_level > 0 && H5Zfilter_avail(H5Z_FILTER_DEFLATE) > 0) {
    if (shuffle) H5Pset_shuffle(dcpl.get());
    checked(H5Pset_deflate(dcpl.get(), static_cast<unsigned>(std::min(options.deflate_level, 9))),
            "cannot set compression", path, name);
  }
  return H5Id(checked(H5Dcreate2(group, name.c_str(), type, space.get(), H5P_DEFAULT, dcpl.get(),
                                 H5P_DEFAULT),
                      "cannot create dataset", path, name),
              H5Dclose);
}

// Writes `count` elements from buffer to rows [first, first + count) of a 1-D dataset; with
// count 0 it makes the empty selection a collective write still has to take part with.
void write_block(hid_t dataset, hid_t mem_type, const void* buffer, std::uint64_t first,
                 std::uint64_t count, hid_t xfer, const std::string& path,
                 const std::string& field) {
  H5Id file_space(H5Dget_space(dataset), H5Sclose);
  const hsize_t mem_dims = std::max<hsize_t>(count, 1);
  H5Id mem_space(H5Screate_simple(1, &mem_dims, nullptr), H5Sclose);
  if (count == 0) {
    H5Sselect_none(file_space.get());
    H5Sselect_none(mem_space.get());
  } else {
    const hsize_t start = first;
    const hsize_t n = count;
    checked(H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, &start, nullptr, &n, nullptr),
            "cannot select rows", path, field);
  }
  static const char kDummy = 0;
  checked(H5Dwrite(dataset, mem_type, mem_space.get(), file_space.get(), xfer,
                   count == 0 ? &kDummy : buffer),
          "cannot write rows", path, field);
}

void check_column_name(const std::string& name, const std::string& path) {
  if (name.empty() || name == "." || name.find('/') != std::string::npos) {
    throw Error(ErrorCode::kInvalidInput,
                "column name cannot be stored in HDF5 (empty, '.' or "
                "containing '/')",
                path, 0, name);
  }
}

}  // namespace

void silence_hdf5_errors() {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
}

std::string hdf5_error_text() {
  std::string text;
  H5Ewalk2(
      H5E_DEFAULT, H5E_WALK_UPWARD,
      [](unsigned n, const H5E_error2_t* e, void* out) -> herr_t {
        auto* s = static_cast<std::string*>(out);
        if (n == 0 && e->desc != nullptr) *s = e->desc;
        return 0;
      },
      &text);
  H5Eclear2(H5E_DEFAULT);
  // A failed write is described as "file write failed: time = ..., filename = ..., errno = 28,
  // error message = 'No space left on device', buf = 0x..., ...": keep the cause, drop the
  // memory addresses and the rest.
  const std::string cause = "error message = '";
  if (const auto at = text.find(cause); at != std::string::npos) {
    const auto end = text.find('\'', at + cause.size());
    const auto colon = text.find(':');
    text = text.substr(0, colon < at ? colon : 0) + (colon < at ? ": " : "") +
           text.substr(at + cause.size(),
                       end == std::string::npos ? std::string::npos : end - at - cause.size());
  }
  for (auto at = text.find("0x"); at != std::string::npos; at = text.find("0x", at)) {
    auto end = at + 2;
    while (end < text.size() && std::isxdigit(static_cast<unsigned char>(text[end])))
      ++end;
    if (end == at + 2) {
      at = end;
      continue;
    }
    text.replace(at, end - at, "(address)");
    at += 9;
  }
  return text;
}

std::vector<Hdf5ColumnSpec> hdf5_column_specs(const Table& table, const std::string& path) {
  std::vector<Hdf5ColumnSpec> specs;
  for (const Column& column : table.columns()) {
    check_column_name(column.name(), path);
    Hdf5ColumnSpec spec{column.name(), column.type(), 1};
    if (column.type() == ColumnType::kString) {
      for (std::size_t row = 0; row < column.size(); ++row) {
        const std::string_view value = column.string_at(row);
        spec.string_width = std::max<std::uint64_t>(spec.string_width, value.size());
        // NULLPAD strings end at their first NUL, so a NUL inside a value would be lost.
        if (value.find('\0') != std::string_view::npos) {
          throw Error(ErrorCode::kInvalidInput,
                      "a string value contains a NUL byte, which HDF5 fixed-length strings "
                      "cannot hold (record " +
                          std::to_string(row + 1) + ")",
                      path, 0, column.name());
        }
      }
    }
    specs.push_back(std::move(spec));
  }
  return specs;
}

void create_hdf5_table(hid_t file, const std::string& path, const std::string& group,
                       const std::vector<Hdf5ColumnSpec>& specs, std::uint64_t num_rows,
                       const Hdf5WriteOptions& options) {
  if (group.empty() || group == "/") {
    throw Error(ErrorCode::kInvalidSettings, "the table needs a group name", path, 0, group);
  }
  H5Id g = create_group(file, group, path, false);
  write_scalar_attribute(g.get(), "xjslink_table_version", H5T_STD_I32LE, H5T_NATIVE_INT,
                         kFormatVersion, path);
  write_scalar_attribute<std::uint64_t>(g.get(), "num_rows", H5T_STD_U64LE, H5T_NATIVE_UINT64,
                                        num_rows, path);
  std::vector<std::string> names;
  for (const auto& s : specs)
    names.push_back(s.name);
  write_names_attribute(g.get(), names, path);
  H5Id columns = create_group(g.get(), "columns", path, true);
  H5Id valid = create_group(g.get(), "valid", path, true);
  for (const Hdf5ColumnSpec& spec : specs) {
    check_column_name(spec.name, path);
    H5Id dataset;
    switch (spec.type) {
      case ColumnType::kString: {
        H5Id type = fixed_string_type(spec.string_width);
        dataset = create_dataset(columns.get(), spec.name, type.get(), num_rows, spec.string_width,
                                 options, path, false);
        break;
      }
      case ColumnType::kDate:
        dataset = create_dataset(columns.get(), spec.name, H5T_STD_I32LE, num_rows, 4, options,
                                 path, true);
        write_string_attribute(dataset.get(), "units", kDateUnits, path, spec.name);
        break;
      case ColumnType::kNumber:
        switch (spec.storage) {
          case NumberStorage::kFloat64:
            dataset = create_dataset(columns.get(), spec.name, H5T_IEEE_F64LE, num_rows, 8, options,
                                     path, true);
            break;
          case NumberStorage::kInt8:
            dataset = create_dataset(columns.get(), spec.name, H5T_STD_I8LE, num_rows, 1, options,
                                     path, false);
            break;
          case NumberStorage::kInt64:
            dataset = create_dataset(columns.get(), spec.name, H5T_STD_I64LE, num_rows, 8, options,
                                     path, true);
            break;
        }
        break;
    }
    write_string_attribute(dataset.get(), "xjslink_type", column_type_name(spec.type), path,
                           spec.name);
    if (spec.nullable) {
      create_dataset(valid.get(), spec.name, H5T_STD_U8LE, num_rows, 1, options, path, false);
    }
  }
}

void write_hdf5_column_block(hid_t file, const std::string& path, const std::string& group,
                             const Hdf5ColumnSpec& spec, hid_t mem_type, const void* values,
                             const std::uint8_t* valid, std::uint64_t first, std::uint64_t count,
                             hid_t xfer) {
  H5Id g = open_group(file, group, path, group);
  H5Id columns = open_group(g.get(), "columns", path, group);
  H5Id validity_group = open_group(g.get(), "valid", path, group);
  H5Id dataset(checked(H5Dopen2(columns.get(), spec.name.c_str(), H5P_DEFAULT),
                       "cannot open dataset", path, spec.name),
               H5Dclose);
  H5Id string_type;
  if (spec.type == ColumnType::kString) {
    string_type = fixed_string_type(spec.string_width);
    mem_type = string_type.get();
  }
  write_block(dataset.get(), mem_type, values, first, count, xfer, path, spec.name);
  if (!spec.nullable) return;
  H5Id validity(checked(H5Dopen2(validity_group.get(), spec.name.c_str(), H5P_DEFAULT),
                        "cannot open dataset", path, spec.name),
                H5Dclose);
  std::vector<std::uint8_t> all_valid;
  if (valid == nullptr) {
    all_valid.assign(count, 1);
    valid = all_valid.data();
  }
  write_block(validity.get(), H5T_NATIVE_UINT8, valid, first, count, xfer, path, spec.name);
}

void write_hdf5_rows(hid_t file, const std::string& path, const std::string& group,
                     const Table& table, const std::vector<Hdf5ColumnSpec>& specs,
                     const Hdf5RowWrite& where) {
  XJS_CHECK(specs.size() == table.num_columns(), "HDF5 specs do not match the table");
  XJS_CHECK(where.block_rows > 0, "HDF5 block_rows must be positive");
  const std::uint64_t rows = table.num_rows();
  const std::uint64_t num_blocks =
      where.num_blocks > 0 ? where.num_blocks : (rows + where.block_rows - 1) / where.block_rows;
  XJS_CHECK(num_blocks * where.block_rows >= rows, "too few HDF5 write blocks for the rows");
  H5Id g = open_group(file, group, path, group);
  H5Id columns = open_group(g.get(), "columns", path, group);
  H5Id valid = open_group(g.get(), "valid", path, group);
  std::string text;
  std::vector<double> numbers;
  std::vector<std::uint8_t> flags;
  for (std::size_t c = 0; c < specs.size(); ++c) {
    const Hdf5ColumnSpec& spec = specs[c];
    const Column& column = table.column(c);
    H5Id dataset(checked(H5Dopen2(columns.get(), spec.name.c_str(), H5P_DEFAULT),
                         "cannot open dataset", path, spec.name),
                 H5Dclose);
    H5Id validity(checked(H5Dopen2(valid.get(), spec.name.c_str(), H5P_DEFAULT),
                          "cannot open dataset", path, spec.name),
                  H5Dclose);
    H5Id string_type = fixed_string_type(spec.string_width);
    for (std::uint64_t block = 0; block < num_blocks; ++block) {
      const std::uint64_t begin = std::min(rows, block * where.block_rows);
      const std::uint64_t end = std::min(rows, begin + where.block_rows);
      const std::uint64_t count = end - begin;
      const std::uint64_t first = where.row_offset + begin;
      flags.assign(count, 0);
      for (std::uint64_t r = 0; r < count; ++r)
        flags[r] = column.is_null(begin + r) ? 0 : 1;
      switch (spec.type) {
        case ColumnType::kString: {
          const std::size_t width = spec.string_width;
          text.assign(count * width, '\0');
          for (std::uint64_t r = 0; r < count; ++r) {
            const std::string_view value = column.string_at(begin + r);
            XJS_CHECK(value.size() <= width, "string longer than its HDF5 column width");
            std::memcpy(text.data() + r * width, value.data(), value.size());
          }
          write_block(dataset.get(), string_type.get(), text.data(), first, count, where.xfer, path,
                      spec.name);
          break;
        }
        case ColumnType::kDate:
          write_block(dataset.get(), H5T_NATIVE_INT32,
                      count == 0 ? nullptr : column.days().data() + begin, first, count, where.xfer,
                      path, spec.name);
          break;
        case ColumnType::kNumber:
          // NaN marks a null in the file too, so pandas sees missing values without the mask.
          numbers.assign(count, 0.0);
          for (std::uint64_t r = 0; r < count; ++r) {
            // Integer storage has no NaN: a null is 0 there, and the validity mask says so.
            numbers[r] = flags[r] ? column.number_at(begin + r)
                         : spec.storage == NumberStorage::kFloat64
                             ? std::numeric_limits<double>::quiet_NaN()
                             : 0.0;
          }
          write_block(dataset.get(), H5T_NATIVE_DOUBLE, numbers.data(), first, count, where.xfer,
                      path, spec.name);
          break;
      }
      write_block(validity.get(), H5T_NATIVE_UINT8, flags.data(), first, count, where.xfer, path,
                  spec.name);
    }
  }
}

}  // namespace detail

using detail::H5Id;

namespace {

// Read limits (see ColumnReader::check_declared_size).
constexpr std::uint64_t kReadBlockBytes = std::uint64_t{64} << 20;
constexpr std::uint64_t kMaxFixedStringBytes = std::uint64_t{1} << 20;
constexpr double kMaxCompressionRatio = 1100;

H5Id open_file(const std::string& path) {
  detail::silence_hdf5_errors();
  const hid_t id = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (id < 0) {
    const std::string text = detail::hdf5_error_text();
    throw Error(ErrorCode::kIo,
                "cannot open HDF5 file" + (text.empty() ? "" : " (HDF5: " + text + ")"), path);
  }
  return H5Id(id, H5Fclose);
}

H5Id open_table_group(hid_t file, const std::string& path, const std::string& group) {
  const hid_t id = H5Gopen2(file, group.c_str(), H5P_DEFAULT);
  if (id < 0) {
    H5Eclear2(H5E_DEFAULT);
    throw Error(ErrorCode::kInvalidInput, "HDF5 group not found", path, 0, group);
  }
  return H5Id(id, H5Gclose);
}

H5Id open_columns_group(hid_t table, const std::string& path, const std::string& group) {
  const hid_t id = H5Gopen2(table, "columns", H5P_DEFAULT);
  if (id < 0) {
    H5Eclear2(H5E_DEFAULT);
    throw Error(ErrorCode::kInvalidInput, "not an xjslink table: no 'columns' group", path, 0,
                group);
  }
  return H5Id(id, H5Gclose);
}

std::vector<std::string> column_names(hid_t table, hid_t columns) {
  if (auto names = detail::read_strings_attribute(table, "column_names")) return *names;
  // Written by another tool: list the datasets, in creation order if it was tracked.
  std::vector<std::string> names;
  const auto collect = [](hid_t, const char* name, const H5L_info_t*, void* out) -> herr_t {
    static_cast<std::vector<std::string>*>(out)->emplace_back(name);
    return 0;
  };
  hsize_t index = 0;
  if (H5Literate(columns, H5_INDEX_CRT_ORDER, H5_ITER_INC, &index, collect, &names) < 0) {
    H5Eclear2(H5E_DEFAULT);
    names.clear();
    index = 0;
    H5Literate(columns, H5_INDEX_NAME, H5_ITER_INC, &index, collect, &names);
  }
  return names;
}

std::uint64_t dataset_rows(hid_t dataset, const std::string& path, const std::string& name) {
  H5Id space(H5Dget_space(dataset), H5Sclose);
  if (H5Sget_simple_extent_ndims(space.get()) != 1) {
    throw Error(ErrorCode::kInvalidInput, "column dataset is not one-dimensional", path, 0, name);
  }
  hsize_t dims = 0;
  H5Sget_simple_extent_dims(space.get(), &dims, nullptr);
  return dims;
}

std::uint64_t table_rows(hid_t table, hid_t columns, const std::string& path) {
  if (auto n = detail::read_u64_attribute(table, "num_rows")) return *n;
  const auto names = column_names(table, columns);
  if (names.empty()) return 0;
  H5Id dataset(H5Dopen2(columns, names.front().c_str(), H5P_DEFAULT), H5Dclose);
  if (!dataset.valid()) {
    H5Eclear2(H5E_DEFAULT);
    throw Error(ErrorCode::kInvalidInput, "column not found", path, 0, names.front());
  }
  return dataset_rows(dataset.get(), path, names.front());
}

// Reads rows [begin, begin + count) of a 1-D dataset into buffer as mem_type.
void read_block(hid_t dataset, hid_t mem_type, void* buffer, std::uint64_t begin,
                std::uint64_t count, const std::string& path, const std::string& name) {
  H5Id file_space(H5Dget_space(dataset), H5Sclose);
  const hsize_t start = begin;
  const hsize_t n = count;
  H5Id mem_space(H5Screate_simple(1, &n, nullptr), H5Sclose);
  if (H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, &start, nullptr, &n, nullptr) < 0 ||
      H5Dread(dataset, mem_type, mem_space.get(), file_space.get(), H5P_DEFAULT, buffer) < 0) {
    const std::string text = detail::hdf5_error_text();
    throw Error(ErrorCode::kIo, "cannot read rows" + (text.empty() ? "" : " (HDF5: " + text + ")"),
                path, 0, name);
  }
}

class ColumnReader {
 public:
  // as_key: read as strings whatever the dataset's type (see read_hdf5_table).
  ColumnReader(hid_t table, hid_t columns, const std::string& path, const std::string& name,
               std::uint64_t num_rows, bool as_key = false)
      : path_(path), name_(name) {
    const hid_t id = H5Dopen2(columns, name.c_str(), H5P_DEFAULT);
    if (id < 0) {
      H5Eclear2(H5E_DEFAULT);
      throw Error(ErrorCode::kInvalidInput, "column not found in HDF5 table", path, 0, name);
    }
    dataset_ = H5Id(id, H5Dclose);
    const std::uint64_t rows = dataset_rows(dataset_.get(), path, name);
    if (rows != num_rows) {
      throw Error(
          ErrorCode::kInvalidInput,
          "column has " + std::to_string(rows) + " rows, the table " + std::to_string(num_rows),
          path, 0, name);
    }
    file_type_ = H5Id(H5Dget_type(dataset_.get()), H5Tclose);
    const H5T_class_t cls = H5Tget_class(file_type_.get());
    const auto declared = detail::read_string_attribute(dataset_.get(), "xjslink_type");
    const bool numeric = cls == H5T_INTEGER || cls == H5T_FLOAT;
    if (as_key && numeric) {
      if (declared && *declared == "date") {
        throw Error(ErrorCode::kInvalidInput,
                    "a date column cannot identify records (expected strings or whole numbers)",
                    path, 0, name);
      }
      type_ = ColumnType::kString;
      key_number_ = cls == H5T_FLOAT                                ? KeyNumber::kFloat
                    : H5Tget_sign(file_type_.get()) == H5T_SGN_NONE ? KeyNumber::kUnsigned
                                                                    : KeyNumber::kSigned;
    } else if (cls == H5T_STRING && (!declared || *declared == "string")) {
      type_ = ColumnType::kString;
    } else if (numeric && declared && *declared == "date" && cls == H5T_INTEGER) {
      type_ = ColumnType::kDate;
    } else if (numeric && (!declared || *declared == "number")) {
      type_ = ColumnType::kNumber;
    } else {
      throw Error(ErrorCode::kInvalidInput,
                  "wrong HDF5 type for the column (expected fixed or variable-length strings, "
                  "int32 dates or numbers)",
                  path, 0, name);
    }
    check_declared_size(num_rows);
    if (detail::link_exists(table, "valid")) {
      H5Id valid(H5Gopen2(table, "valid", H5P_DEFAULT), H5Gclose);
      if (detail::link_exists(valid.get(), name)) {
        validity_ = H5Id(H5Dopen2(valid.get(), name.c_str(), H5P_DEFAULT), H5Dclose);
        if (!validity_.valid() || dataset_rows(validity_.get(), path, name) != num_rows) {
          H5Eclear2(H5E_DEFAULT);
          throw Error(ErrorCode::kInvalidInput, "validity dataset does not match the column", path,
                      0, name);
        }
      }
    }
  }

  ColumnType type() const { return type_; }

  void read(std::uint64_t begin, std::uint64_t end, Column& out) {
    out.reserve(end - begin);
    // Wide fixed-width strings are read in fewer rows at a time, so a block stays ~64 MiB.
    const std::uint64_t element = std::max<std::size_t>(1, H5Tget_size(file_type_.get()));
    const std::uint64_t block_rows =
        std::clamp<std::uint64_t>(kReadBlockBytes / element, 1, detail::kReadBlockRows);
    for (std::uint64_t first = begin; first < end; first += block_rows) {
      const std::uint64_t count = std::min(block_rows, end - first);
      flags_.assign(count, 1);
      if (validity_.valid()) {
        read_block(validity_.get(), H5T_NATIVE_UINT8, flags_.data(), first, count, path_, name_);
      }
      switch (type_) {
        case ColumnType::kString:
          if (key_number_ != KeyNumber::kNone) {
            read_key_numbers(first, count, out);
          } else if (H5Tis_variable_str(file_type_.get()) > 0) {
            read_variable_strings(first, count, out);
          } else {
            read_fixed_strings(first, count, out);
          }
          break;
        case ColumnType::kDate: {
          std::vector<std::int32_t> days(count);
          read_block(dataset_.get(), H5T_NATIVE_INT32, days.data(), first, count, path_, name_);
          for (std::uint64_t r = 0; r < count; ++r) {
            if (flags_[r])
              out.append_date(days[r]);
            else
              out.append_null();
          }
          break;
        }
        case ColumnType::kNumber: {
          std::vector<double> values(count);
          read_block(dataset_.get(), H5T_NATIVE_DOUBLE, values.data(), first, count, path_, name_);
          for (std::uint64_t r = 0; r < count; ++r) {
            if (flags_[r] && !std::isnan(values[r]))
              out.append_number(values[r]);
            else
              out.append_null();
          }
          break;
        }
      }
    }
  }

 private:
  // A small file can declare huge data (1 GiB fixed-width strings in 10 KB): HDF5 would
  // allocate it on read. Data written uncompressed takes its size on disk and deflate shrinks
  // at most ~1032:1, so a column declaring far more than that of its file is refused before
  // anything is allocated, as are strings wider than any real value.
  void check_declared_size(std::uint64_t num_rows) const {
    const std::uint64_t element = H5Tget_size(file_type_.get());
    if (type_ == ColumnType::kString && H5Tis_variable_str(file_type_.get()) <= 0 &&
        element > kMaxFixedStringBytes) {
      throw Error(ErrorCode::kInvalidInput,
                  "declares fixed-width strings of " + std::to_string(element) +
                      " bytes, more than the limit of " + std::to_string(kMaxFixedStringBytes) +
                      " (store long text as variable-length strings)",
                  path_, 0, name_);
    }
    std::error_code ec;
    const std::uint64_t file_bytes = std::filesystem::file_size(path_, ec);
    const double declared = static_cast<double>(num_rows) * static_cast<double>(element);
    const double plausible =
        kMaxCompressionRatio * static_cast<double>(ec ? 0 : file_bytes) + 1024.0 * 1024.0;
    if (declared > plausible) {
      throw Error(ErrorCode::kInvalidInput,
                  "declares " + std::to_string(num_rows) + " rows of " + std::to_string(element) +
                      " bytes, far more data than a file of " + std::to_string(file_bytes) +
                      " bytes can hold",
                  path_, 0, name_);
    }
  }

  void append_checked(std::string_view value, std::uint64_t row, Column& out) {
    if (!is_ascii(value)) {
      if (auto bad = find_invalid_utf8(value)) {
        throw Error(ErrorCode::kInvalidInput,
                    "invalid UTF-8 at byte " + std::to_string(*bad) + " of the value in row " +
                        std::to_string(row),
                    path_, 0, name_);
      }
    }
    out.append_string(value);
  }

  void read_fixed_strings(std::uint64_t first, std::uint64_t count, Column& out) {
    const std::size_t width = H5Tget_size(file_type_.get());
    const H5T_str_t pad = H5Tget_strpad(file_type_.get());
    H5Id mem(H5Tcopy(file_type_.get()), H5Tclose);
    std::string buffer(count * width, '\0');
    read_block(dataset_.get(), mem.get(), buffer.data(), first, count, path_, name_);
    for (std::uint64_t r = 0; r < count; ++r) {
      if (!flags_[r]) {
        out.append_null();
        continue;
      }
      const char* p = buffer.data() + r * width;
      std::size_t len = strnlen(p, width);
      if (pad == H5T_STR_SPACEPAD) {
        len = width;
        while (len > 0 && p[len - 1] == ' ')
          --len;
      }
      append_checked({p, len}, first + r, out);
    }
  }

  // A numeric key column as the decimal text of each value.
  void read_key_numbers(std::uint64_t first, std::uint64_t count, Column& out) {
    char text[24];
    const auto append = [&](auto value) {
      const auto end = std::to_chars(text, text + sizeof(text), value).ptr;
      out.append_string(std::string_view(text, static_cast<std::size_t>(end - text)));
    };
    if (key_number_ == KeyNumber::kFloat) {
      // Beyond 2^53 a double no longer holds every whole number: the id may already be wrong.
      constexpr double kExactLimit = 9007199254740992.0;
      std::vector<double> values(count);
      read_block(dataset_.get(), H5T_NATIVE_DOUBLE, values.data(), first, count, path_, name_);
      for (std::uint64_t r = 0; r < count; ++r) {
        const double v = values[r];
        if (!flags_[r] || std::isnan(v)) {
          out.append_null();
        } else if (!(std::fabs(v) <= kExactLimit) || v != std::trunc(v)) {
          throw Error(ErrorCode::kInvalidInput,
                      "the value in record " + std::to_string(first + r + 1) +
                          " cannot identify a record: a float key must be a whole number of at "
                          "most 2^53 (store ids as integers or strings)",
                      path_, 0, name_);
        } else {
          append(static_cast<std::int64_t>(v));
        }
      }
    } else if (key_number_ == KeyNumber::kUnsigned) {
      std::vector<std::uint64_t> values(count);
      read_block(dataset_.get(), H5T_NATIVE_UINT64, values.data(), first, count, path_, name_);
      for (std::uint64_t r = 0; r < count; ++r) {
        if (flags_[r])
          append(values[r]);
        else
          out.append_null();
      }
    } else {
      std::vector<std::int64_t> values(count);
      read_block(dataset_.get(), H5T_NATIVE_INT64, values.data(), first, count, path_, name_);
      for (std::uint64_t r = 0; r < count; ++r) {
        if (flags_[r])
          append(values[r]);
        else
          out.append_null();
      }
    }
  }

  void read_variable_strings(std::uint64_t first, std::uint64_t count, Column& out) {
    H5Id mem(H5Tcopy(H5T_C_S1), H5Tclose);
    H5Tset_size(mem.get(), H5T_VARIABLE);
    H5Tset_cset(mem.get(), H5Tget_cset(file_type_.get()));
    std::vector<char*> values(count, nullptr);
    read_block(dataset_.get(), mem.get(), values.data(), first, count, path_, name_);
    const hsize_t n = count;
    H5Id space(H5Screate_simple(1, &n, nullptr), H5Sclose);
    try {
      for (std::uint64_t r = 0; r < count; ++r) {
        if (!flags_[r] || values[r] == nullptr)
          out.append_null();
        else
          append_checked(values[r], first + r, out);
      }
    } catch (...) {
      H5Dvlen_reclaim(mem.get(), space.get(), H5P_DEFAULT, values.data());
      throw;
    }
    H5Dvlen_reclaim(mem.get(), space.get(), H5P_DEFAULT, values.data());
  }

  const std::string& path_;
  const std::string& name_;
  H5Id dataset_;
  H5Id file_type_;
  H5Id validity_;
  ColumnType type_ = ColumnType::kString;
  enum class KeyNumber : std::uint8_t { kNone, kSigned, kUnsigned, kFloat };
  KeyNumber key_number_ = KeyNumber::kNone;  // a numeric dataset read as key strings
  std::vector<std::uint8_t> flags_;
};

}  // namespace

void write_hdf5_table(const std::string& path, const std::string& group, const Table& table,
                      const Hdf5WriteOptions& options) {
  detail::silence_hdf5_errors();
  const auto specs = detail::hdf5_column_specs(table, path);
  AtomicFile out(path);
  {
    const hid_t id = H5Fcreate(out.temp_path().c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    if (id < 0) detail::fail(ErrorCode::kIo, "cannot create HDF5 file", path);
    H5Id file(id, H5Fclose);
    detail::create_hdf5_table(file.get(), path, group, specs, table.num_rows(), options);
    detail::write_hdf5_rows(file.get(), path, group, table, specs, {});
    if (H5Fclose(file.release()) < 0) {
      dist::mark_finalize_unsafe();
      detail::fail(ErrorCode::kIo, "cannot close HDF5 file", path);
    }
  }
  out.commit();
}

std::uint64_t hdf5_table_rows(const std::string& path, const std::string& group) {
  H5Id file = open_file(path);
  H5Id table = open_table_group(file.get(), path, group);
  H5Id columns = open_columns_group(table.get(), path, group);
  return table_rows(table.get(), columns.get(), path);
}

std::vector<std::string> hdf5_table_columns(const std::string& path, const std::string& group) {
  H5Id file = open_file(path);
  H5Id table = open_table_group(file.get(), path, group);
  H5Id columns = open_columns_group(table.get(), path, group);
  return column_names(table.get(), columns.get());
}

Table read_hdf5_table(const std::string& path, const std::string& group,
                      const std::vector<std::string>& columns, std::uint64_t row_begin,
                      std::uint64_t row_end, const std::vector<std::string>& key_columns) {
  H5Id file = open_file(path);
  H5Id table = open_table_group(file.get(), path, group);
  H5Id column_group = open_columns_group(table.get(), path, group);
  const std::uint64_t rows = table_rows(table.get(), column_group.get(), path);
  if (row_begin > row_end || row_end > rows) {
    throw Error(ErrorCode::kInvalidInput,
                "row range [" + std::to_string(row_begin) + ", " + std::to_string(row_end) +
                    ") is outside the table's " + std::to_string(rows) + " rows",
                path, 0, group);
  }
  const std::vector<std::string> names =
      columns.empty() ? column_names(table.get(), column_group.get()) : columns;
  Table out;
  for (const std::string& name : names) {
    if (out.has_column(name)) {
      throw Error(ErrorCode::kInvalidSettings, "column requested twice", path, 0, name);
    }
    const bool as_key =
        std::find(key_columns.begin(), key_columns.end(), name) != key_columns.end();
    ColumnReader reader(table.get(), column_group.get(), path, name, rows, as_key);
    Column& column = out.add_column(name, reader.type());
    reader.read(row_begin, row_end, column);
  }
  return out;
}

Table read_hdf5_table(const std::string& path, const std::string& group,
                      const std::vector<std::string>& columns) {
  return read_hdf5_table(path, group, columns, 0, hdf5_table_rows(path, group));
}

}  // namespace xjslink::io
