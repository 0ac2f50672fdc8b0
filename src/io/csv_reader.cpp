// File: io/csv_reader.cpp
// One record parser serves the header, whole-file reads and byte-range parts, so that every part
// splits records exactly where a whole-file read does. Record-start alignment of a part uses the
// quote parity before its range (as in Ge et al., "Speculative Distributed CSV Data Parsing for
// Big Data Analytics", SIGMOD 2019, without the speculation: the parity is computed exactly).
#include "xjslink/io/csv_reader.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <unordered_map>
#include <unordered_set>

#include "io/mapped_file_internal.hpp"
#include "xjslink/progress/progress.hpp"

namespace xjslink::io {

namespace {

using detail::MappedFile;

enum ByteClass : std::uint8_t { kPlain = 0, kDelimiter, kLineFeed, kQuote, kCarriageReturn };

constexpr std::size_t kReleaseEveryBytes = std::size_t{32} << 20;
constexpr std::size_t kEstimateAfterBytes = std::size_t{1} << 20;
// Progress gains bytes in steps this large: one atomic add per step, not per record.
constexpr std::size_t kProgressEveryBytes = std::size_t{4} << 20;

// Where a field lies in the file. For a quoted field [begin, end) excludes the quotes.
struct FieldRef {
  std::uint64_t begin = 0;
  std::uint64_t end = 0;
  bool doubled_quotes = false;  // quoted and contains "" (needs unescaping)
};

enum class RecordStatus : std::uint8_t { kRecord, kBlank, kError };

struct RecordResult {
  RecordStatus status = RecordStatus::kRecord;
  std::size_t next = 0;          // offset after the record's terminator
  std::uint64_t line_feeds = 0;  // every LF in the record, quoted or not, and its terminator
  std::size_t num_fields = 0;
  std::size_t error_field = 0;  // for kError: index of the offending field
  const char* error_message = nullptr;
};

// The byte-level grammar. Stateless between records, so any record start is a valid entry.
class RecordParser {
 public:
  RecordParser(const MappedFile& file, const CsvReadOptions& options)
      : data_(file.data()),
        size_(file.size()),
        quoting_(options.quoting),
        trim_(options.trim_whitespace) {
    classes_.fill(kPlain);
    classes_[static_cast<unsigned char>(options.delimiter)] = kDelimiter;
    classes_['\n'] = kLineFeed;
    classes_['\r'] = kCarriageReturn;
    if (quoting_) classes_['"'] = kQuote;
    delimiter_word_ = kOnes * static_cast<unsigned char>(options.delimiter);
    // Without quoting, quotes are plain: search for a second delimiter instead.
    quote_word_ = quoting_ ? kOnes * '"' : delimiter_word_;
    blank_.fill(false);
    blank_[' '] = blank_['\t'] = true;
    blank_[static_cast<unsigned char>(options.delimiter)] = false;
  }

  // Parses the record starting at pos (< size) and calls on_field(index, FieldRef) per field.
  template <typename OnField>
  RecordResult parse(std::size_t pos, OnField&& on_field) const {
    RecordResult r;
    bool blank_candidate = true;  // one unquoted field with no content
    std::size_t p = pos;
    for (;;) {
      std::size_t q = p;
      while (q < size_ && blank_[uc(q)])
        ++q;
      FieldRef field;
      Terminator term;
      if (quoting_ && q < size_ && data_[q] == '"') {
        field.begin = q + 1;
        std::size_t scan = q + 1;
        for (;;) {
          const void* hit = std::memchr(data_ + scan, '"', size_ - scan);
          if (hit == nullptr) {
            return fail(r, "quoted field is not closed before the end of the file");
          }
          const std::size_t h = static_cast<std::size_t>(static_cast<const char*>(hit) - data_);
          r.line_feeds += count_line_feeds(scan, h);
          if (h + 1 < size_ && data_[h + 1] == '"') {
            field.doubled_quotes = true;
            scan = h + 2;
            continue;
          }
          field.end = h;
          p = h + 1;
          break;
        }
        while (p < size_ && blank_[uc(p)])
          ++p;
        term = terminator_at(p);
        if (term == Terminator::kNone) {
          return fail(r, "unexpected character after a closing quote");
        }
        blank_candidate = false;
      } else {
        const std::size_t begin = trim_ ? q : p;
        std::size_t e = begin;
        for (;;) {
          e = skip_plain(e);
          if (e >= size_) break;
          const std::uint8_t c = classes_[uc(e)];
          if (c == kQuote) {
            return fail(r,
                        "quote inside an unquoted field (quote the whole field and double "
                        "its quotes, or read with quoting off)");
          }
          if (c == kCarriageReturn && e + 1 < size_ && data_[e + 1] != '\n') {
            ++e;  // a lone CR inside a field is data
            continue;
          }
          break;
        }
        p = e;
        term = terminator_at(p);
        std::size_t end = e;
        if (trim_) {
          while (end > begin && blank_[uc(end - 1)])
            --end;
        }
        field.begin = begin;
        field.end = end;
        if (end > begin) blank_candidate = false;
      }
      on_field(r.num_fields, field);
      ++r.num_fields;
      switch (term) {
        case Terminator::kDelimiter:
          p += 1;
          break;
        case Terminator::kLineFeed:
          p += 1;
          ++r.line_feeds;
          break;
        case Terminator::kCrLf:
          p += 2;
          ++r.line_feeds;
          break;
        case Terminator::kCrEnd:
          p += 1;
          break;
        case Terminator::kEnd:
        case Terminator::kNone:
          break;
      }
      if (term != Terminator::kDelimiter) {
        r.next = p;
        if (r.num_fields == 1 && blank_candidate) r.status = RecordStatus::kBlank;
        return r;
      }
    }
  }

 private:
  enum class Terminator : std::uint8_t { kNone, kDelimiter, kLineFeed, kCrLf, kCrEnd, kEnd };

  unsigned char uc(std::size_t i) const { return static_cast<unsigned char>(data_[i]); }

  // First offset >= e holding a byte of a class other than kPlain, or size_. Eight bytes at a
  // time (SWAR): a byte of w ^ broadcast(c) is zero exactly where w has c, and the lowest set
  // bit of the classic has-zero-byte expression is exact (borrows only run upwards).
  std::size_t skip_plain(std::size_t e) const {
    while (e + 8 <= size_) {
      std::uint64_t w;
      std::memcpy(&w, data_ + e, 8);
      const std::uint64_t hits = zero_bytes(w ^ delimiter_word_) | zero_bytes(w ^ kLineFeeds) |
                                 zero_bytes(w ^ quote_word_) | zero_bytes(w ^ kReturns);
      if (hits != 0) return e + static_cast<std::size_t>(std::countr_zero(hits) >> 3);
      e += 8;
    }
    while (e < size_ && classes_[uc(e)] == kPlain)
      ++e;
    return e;
  }

  static constexpr std::uint64_t kOnes = 0x0101010101010101ull;
  static constexpr std::uint64_t kHighs = 0x8080808080808080ull;
  static constexpr std::uint64_t kLineFeeds = kOnes * '\n';
  static constexpr std::uint64_t kReturns = kOnes * '\r';
  static std::uint64_t zero_bytes(std::uint64_t x) { return (x - kOnes) & ~x & kHighs; }

  Terminator terminator_at(std::size_t p) const {
    if (p >= size_) return Terminator::kEnd;
    switch (classes_[uc(p)]) {
      case kDelimiter:
        return Terminator::kDelimiter;
      case kLineFeed:
        return Terminator::kLineFeed;
      case kCarriageReturn:
        if (p + 1 >= size_) return Terminator::kCrEnd;
        if (data_[p + 1] == '\n') return Terminator::kCrLf;
        return Terminator::kNone;
      default:
        return Terminator::kNone;
    }
  }

  std::uint64_t count_line_feeds(std::size_t begin, std::size_t end) const {
    return static_cast<std::uint64_t>(std::count(data_ + begin, data_ + end, '\n'));
  }

  static RecordResult& fail(RecordResult& r, const char* message) {
    r.status = RecordStatus::kError;
    r.error_field = r.num_fields;
    r.error_message = message;
    return r;
  }

  const char* data_;
  std::size_t size_;
  bool quoting_;
  bool trim_;
  std::array<std::uint8_t, 256> classes_{};
  std::array<bool, 256> blank_{};
  std::uint64_t delimiter_word_ = 0;
  std::uint64_t quote_word_ = 0;
};

void check_options(const std::string& path, const CsvReadOptions& options) {
  const char d = options.delimiter;
  if (d == '\n' || d == '\r' || (d == '"' && options.quoting)) {
    throw Error(ErrorCode::kInvalidSettings, "the delimiter cannot be a quote, CR or LF", path, 0,
                "delimiter");
  }
}

// Decodes a field's bytes (unescaping doubled quotes) into out, replacing its contents.
void decode_field(const char* data, const FieldRef& f, Encoding encoding, std::string& out) {
  out.clear();
  std::string_view raw(data + f.begin, f.end - f.begin);
  if (!f.doubled_quotes) {
    append_as_utf8(out, raw, encoding);
    return;
  }
  std::string unescaped;
  unescaped.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    unescaped.push_back(raw[i]);
    if (raw[i] == '"') ++i;  // the parser guarantees quotes come in pairs here
  }
  append_as_utf8(out, unescaped, encoding);
}

// Byte offset of the first invalid UTF-8 sequence in the field, or nullopt. Doubled quotes
// are ASCII, so the raw bytes are validated and the offset is a true file offset.
std::optional<std::uint64_t> invalid_utf8_offset(const char* data, const FieldRef& f) {
  std::string_view raw(data + f.begin, f.end - f.begin);
  if (is_ascii(raw)) return std::nullopt;
  if (auto bad = find_invalid_utf8(raw)) return f.begin + *bad;
  return std::nullopt;
}

struct Header {
  std::vector<std::string> names;
  std::size_t data_begin = 0;      // offset of the first byte after the header record
  std::uint64_t header_lines = 0;  // LFs before data_begin (leading blank lines included)
};

// A CR inside a header field means the lines end in CR alone (classic Mac): the whole file
// then reads as one header line, and the column checks would give a confusing message.
void check_header_line_endings(const MappedFile& file, const std::vector<FieldRef>& fields,
                               const std::string& path, std::uint64_t line) {
  for (const FieldRef& f : fields) {
    if (std::memchr(file.data() + f.begin, '\r', f.end - f.begin) != nullptr) {
      throw Error(ErrorCode::kInvalidInput,
                  "the header contains a carriage return (CR): the file uses CR-only line "
                  "endings; convert them to LF or CRLF",
                  path, line);
    }
  }
}

Header parse_header(const MappedFile& file, const std::string& path,
                    const CsvReadOptions& options) {
  check_options(path, options);
  const RecordParser parser(file, options);
  Header h;
  std::size_t pos = 0;
  if (options.encoding == Encoding::kUtf8 && file.size() >= 3 &&
      std::memcmp(file.data(), "\xEF\xBB\xBF", 3) == 0) {
    pos = 3;
  }
  std::vector<FieldRef> fields;
  for (;;) {
    if (pos >= file.size()) {
      throw Error(ErrorCode::kInvalidInput, "the file is empty: no header line", path);
    }
    fields.clear();
    const RecordResult r =
        parser.parse(pos, [&](std::size_t, const FieldRef& f) { fields.push_back(f); });
    if (r.status == RecordStatus::kError) {
      throw Error(ErrorCode::kInvalidInput, std::string("header: ") + r.error_message, path,
                  h.header_lines + 1);
    }
    const std::uint64_t line = h.header_lines + 1;
    h.header_lines += r.line_feeds;
    pos = r.next;
    if (r.status == RecordStatus::kBlank) continue;
    check_header_line_endings(file, fields, path, line);
    std::string name;
    std::unordered_set<std::string> seen;
    for (std::size_t i = 0; i < fields.size(); ++i) {
      const FieldRef& f = fields[i];
      if (options.encoding == Encoding::kUtf8) {
        if (auto bad = invalid_utf8_offset(file.data(), f)) {
          throw Error(ErrorCode::kInvalidInput,
                      "invalid UTF-8 in the header at byte offset " + std::to_string(*bad), path,
                      line);
        }
      }
      decode_field(file.data(), f, options.encoding, name);
      if (name.empty()) {
        throw Error(ErrorCode::kInvalidInput,
                    "header: column " + std::to_string(i + 1) + " has an empty name", path, line);
      }
      // A set, not a scan of the names so far: a header of a million columns stays linear.
      if (!seen.insert(name).second) {
        throw Error(ErrorCode::kInvalidInput, "duplicate column name in header", path, line, name);
      }
      h.names.push_back(name);
    }
    h.data_begin = pos;
    return h;
  }
}

// For each header field, the index of the table column it fills, or -1 (skipped).
std::vector<int> select_columns(const Header& header, const std::string& path,
                                const CsvReadOptions& options, std::vector<std::string>& out) {
  std::vector<int> slot(header.names.size(), -1);
  if (options.columns.empty()) {
    for (std::size_t i = 0; i < slot.size(); ++i)
      slot[i] = static_cast<int>(i);
    out = header.names;
    return slot;
  }
  std::unordered_map<std::string_view, std::size_t> index;
  for (std::size_t i = 0; i < header.names.size(); ++i)
    index.emplace(header.names[i], i);
  for (std::size_t k = 0; k < options.columns.size(); ++k) {
    const std::string& want = options.columns[k];
    auto it = index.find(want);
    if (it == index.end()) {
      throw Error(ErrorCode::kInvalidInput, "column not found in header", path, 1, want);
    }
    if (slot[it->second] >= 0) {
      throw Error(ErrorCode::kInvalidSettings, "column requested twice", path, 0, want);
    }
    slot[it->second] = static_cast<int>(k);
  }
  out = options.columns;
  return slot;
}

// Parses records whose first byte lies in [start, stop) into the part.
class PartReader {
 public:
  PartReader(MappedFile& file, const std::string& path, const CsvReadOptions& options,
             const Header& header)
      : file_(file), path_(path), options_(options), header_(header), parser_(file, options) {}

  void read(std::size_t start, std::size_t stop, std::uint64_t lines_before, CsvPart& part) {
    std::vector<std::string> names;
    slot_ = select_columns(header_, path_, options_, names);
    for (auto& name : names)
      part.data.table.add_column(std::move(name), ColumnType::kString);
    part.data.header = header_.names;
    refs_.assign(part.data.table.num_columns(), FieldRef{});

    std::uint64_t lines = lines_before;
    std::size_t pos = start;
    std::size_t released = start;
    std::size_t reported = start;
    bool estimated = false;
    const std::size_t expected = header_.names.size();
    while (pos < stop && pos < file_.size()) {
      const RecordResult r = parser_.parse(pos, [this](std::size_t index, const FieldRef& f) {
        if (index < slot_.size() && slot_[index] >= 0) {
          refs_[static_cast<std::size_t>(slot_[index])] = f;
        }
      });
      const std::uint64_t line = lines + 1;
      if (r.status == RecordStatus::kError) {
        part.error = Error(ErrorCode::kInvalidInput, r.error_message, path_, line,
                           field_name(r.error_field));
        return;
      }
      if (r.status == RecordStatus::kRecord) {
        if (r.num_fields != expected) {
          part.error = Error(ErrorCode::kInvalidInput,
                             "expected " + std::to_string(expected) + " fields, found " +
                                 std::to_string(r.num_fields),
                             path_, line);
          return;
        }
        const bool ascii = is_ascii({file_.data() + pos, r.next - pos});
        if (auto error = append_record(part.data.table, line, ascii)) {
          part.error = std::move(error);
          return;
        }
        part.data.record_lines.push_back(line);
      }
      lines += r.line_feeds;
      pos = r.next;
      if (!estimated && pos - start >= kEstimateAfterBytes) {
        reserve_estimate(part, pos - start, std::min(stop, file_.size()) - start);
        estimated = true;
      }
      if (pos - released >= kReleaseEveryBytes) {
        file_.release_before(pos);
        released = pos;
      }
      if (options_.progress != nullptr && pos - reported >= kProgressEveryBytes) {
        options_.progress->add(pos - reported);
        reported = pos;
      }
    }
    if (options_.progress != nullptr && pos > reported) options_.progress->add(pos - reported);
    part.num_lines = lines;
  }

 private:
  std::string field_name(std::size_t index) const {
    return index < header_.names.size() ? header_.names[index] : std::string();
  }

  // Validates every selected field of the record before appending any, so that on error the
  // table holds whole records only.
  std::optional<Error> append_record(Table& table, std::uint64_t line, bool ascii) {
    const char* data = file_.data();
    if (!ascii && options_.encoding == Encoding::kUtf8) {
      for (std::size_t k = 0; k < refs_.size(); ++k) {
        if (auto bad = invalid_utf8_offset(data, refs_[k])) {
          return Error(ErrorCode::kInvalidInput,
                       "invalid UTF-8 at byte offset " + std::to_string(*bad), path_, line,
                       table.column(k).name());
        }
      }
    }
    for (std::size_t k = 0; k < refs_.size(); ++k) {
      const FieldRef& f = refs_[k];
      Column& column = table.column(k);
      if (f.end == f.begin) {
        column.append_null();
        continue;
      }
      const std::string_view raw(data + f.begin, f.end - f.begin);
      if (!f.doubled_quotes && (ascii || options_.encoding == Encoding::kUtf8 || is_ascii(raw))) {
        column.append_string(raw);
      } else {
        decode_field(data, f, options_.encoding, scratch_);
        column.append_string(scratch_);
      }
    }
    return std::nullopt;
  }

  // Reserves for the whole part from what the first megabyte held, so that columns grow once
  // to about their final size instead of doubling (which can leave half the capacity unused).
  void reserve_estimate(CsvPart& part, std::size_t consumed, std::size_t total) {
    const double scale = static_cast<double>(total) / static_cast<double>(consumed) * 1.05;
    const auto rows =
        static_cast<std::size_t>(static_cast<double>(part.data.record_lines.size()) * scale + 16.0);
    part.data.record_lines.reserve(rows);
    for (std::size_t k = 0; k < part.data.table.num_columns(); ++k) {
      Column& column = part.data.table.column(k);
      const auto bytes =
          static_cast<std::size_t>(static_cast<double>(column.chars().size()) * scale + 64.0);
      column.reserve(rows, bytes);
    }
  }

  MappedFile& file_;
  const std::string& path_;
  const CsvReadOptions& options_;
  const Header& header_;
  RecordParser parser_;
  std::vector<int> slot_;
  std::vector<FieldRef> refs_;
  std::string scratch_;
};

std::uint64_t count_quotes(const char* data, std::size_t n) {
  // SWAR: a byte of w ^ 0x22.. is zero exactly where the byte is '"'.
  constexpr std::uint64_t kOnes = 0x0101010101010101ull;
  constexpr std::uint64_t kLow7 = 0x7F7F7F7F7F7F7F7Full;
  std::uint64_t count = 0;
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    std::uint64_t w;
    std::memcpy(&w, data + i, 8);
    const std::uint64_t x = w ^ (kOnes * '"');
    const std::uint64_t nonzero = ((x & kLow7) + kLow7) | x;
    count += static_cast<std::uint64_t>(std::popcount(~nonzero & (kOnes << 7)));
  }
  for (; i < n; ++i)
    count += data[i] == '"' ? 1 : 0;
  return count;
}

// First record start at or after `from` (> data_begin), given whether `from` is inside quotes.
std::size_t align_to_record_start(const MappedFile& file, std::size_t from, bool quoting,
                                  bool inside_quotes) {
  const char* data = file.data();
  if (!inside_quotes && data[from - 1] == '\n') return from;
  bool inside = inside_quotes;
  for (std::size_t i = from; i < file.size(); ++i) {
    if (data[i] == '"' && quoting) {
      inside = !inside;
    } else if (data[i] == '\n' && !inside) {
      return i + 1;
    }
  }
  return file.size();
}

CsvPart read_part(MappedFile& file, const std::string& path, const CsvReadOptions& options,
                  int part, int num_parts, std::uint64_t quotes_before) {
  const Header header = parse_header(file, path, options);
  const ByteRange range = csv_part_range(file.size(), part, num_parts);
  std::size_t start = header.data_begin;
  std::uint64_t lines_before = 0;
  if (part == 0) {
    lines_before = header.header_lines;
  } else if (range.begin > header.data_begin) {
    const bool inside = options.quoting && (quotes_before & 1u) != 0;
    start = align_to_record_start(file, range.begin, options.quoting, inside);
  }
  CsvPart out;
  PartReader reader(file, path, options, header);
  reader.read(start, range.end, lines_before, out);
  return out;
}

}  // namespace

ByteRange csv_part_range(std::uint64_t file_size, int part, int num_parts) {
  XJS_CHECK(num_parts > 0 && part >= 0 && part < num_parts, "bad CSV part index");
  const auto at = [&](int k) {
    return static_cast<std::uint64_t>(static_cast<unsigned __int128>(file_size) *
                                      static_cast<unsigned>(k) / static_cast<unsigned>(num_parts));
  };
  return {at(part), at(part + 1)};
}

std::uint64_t count_csv_quotes(const std::string& path, int part, int num_parts) {
  const MappedFile file(path);
  const ByteRange range = csv_part_range(file.size(), part, num_parts);
  return count_quotes(file.data() + range.begin, range.end - range.begin);
}

CsvPart read_csv_part(const std::string& path, const CsvReadOptions& options, int part,
                      int num_parts, std::uint64_t quotes_before) {
  MappedFile file(path);
  return read_part(file, path, options, part, num_parts, quotes_before);
}

CsvPart read_csv_part(const std::string& path, const CsvReadOptions& options, int part,
                      int num_parts) {
  MappedFile file(path);
  const ByteRange range = csv_part_range(file.size(), part, num_parts);
  return read_part(file, path, options, part, num_parts, count_quotes(file.data(), range.begin));
}

CsvTable read_csv(const std::string& path, const CsvReadOptions& options) {
  MappedFile file(path);
  CsvPart part = read_part(file, path, options, 0, 1, 0);
  if (part.error) throw *part.error;
  return std::move(part.data);
}

std::vector<std::string> read_csv_header(const std::string& path, const CsvReadOptions& options) {
  const MappedFile file(path);
  return parse_header(file, path, options).names;
}

}  // namespace xjslink::io
