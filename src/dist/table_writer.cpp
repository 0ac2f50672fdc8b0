// File: dist/table_writer.cpp
#include "dist/table_writer.hpp"

#include <hdf5.h>
#include <mpi.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <optional>

#include <omp.h>

#include "byte_buffer.hpp"
#include "dist/abort.hpp"
#include "dist/agree.hpp"
#include "dist/ordered_write.hpp"
#include "xjslink/error.hpp"
#include "xjslink/io/csv_writer.hpp"
#include "xjslink/progress/progress.hpp"

namespace xjslink::dist {
namespace {

// One chunk of rows, formatted for every output it goes to.
struct FormattedChunk {
  std::uint64_t begin = 0, end = 0;
  std::string csv;                  // its CSV text (no header)
  std::vector<ColumnBlock> blocks;  // one per column, for HDF5
  std::optional<Error> error;
  std::exception_ptr failure;
};

using io::detail::H5Id;

hid_t mem_type_of(ColumnBlock::Kind kind) {
  switch (kind) {
    case ColumnBlock::Kind::kDouble:
      return H5T_NATIVE_DOUBLE;
    case ColumnBlock::Kind::kInt8:
      return H5T_NATIVE_INT8;
    case ColumnBlock::Kind::kInt32:
      return H5T_NATIVE_INT32;
    case ColumnBlock::Kind::kInt64:
      return H5T_NATIVE_INT64;
    case ColumnBlock::Kind::kFixedStrings:
      return H5T_NATIVE_CHAR;  // replaced by the column's fixed-string type
  }
  return H5T_NATIVE_DOUBLE;
}

// The HDF5 file, opened once (MPI-IO with several ranks) and written per chunk.
class Hdf5File {
 public:
  Hdf5File(const Comm& comm, const std::string& path, const std::string& group,
           const std::vector<io::detail::Hdf5ColumnSpec>& specs, std::uint64_t total_rows)
      : path_(path), temp_(path + ".tmp"), group_(group) {
    io::detail::silence_hdf5_errors();
    H5Id fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
    if (comm.size() > 1) {
      H5Pset_fapl_mpio(fapl.get(), reinterpret_cast<MPI_Comm>(comm.native_handle()), MPI_INFO_NULL);
      H5Pset_all_coll_metadata_ops(fapl.get(), true);
      H5Pset_coll_metadata_write(fapl.get(), true);
      xfer_ = H5Id(H5Pcreate(H5P_DATASET_XFER), H5Pclose);
      H5Pset_dxpl_mpio(xfer_.get(), H5FD_MPIO_COLLECTIVE);
    }
    const hid_t id = H5Fcreate(temp_.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl.get());
    if (id < 0) throw Error(ErrorCode::kIo, "cannot create HDF5 file", path_);
    file_ = H5Id(id, H5Fclose);
    // Outputs are written once and read many times, but mostly by their row ranges and
    // columns: no compression, so writing costs only the bytes.
    io::Hdf5WriteOptions options;
    options.deflate_level = 0;
    try {
      io::detail::create_hdf5_table(file_.get(), path_, group_, specs, total_rows, options);
    } catch (const Error& e) {
      if (comm.size() > 1) fail_parallel(e);
      discard_locally();
      throw;
    }
  }
  ~Hdf5File() {
    if (file_.valid()) discard_locally();
  }
  Hdf5File(const Hdf5File&) = delete;
  Hdf5File& operator=(const Hdf5File&) = delete;

  void write(const io::detail::Hdf5ColumnSpec& spec, const ColumnBlock& block, std::uint64_t first,
             std::uint64_t count) {
    io::detail::write_hdf5_column_block(file_.get(), path_, group_, spec, mem_type_of(block.kind),
                                        block.bytes.data(),
                                        block.valid.empty() ? nullptr : block.valid.data(), first,
                                        count, xfer_.valid() ? xfer_.get() : H5P_DEFAULT);
  }

  // Collective. Closes the file, which flushes HDF5's metadata; with `discard` (this rank
  // failed already) empties it first, so that the close has room for that flush.
  void close(const Comm& comm, bool discard) {
    if (comm.allreduce<std::int32_t>(discard ? 1 : 0, Op::kMax) != 0) {
      this->discard(comm);
      return;
    }
    if (H5Fclose(file_.release()) < 0) {
      const std::string text = io::detail::hdf5_error_text();
      mark_finalize_unsafe();
      const Error e(ErrorCode::kIo,
                    "cannot close HDF5 file" + (text.empty() ? "" : " (HDF5: " + text + ")"),
                    path_);
      if (comm.size() > 1) fail_parallel(e);
      throw e;
    }
  }
  const std::string& temp_path() const { return temp_; }

 private:
  // Collective: every rank closes an emptied file.
  void discard(const Comm& comm) {
    if (comm.is_root()) empty_temp_file();
    comm.barrier();
    if (H5Fclose(file_.release()) < 0) mark_finalize_unsafe();
  }
  // With several ranks, HDF5's metadata operations are collective: once one rank has failed
  // in one (a full disk), the others wait in it for ever. The job cannot go on together, so
  // this rank reports the error, removes the temporary file and ends every rank (status 1).
  [[noreturn]] void fail_parallel(const Error& e) const {
    std::fprintf(stderr, "%s\n", e.what());
    std::error_code ec;
    std::filesystem::remove(temp_, ec);
    abort_all(1);
  }
  // Only this rank (unwinding from an error, the file not closed collectively).
  void discard_locally() {
    empty_temp_file();
    if (H5Fclose(file_.release()) < 0) mark_finalize_unsafe();
  }
  void empty_temp_file() const {
    // Freeing the space of the rows lets the close write HDF5's few metadata blocks.
    if (::truncate(temp_.c_str(), 0) != 0) {
      // Nothing more to do: the close may fail, and the temporary file is removed anyway.
    }
  }

  std::string path_, temp_, group_;
  H5Id file_;
  H5Id xfer_;
};

}  // namespace

void append_csv_number(std::string& out, double value) {
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof(buf), value);
  out.append(buf, r.ptr);
}

void TableRows::append_csv(std::uint64_t begin, std::uint64_t end, std::string& out) const {
  for (std::uint64_t row = begin; row < end; ++row) {
    for (std::size_t c = 0; c < table_.num_columns(); ++c) {
      if (c > 0) out.push_back(',');
      const Column& col = table_.column(c);
      if (col.is_null(row)) continue;
      switch (col.type()) {
        case ColumnType::kString:
          io::append_csv_field(out, col.string_at(row));
          break;
        case ColumnType::kNumber:
          append_csv_number(out, col.number_at(row));
          break;
        case ColumnType::kDate:
          out += std::to_string(col.date_at(row));
          break;
      }
    }
    out.push_back('\n');
  }
}

void TableRows::column_block(std::size_t column, const io::detail::Hdf5ColumnSpec& spec,
                             std::uint64_t begin, std::uint64_t end, ColumnBlock& out) const {
  const Column& col = table_.column(column);
  const std::uint64_t n = end - begin;
  out.valid.resize(n);
  for (std::uint64_t i = 0; i < n; ++i)
    out.valid[i] = col.is_null(begin + i) ? 0 : 1;
  switch (col.type()) {
    case ColumnType::kString: {
      out.kind = ColumnBlock::Kind::kFixedStrings;
      out.bytes.assign(n * spec.string_width, '\0');
      for (std::uint64_t i = 0; i < n; ++i) {
        const std::string_view v = col.string_at(begin + i);
        XJS_CHECK(v.size() <= spec.string_width, "string longer than its HDF5 column width");
        copy_bytes(out.bytes.data() + i * spec.string_width, v.data(), v.size());
      }
      break;
    }
    case ColumnType::kDate:
      out.kind = ColumnBlock::Kind::kInt32;
      out.bytes.resize(n * sizeof(std::int32_t));
      copy_bytes(out.bytes.data(), col.days().data() + begin, n * sizeof(std::int32_t));
      break;
    case ColumnType::kNumber: {
      out.kind = ColumnBlock::Kind::kDouble;
      out.bytes.resize(n * sizeof(double));
      auto* d = reinterpret_cast<double*>(out.bytes.data());
      for (std::uint64_t i = 0; i < n; ++i) {
        d[i] = out.valid[i] ? col.number_at(begin + i)
               : spec.storage == io::detail::NumberStorage::kFloat64
                   ? std::numeric_limits<double>::quiet_NaN()
                   : 0.0;
      }
      break;
    }
  }
}

void write_table(const Comm& comm, const TableFile& file,
                 const std::vector<io::detail::Hdf5ColumnSpec>& specs, const TableSource& source) {
  const std::string base = (std::filesystem::path(file.dir) / file.name).string();
  const std::uint64_t local_rows = source.rows();
  const std::uint64_t total = comm.allreduce(local_rows, Op::kSum);
  const std::uint64_t offset = comm.exscan_sum(local_rows);
  const std::uint64_t chunks =
      comm.allreduce((local_rows + kOutputChunkRows - 1) / kOutputChunkRows, Op::kMax);
  const std::string part = base + ".csv.part" + std::to_string(comm.rank());
  std::optional<Error> error;
  std::FILE* csv = nullptr;
  if (file.csv) {
    csv = std::fopen(part.c_str(), "wb");
    if (csv == nullptr) error = Error(ErrorCode::kIo, "cannot create file", part);
  }
  raise_if_any(comm, error);
  std::optional<Hdf5File> h5;
  if (file.hdf5) {
    try {
      h5.emplace(comm, base + ".h5", file.name, specs, total);
    } catch (const Error& e) {
      error = e;
    }
    if (error) {
      std::error_code ec;
      if (comm.is_root()) std::filesystem::remove(base + ".h5.tmp", ec);
      if (csv != nullptr) std::fclose(csv);
      std::filesystem::remove(part, ec);
    }
    raise_if_any(comm, error);
  }
  if (csv != nullptr && comm.is_root()) {
    std::string header;
    for (std::size_t c = 0; c < specs.size(); ++c) {
      if (c > 0) header.push_back(',');
      io::append_csv_field(header, specs[c].name);
    }
    header.push_back('\n');
    if (std::fwrite(header.data(), 1, header.size(), csv) != header.size()) {
      error = Error(ErrorCode::kIo, "write failed", part);
    }
  }
  // Chunks are formatted a group at a time, one per thread, then written in order by this
  // thread (the HDF5 writes are collective): the bytes do not depend on the thread count.
  const auto group = static_cast<std::uint64_t>(std::max(1, omp_get_max_threads()));
  std::vector<FormattedChunk> formatted(group);
  for (FormattedChunk& f : formatted)
    f.blocks.resize(h5 ? specs.size() : 0);
  // Rank 0's own rows: ranks hold about equal shares of an output.
  ProgressReporter progress("writing " + file.name, local_rows, "rows", comm.is_root());
  for (std::uint64_t first = 0; first < chunks; first += group) {
    const std::uint64_t last = std::min(chunks, first + group);
    const bool failed_before = error.has_value();
#pragma omp parallel for schedule(static, 1)
    for (std::uint64_t k = first; k < last; ++k) {
      FormattedChunk& f = formatted[k - first];
      f.begin = std::min(local_rows, k * kOutputChunkRows);
      f.end = std::min(local_rows, f.begin + kOutputChunkRows);
      f.csv.clear();
      f.error.reset();
      f.failure = nullptr;
      if (failed_before || f.end == f.begin) continue;
      try {
        if (csv != nullptr) source.append_csv(f.begin, f.end, f.csv);
        for (std::size_t c = 0; c < f.blocks.size(); ++c) {
          f.blocks[c].bytes.clear();
          f.blocks[c].valid.clear();
          source.column_block(c, specs[c], f.begin, f.end, f.blocks[c]);
        }
      } catch (const Error& e) {
        f.error = e;
      } catch (...) {
        f.failure = std::current_exception();  // not a user error: rethrown below
      }
    }
    for (std::uint64_t k = first; k < last; ++k) {
      const FormattedChunk& f = formatted[k - first];
      if (f.failure) std::rethrow_exception(f.failure);
      if (f.error && !error) error = f.error;
      if (csv != nullptr && !error &&
          std::fwrite(f.csv.data(), 1, f.csv.size(), csv) != f.csv.size()) {
        error = Error(ErrorCode::kIo, "write failed", part);
      }
      // Every rank takes part in every chunk's collective HDF5 writes, with or without rows.
      if (h5) {
        for (std::size_t c = 0; c < specs.size(); ++c) {
          try {
            h5->write(specs[c], f.blocks[c], offset + f.begin, error ? 0 : f.end - f.begin);
          } catch (const Error& e) {
            if (!error) error = e;
          }
        }
      }
      progress.add(f.end - f.begin);
    }
  }
  progress.finish();
  if (csv != nullptr) {
    if (std::fclose(csv) != 0 && !error) error = Error(ErrorCode::kIo, "close failed", part);
  }
  if (h5) {
    try {
      h5->close(comm, error.has_value());
    } catch (const Error& e) {
      if (!error) error = e;
    }
  }
  const bool failed = comm.allreduce<std::int32_t>(error ? 1 : 0, Op::kMax) != 0;
  if (failed) {
    std::error_code ec;
    std::filesystem::remove(part, ec);
    if (h5 && comm.is_root()) std::filesystem::remove(h5->temp_path(), ec);
  }
  raise_if_any(comm, error);
  if (file.csv) concatenate_parts(comm, part, base + ".csv");
  if (h5) {
    comm.barrier();
    if (comm.is_root() && std::rename(h5->temp_path().c_str(), (base + ".h5").c_str()) != 0) {
      error = Error(ErrorCode::kIo, "cannot rename temporary file into place", base + ".h5");
    }
    raise_if_any(comm, error);
  }
}

}  // namespace xjslink::dist
