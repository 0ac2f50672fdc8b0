// File: io/csv_reader_test.cpp
// The CSV reader on hand-made edge cases, on random files whose true contents are known (the
// generator is the reference), on every split into 1..7 parts, and on the shared FEBRL files.
#include "xjslink/io/csv_reader.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <random>

#include "io/io_test_util.hpp"

namespace xjslink::io {
namespace {

using xjslink::testing::column_values;
using xjslink::testing::TempDir;
using Values = std::vector<std::optional<std::string>>;

Values col(const CsvTable& t, const std::string& name) {
  return column_values(t.table.column(std::string_view(name)));
}

Error read_error(const std::string& path, const CsvReadOptions& options = {}) {
  try {
    read_csv(path, options);
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "expected an error reading " << path;
  return Error(ErrorCode::kInternal, "none");
}

TEST(CsvReader, ReadsHeaderAndStringColumns) {
  TempDir dir;
  const auto path = dir.write("a.csv", "id,name,dob\n1,ann,2001-02-03\n2,bob,1999-12-31\n");
  const CsvTable t = read_csv(path, {});
  EXPECT_EQ(t.header, (std::vector<std::string>{"id", "name", "dob"}));
  ASSERT_EQ(t.table.num_rows(), 2u);
  EXPECT_EQ(t.table.column(0).type(), ColumnType::kString);
  EXPECT_EQ(col(t, "name"), (Values{"ann", "bob"}));
  EXPECT_EQ(col(t, "dob"), (Values{"2001-02-03", "1999-12-31"}));
  EXPECT_EQ(t.record_lines, (std::vector<std::uint64_t>{2, 3}));
}

TEST(CsvReader, QuotedFieldsKeepDelimitersQuotesAndNewlines) {
  TempDir dir;
  const auto path = dir.write(
      "q.csv",
      "a,b\n\"x,y\",\"say \"\"hi\"\"\"\n\"multi\nline\r\ntext\",plain\n\"\",\"\"\"\"\nz,w\n");
  const CsvTable t = read_csv(path, {});
  EXPECT_EQ(col(t, "a"), (Values{"x,y", "multi\nline\r\ntext", std::nullopt, "z"}));
  EXPECT_EQ(col(t, "b"), (Values{"say \"hi\"", "plain", "\"", "w"}));
  // The quoted value spans lines 3-5, so the next record starts on line 6.
  EXPECT_EQ(t.record_lines, (std::vector<std::uint64_t>{2, 3, 6, 7}));
}

TEST(CsvReader, HandlesCrLfBomAndMissingFinalNewline) {
  TempDir dir;
  const auto path = dir.write("c.csv", "\xEF\xBB\xBFid,name\r\n1,ann\r\n2,bob");
  const CsvTable t = read_csv(path, {});
  EXPECT_EQ(t.header, (std::vector<std::string>{"id", "name"}));
  EXPECT_EQ(col(t, "id"), (Values{"1", "2"}));
  EXPECT_EQ(col(t, "name"), (Values{"ann", "bob"}));
  EXPECT_EQ(t.record_lines, (std::vector<std::uint64_t>{2, 3}));
}

TEST(CsvReader, TrimsFebrlCommaSpaceSeparators) {
  TempDir dir;
  const auto path = dir.write("f.csv",
                              "rec_id, given_name, surname, postcode\n"
                              "rec-1-org, , waller, 4011\n"
                              "rec-2-dup-0,  elie, reid , 0800\n"
                              "rec-3-org,\tzac\t, \" spaced \" , 2000\n");
  const CsvTable t = read_csv(path, {});
  EXPECT_EQ(t.header, (std::vector<std::string>{"rec_id", "given_name", "surname", "postcode"}));
  EXPECT_EQ(col(t, "given_name"), (Values{std::nullopt, "elie", "zac"}));
  EXPECT_EQ(col(t, "surname"), (Values{"waller", "reid", " spaced "}));
  EXPECT_EQ(col(t, "postcode"), (Values{"4011", "0800", "2000"}));
}

TEST(CsvReader, KeepsSpacesWhenTrimIsOff) {
  TempDir dir;
  const auto path = dir.write("f.csv", "a,b\n x , y\n");
  CsvReadOptions options;
  options.trim_whitespace = false;
  const CsvTable t = read_csv(path, options);
  EXPECT_EQ(col(t, "a"), (Values{" x "}));
  EXPECT_EQ(col(t, "b"), (Values{" y"}));
}

TEST(CsvReader, EmptyFieldsAreNull) {
  TempDir dir;
  const auto path = dir.write("n.csv", "a,b,c\n,x,\n  ,\"\",y\n");
  const CsvTable t = read_csv(path, {});
  EXPECT_EQ(col(t, "a"), (Values{std::nullopt, std::nullopt}));
  EXPECT_EQ(col(t, "b"), (Values{"x", std::nullopt}));
  EXPECT_EQ(col(t, "c"), (Values{std::nullopt, "y"}));
  EXPECT_EQ(t.table.column(0).null_count(), 2u);
}

TEST(CsvReader, SkipsBlankLinesButCountsThem) {
  TempDir dir;
  const auto path = dir.write("b.csv", "\na,b\n\n1,2\n   \n\r\n3,4\n\n");
  const CsvTable t = read_csv(path, {});
  EXPECT_EQ(col(t, "a"), (Values{"1", "3"}));
  EXPECT_EQ(t.record_lines, (std::vector<std::uint64_t>{4, 7}));
}

TEST(CsvReader, OneColumnNullIsWrittenAsQuotedEmpty) {
  TempDir dir;
  const auto path = dir.write("one.csv", "a\nx\n\n\"\"\ny\n");
  const CsvTable t = read_csv(path, {});
  EXPECT_EQ(col(t, "a"), (Values{"x", std::nullopt, "y"}));
  EXPECT_EQ(t.record_lines, (std::vector<std::uint64_t>{2, 4, 5}));
}

TEST(CsvReader, UsesConfiguredDelimiter) {
  TempDir dir;
  for (char delimiter : {'\t', ';', '|'}) {
    std::string text = "a,x|b\n1,5|2\n";
    std::replace(text.begin(), text.end(), '|', delimiter);
    const auto path = dir.write("d.csv", text);
    CsvReadOptions options;
    options.delimiter = delimiter;
    const CsvTable t = read_csv(path, options);
    EXPECT_EQ(t.header, (std::vector<std::string>{"a,x", "b"})) << int(delimiter);
    EXPECT_EQ(col(t, "a,x"), (Values{"1,5"}));
  }
  // A tab delimiter is not trimmed away as whitespace.
  const auto path = dir.write("t.csv", "a\tb\tc\n1\t\t3\n");
  CsvReadOptions options;
  options.delimiter = '\t';
  const CsvTable t = read_csv(path, options);
  EXPECT_EQ(col(t, "b"), (Values{std::nullopt}));
  EXPECT_EQ(col(t, "c"), (Values{"3"}));
}

TEST(CsvReader, RejectsDelimitersThatCannotWork) {
  TempDir dir;
  const auto path = dir.write("d.csv", "a,b\n1,2\n");
  for (char delimiter : {'"', '\n', '\r'}) {
    CsvReadOptions options;
    options.delimiter = delimiter;
    EXPECT_EQ(read_error(path, options).code(), ErrorCode::kInvalidSettings) << int(delimiter);
  }
}

TEST(CsvReader, LoneCarriageReturnIsDataAndFinalCrEndsTheLine) {
  TempDir dir;
  const auto path = dir.write("cr.csv", "a,b\nx\ry,z\r");
  const CsvTable t = read_csv(path, {});
  EXPECT_EQ(col(t, "a"), (Values{"x\ry"}));
  EXPECT_EQ(col(t, "b"), (Values{"z"}));
}

TEST(CsvReader, ReadsOnlySelectedColumnsInRequestedOrder) {
  TempDir dir;
  const auto path = dir.write("s.csv", "a,b,c\n1,2,3\n4,5,6\n");
  CsvReadOptions options;
  options.columns = {"c", "a"};
  const CsvTable t = read_csv(path, options);
  ASSERT_EQ(t.table.num_columns(), 2u);
  EXPECT_EQ(t.table.column(0).name(), "c");
  EXPECT_EQ(t.table.column(1).name(), "a");
  EXPECT_EQ(col(t, "c"), (Values{"3", "6"}));
  EXPECT_EQ(col(t, "a"), (Values{"1", "4"}));
  EXPECT_EQ(t.header, (std::vector<std::string>{"a", "b", "c"}));
}

TEST(CsvReader, SkippedColumnsAreNotValidated) {
  TempDir dir;
  const auto path = dir.write("s.csv", "a,b\n1,\xFF\xFE\n");
  CsvReadOptions options;
  options.columns = {"a"};
  EXPECT_EQ(col(read_csv(path, options), "a"), (Values{"1"}));
}

TEST(CsvReader, MissingColumnNamesFileAndColumn) {
  TempDir dir;
  const auto path = dir.write("people.csv", "a,b\n1,2\n");
  CsvReadOptions options;
  options.columns = {"a", "dob"};
  const Error e = read_error(path, options);
  EXPECT_EQ(e.code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(e.line(), 1u);
  EXPECT_EQ(e.field(), "dob");
  EXPECT_EQ(std::string(e.what()),
            "xjslink: " + path + ":1: field 'dob': column not found in header");
  EXPECT_THROW(read_csv_part(path, options, 1, 3), Error);
}

TEST(CsvReader, RejectsDuplicateAndEmptyHeaderNames) {
  TempDir dir;
  const Error dup = read_error(dir.write("d.csv", "a,b,a\n1,2,3\n"));
  EXPECT_EQ(dup.field(), "a");
  EXPECT_EQ(dup.line(), 1u);
  EXPECT_NE(std::string(dup.what()).find("duplicate column name"), std::string::npos);
  const Error empty = read_error(dir.write("e.csv", "a,,b\n1,2,3\n"));
  EXPECT_NE(std::string(empty.what()).find("column 2 has an empty name"), std::string::npos);
  CsvReadOptions twice;
  twice.columns = {"a", "a"};
  EXPECT_EQ(read_error(dir.write("t.csv", "a,b\n"), twice).code(), ErrorCode::kInvalidSettings);
}

TEST(CsvReader, WrongFieldCountNamesFileAndRecordStartLine) {
  TempDir dir;
  std::string text =
      "rec_id,given_name,surname,street_number,address_1,address_2,suburb,postcode,state,"
      "date_of_birth,soc_sec_id\n";
  for (int i = 0; i < 14; ++i)
    text += "r" + std::to_string(i) + ",a,b,c,d,e,f,g,h,i,j\n";
  text += "q,\"two\nlines\",b,c,d,e,f,g,h,i,j\n";  // lines 16-17
  text += "secret-value,a,b,c,d,e,f,g,h,i,j,k\n";  // line 18: 12 fields
  const auto path = dir.write("people.csv", text);
  const Error e = read_error(path);
  EXPECT_EQ(e.code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(e.line(), 18u);
  EXPECT_EQ(std::string(e.what()), "xjslink: " + path + ":18: expected 11 fields, found 12");
  EXPECT_EQ(std::string(e.what()).find("secret-value"), std::string::npos);
  const Error fewer = read_error(dir.write("few.csv", "a,b,c\n1,2,3\n4,5\n"));
  EXPECT_EQ(fewer.line(), 3u);
  EXPECT_EQ(fewer.message(), "expected 3 fields, found 2");
}

TEST(CsvReader, BadQuotingNamesLineAndField) {
  TempDir dir;
  const Error stray = read_error(dir.write("s.csv", "a,b\n1,2\nx,O\"Brien\n"));
  EXPECT_EQ(stray.line(), 3u);
  EXPECT_EQ(stray.field(), "b");
  EXPECT_EQ(std::string(stray.what()).find("Brien"), std::string::npos);
  const Error after = read_error(dir.write("t.csv", "a,b\n\"x\"y,2\n"));
  EXPECT_EQ(after.line(), 2u);
  EXPECT_EQ(after.field(), "a");
  EXPECT_NE(after.message().find("after a closing quote"), std::string::npos);
  const Error open = read_error(dir.write("u.csv", "a,b\n1,2\n3,\"never closed\n\n"));
  EXPECT_EQ(open.line(), 3u);
  EXPECT_NE(open.message().find("not closed"), std::string::npos);
  // With quoting off the same stray quote is data.
  CsvReadOptions options;
  options.quoting = false;
  EXPECT_EQ(col(read_csv(dir.file("s.csv"), options), "b"), (Values{"2", "O\"Brien"}));
}

TEST(CsvReader, InvalidUtf8NamesFileLineFieldAndByteOffset) {
  TempDir dir;
  const std::string text = "id,name\n1,ann\n2,J\xC3\xA9r\xC3\n";  // truncated 2-byte sequence
  const auto path = dir.write("u.csv", text);
  const Error e = read_error(path);
  EXPECT_EQ(e.code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(e.line(), 3u);
  EXPECT_EQ(e.field(), "name");
  const std::size_t offset = text.size() - 2;
  EXPECT_EQ(std::string(e.what()), "xjslink: " + path +
                                       ":3: field 'name': invalid UTF-8 at byte offset " +
                                       std::to_string(offset));
}

TEST(CsvReader, RejectsOverlongSurrogateAndOutOfRangeUtf8) {
  TempDir dir;
  for (const std::string bad : {"\xC0\x80", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\x80", "\xFF"}) {
    const auto path = dir.write("u.csv", "a\nx" + bad + "\n");
    const Error e = read_error(path);
    EXPECT_EQ(e.field(), "a");
    EXPECT_NE(e.message().find("byte offset 3"), std::string::npos) << e.what();
  }
  const auto ok = dir.write("ok.csv", "a\n\xF0\x9F\x98\x80 \xE4\xB8\xAD \xC3\xA9\n");
  EXPECT_EQ(col(read_csv(ok, {}), "a"), (Values{"\xF0\x9F\x98\x80 \xE4\xB8\xAD \xC3\xA9"}));
}

TEST(CsvReader, TranscodesLatin1AndWindows1252) {
  TempDir dir;
  const auto path = dir.write("l.csv", "n\xE4me\nM\xFCller\n\"\x80 \"\"\x93q\x94\"\"\"\n");
  CsvReadOptions latin1;
  latin1.encoding = Encoding::kLatin1;
  CsvReadOptions cp1252;
  cp1252.encoding = Encoding::kWindows1252;
  const CsvTable a = read_csv(path, latin1);
  EXPECT_EQ(a.header, (std::vector<std::string>{"n\xC3\xA4me"}));
  EXPECT_EQ(col(a, "n\xC3\xA4me"), (Values{"M\xC3\xBCller", "\xC2\x80 \"\xC2\x93q\xC2\x94\""}));
  const CsvTable b = read_csv(path, cp1252);
  EXPECT_EQ(col(b, "n\xC3\xA4me"),
            (Values{"M\xC3\xBCller", "\xE2\x82\xAC \"\xE2\x80\x9Cq\xE2\x80\x9D\""}));
  // The same bytes are not UTF-8.
  EXPECT_THROW(read_csv(path, {}), Error);
}

TEST(CsvReader, EmptyFileIsAnErrorAndHeaderOnlyIsAnEmptyTable) {
  TempDir dir;
  for (const std::string text : {"", "\n\n", "\r\n  \n"}) {
    const auto path = dir.write("e.csv", text);
    const Error e = read_error(path);
    EXPECT_EQ(e.code(), ErrorCode::kInvalidInput);
    EXPECT_NE(e.message().find("empty"), std::string::npos);
    EXPECT_THROW(read_csv_header(path, {}), Error);
  }
  const CsvTable t = read_csv(dir.write("h.csv", "a,b\n"), {});
  EXPECT_EQ(t.table.num_columns(), 2u);
  EXPECT_EQ(t.table.num_rows(), 0u);
  EXPECT_EQ(read_csv(dir.write("h2.csv", "a,b"), {}).table.num_columns(), 2u);
  EXPECT_EQ(read_error(dir.file("missing.csv")).code(), ErrorCode::kIo);
}

TEST(CsvReader, ReadsHeaderAlone) {
  TempDir dir;
  const auto path = dir.write("h.csv", "\xEF\xBB\xBF x , \"y,z\"\r\n1,2\n");
  EXPECT_EQ(read_csv_header(path, {}), (std::vector<std::string>{"x", "y,z"}));
}

// ---- random files with known contents ----

struct Generated {
  std::string text;
  std::vector<std::string> header;
  std::vector<Values> columns;  // expected values per column
  std::vector<std::uint64_t> lines;
  std::uint64_t total_line_feeds = 0;
};

// Writes random records the way real files vary (quoting styles, CRLF, blank lines, padding,
// missing final newline) and records what a correct reader must return.
Generated generate_csv(std::mt19937_64& rng) {
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<std::uint64_t>(n)); };
  Generated g;
  const int ncols = 1 + pick(4);
  const int nrows = pick(6) == 0 ? 0 : pick(25);
  g.columns.resize(static_cast<std::size_t>(ncols));
  std::uint64_t line = 1;
  auto newline = [&] {
    g.text += pick(3) == 0 ? "\r\n" : "\n";
    ++line;
  };
  while (pick(4) == 0)
    newline();  // leading blank lines
  for (int c = 0; c < ncols; ++c) {
    g.header.push_back("c" + std::to_string(c));
    if (c > 0) g.text += pick(2) ? "," : ", ";
    g.text += pick(4) == 0 ? "\"c" + std::to_string(c) + "\"" : g.header.back();
  }
  static const std::vector<std::string> kPieces = {
      "a", "b", "xy", ",", "\"", "\n", "\r\n", " ", "\xC3\xA9", "\xE4\xB8\xAD", "z9", "\t"};
  for (int r = 0; r < nrows; ++r) {
    newline();
    while (pick(5) == 0)
      newline();  // blank lines between records
    g.lines.push_back(line);
    for (int c = 0; c < ncols; ++c) {
      if (c > 0) g.text += ",";
      std::string value;
      const int len = pick(4) == 0 ? 0 : 1 + pick(6);
      for (int k = 0; k < len; ++k)
        value += kPieces[static_cast<std::size_t>(pick(static_cast<int>(kPieces.size())))];
      const bool special = value.find_first_of(",\"\n\r") != std::string::npos ||
                           (!value.empty() && (value.front() == ' ' || value.front() == '\t' ||
                                               value.back() == ' ' || value.back() == '\t'));
      const bool all_blank = value.find_first_not_of(" \t") == std::string::npos;
      if (value.empty() || (all_blank && !special)) {
        g.columns[static_cast<std::size_t>(c)].emplace_back(std::nullopt);
      } else {
        g.columns[static_cast<std::size_t>(c)].emplace_back(value);
      }
      if (value.empty()) {
        // A one-column null must be quoted, or the line would be blank and skipped.
        if (ncols == 1 || pick(3) == 0)
          g.text += "\"\"";
        else if (pick(2))
          g.text += " ";
        continue;
      }
      if (special || pick(4) == 0) {
        if (pick(3) == 0) g.text += " ";
        g.text += '"';
        for (char ch : value) {
          if (ch == '"') g.text += '"';
          g.text += ch;
          if (ch == '\n') ++line;
        }
        g.text += '"';
        if (pick(3) == 0) g.text += "  ";
      } else {
        g.text += (pick(3) == 0 ? " " : "") + value + (pick(3) == 0 ? "\t" : "");
      }
    }
  }
  if (pick(2)) newline();
  while (pick(4) == 0)
    newline();  // trailing blank lines
  g.total_line_feeds = static_cast<std::uint64_t>(std::count(g.text.begin(), g.text.end(), '\n'));
  return g;
}

void expect_matches(const CsvTable& t, const Generated& g, const std::string& context) {
  ASSERT_EQ(t.header, g.header) << context;
  for (std::size_t c = 0; c < g.columns.size(); ++c) {
    ASSERT_EQ(column_values(t.table.column(c)), g.columns[c]) << context << " column " << c;
  }
  ASSERT_EQ(t.record_lines, g.lines) << context;
}

// Reads the file as num_parts parts and glues them together as the distributed caller would:
// quote counts and line counts are prefix-summed over the earlier parts.
CsvTable read_in_parts(const std::string& path, const CsvReadOptions& options, int num_parts,
                       bool use_prepass, std::uint64_t* total_lines,
                       std::optional<Error>* first_error) {
  std::vector<std::uint64_t> quotes(static_cast<std::size_t>(num_parts));
  for (int p = 0; p < num_parts; ++p)
    quotes[static_cast<std::size_t>(p)] = count_csv_quotes(path, p, num_parts);
  CsvTable out;
  std::uint64_t quotes_before = 0;
  std::uint64_t lines_before = 0;
  for (int p = 0; p < num_parts; ++p) {
    CsvPart part = use_prepass ? read_csv_part(path, options, p, num_parts, quotes_before)
                               : read_csv_part(path, options, p, num_parts);
    quotes_before += quotes[static_cast<std::size_t>(p)];
    if (part.error) {
      if (!*first_error) *first_error = part.error->with_line(lines_before + part.error->line());
      break;
    }
    if (p == 0) {
      out.header = part.data.header;
      for (const Column& c : part.data.table.columns())
        out.table.add_column(c.name(), c.type());
    }
    for (std::size_t c = 0; c < out.table.num_columns(); ++c) {
      for (std::size_t row = 0; row < part.data.table.num_rows(); ++row) {
        out.table.column(c).append_from(part.data.table.column(c), row);
      }
    }
    for (std::uint64_t line : part.data.record_lines)
      out.record_lines.push_back(lines_before + line);
    lines_before += part.num_lines;
  }
  *total_lines = lines_before;
  return out;
}

TEST(CsvReader, ReadsRandomFilesExactly) {
  TempDir dir;
  std::mt19937_64 rng(20240611);
  for (int i = 0; i < 300; ++i) {
    const Generated g = generate_csv(rng);
    const auto path = dir.write("r.csv", g.text);
    expect_matches(read_csv(path, {}), g, "file " + std::to_string(i));
  }
}

TEST(CsvReader, PartsConcatenateToTheWholeFile) {
  TempDir dir;
  std::mt19937_64 rng(7);
  for (int i = 0; i < 300; ++i) {
    const Generated g = generate_csv(rng);
    const auto path = dir.write("p.csv", g.text);
    for (int n = 1; n <= 7; ++n) {
      for (bool prepass : {true, false}) {
        std::uint64_t lines = 0;
        std::optional<Error> error;
        const CsvTable t = read_in_parts(path, {}, n, prepass, &lines, &error);
        ASSERT_FALSE(error) << error->what();
        const std::string context = "file " + std::to_string(i) + " parts " + std::to_string(n);
        expect_matches(t, g, context);
        ASSERT_EQ(lines, g.total_line_feeds) << context;
      }
    }
  }
}

TEST(CsvReader, PartsOfTinyFilesMayBeEmpty) {
  TempDir dir;
  const auto path = dir.write("tiny.csv", "\"a\nb\",c\n1,\"\n\"\n");
  const CsvTable whole = read_csv(path, {});
  ASSERT_EQ(whole.table.num_rows(), 1u);
  EXPECT_EQ(whole.header, (std::vector<std::string>{"a\nb", "c"}));
  EXPECT_EQ(whole.record_lines, (std::vector<std::uint64_t>{3}));
  for (int n = 1; n <= 7; ++n) {
    std::size_t rows = 0;
    std::uint64_t lines = 0;
    for (int p = 0; p < n; ++p) {
      const CsvPart part = read_csv_part(path, {}, p, n);
      ASSERT_FALSE(part.error);
      rows += part.data.table.num_rows();
      lines += part.num_lines;
    }
    EXPECT_EQ(rows, 1u) << n;
    EXPECT_EQ(lines, 4u) << n;
  }
}

TEST(CsvReader, PartErrorsBecomeTheWholeFileErrorAfterLineShift) {
  TempDir dir;
  std::string text = "a,b\n";
  for (int i = 0; i < 200; ++i)
    text += "x" + std::to_string(i) + ",\"multi\nline\"\n";
  text += "bad,row,here\n";
  for (int i = 0; i < 50; ++i)
    text += "y,z\n";
  const auto path = dir.write("e.csv", text);
  const Error whole = read_error(path);
  EXPECT_EQ(whole.line(), 402u);
  for (int n = 1; n <= 7; ++n) {
    std::uint64_t lines = 0;
    std::optional<Error> error;
    read_in_parts(path, {}, n, true, &lines, &error);
    ASSERT_TRUE(error) << n;
    EXPECT_EQ(std::string(error->what()), std::string(whole.what())) << n;
  }
}

TEST(CsvReader, PartRangesTileTheFile) {
  for (std::uint64_t size : {0u, 1u, 5u, 100u, 12345u}) {
    for (int n = 1; n <= 7; ++n) {
      std::uint64_t expect_begin = 0;
      for (int p = 0; p < n; ++p) {
        const ByteRange r = csv_part_range(size, p, n);
        EXPECT_EQ(r.begin, expect_begin);
        EXPECT_LE(r.begin, r.end);
        expect_begin = r.end;
      }
      EXPECT_EQ(expect_begin, size);
    }
  }
}

// ---- the shared FEBRL and Splink files ----

TEST(CsvReader, ReadsSharedFebrlAndSplinkFiles) {
  const std::filesystem::path root = XJSLINK_SHARED_DATA_DIR;
  if (!std::filesystem::exists(root / "febrl" / "dataset1.csv")) {
    GTEST_SKIP() << "needs ../shared/data/febrl (the shared ground-truth data sets)";
  }
  const std::vector<std::pair<std::string, std::size_t>> files = {
      {"febrl/dataset1.csv", 1000},
      {"febrl/dataset2.csv", 5000},
      {"febrl/dataset3.csv", 5000},
      {"febrl/dataset4a.csv", 5000},
      {"febrl/dataset4b.csv", 5000},
      {"splink/fake_1000.csv", 1000},
      {"splink/fake_1000_from_splink_demos.csv", 1000},
      {"splink/fake_1000_labels.csv", 3176}};
  for (const auto& [name, rows] : files) {
    const std::string path = (root / name).string();
    const CsvTable t = read_csv(path, {});
    EXPECT_EQ(t.table.num_rows(), rows) << name;
    EXPECT_EQ(t.record_lines.back(), rows + 1) << name;
    for (int n : {2, 5}) {
      std::uint64_t lines = 0;
      std::optional<Error> error;
      const CsvTable parts = read_in_parts(path, {}, n, true, &lines, &error);
      ASSERT_FALSE(error);
      EXPECT_EQ(parts.record_lines, t.record_lines) << name;
      EXPECT_EQ(column_values(parts.table.column(1)), column_values(t.table.column(1))) << name;
    }
  }
  // dataset4a: CRLF line ends and no final newline; no CR may leak into the last column.
  const CsvTable a = read_csv((root / "febrl/dataset4a.csv").string(), {});
  EXPECT_EQ(a.header.size(), 11u);
  EXPECT_EQ(a.header.back(), "soc_sec_id");
  const Column& ssn = a.table.column(std::string_view("soc_sec_id"));
  for (std::size_t row = 0; row < ssn.size(); ++row) {
    ASSERT_EQ(ssn.string_at(row).find('\r'), std::string_view::npos) << row;
  }
  EXPECT_EQ(a.table.column(std::string_view("rec_id")).string_at(0), "rec-1070-org");
  // dataset4b's two rows with two spaces after the first comma are trimmed like the rest.
  CsvReadOptions only;
  only.columns = {"rec_id", "given_name"};
  const CsvTable b = read_csv((root / "febrl/dataset4b.csv").string(), only);
  const Column& ids = b.table.column(0);
  for (std::size_t row = 0; row < ids.size(); ++row) {
    if (ids.string_at(row) == "rec-3945-dup-0") {
      EXPECT_EQ(b.table.column(1).string_at(row), "elie");
      EXPECT_EQ(b.record_lines[row], 3706u);
    }
  }
  // FEBRL writes an empty field as a single space: it reads as null.
  const CsvTable one = read_csv((root / "febrl/dataset1.csv").string(), {});
  EXPECT_TRUE(one.table.column(std::string_view("given_name")).is_null(0));
}

}  // namespace
}  // namespace xjslink::io
