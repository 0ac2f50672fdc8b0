// File: eval/table_blocks_test.cpp
// Streaming reads: a CSV read in many small byte-range blocks, or an HDF5 table in row blocks,
// gives exactly the rows (and line numbers) of one whole read, quoted newlines included.
#include "xjslink/eval/table_blocks.hpp"

#include <gtest/gtest.h>

#include "io/io_test_util.hpp"
#include "xjslink/error.hpp"
#include "xjslink/io/hdf5_table.hpp"

namespace xjslink::eval {
namespace {

std::vector<std::string> read_all(TableBlockReader& reader, std::vector<std::uint64_t>& lines) {
  std::vector<std::string> out;
  Table block;
  std::vector<std::uint64_t> block_lines;
  std::string buffer;
  while (reader.next(block, block_lines)) {
    for (std::size_t r = 0; r < block.num_rows(); ++r) {
      std::string row;
      for (std::size_t c = 0; c < block.num_columns(); ++c) {
        row += std::string(cell_text(block.column(c), r, buffer)) + "|";
      }
      out.push_back(row);
      lines.push_back(block_lines[r]);
    }
  }
  return out;
}

TEST(EvalTableBlocks, CsvInSmallBlocksEqualsOneRead) {
  testing::TempDir tmp;
  std::string text = "id,name,weight\n";
  for (int i = 0; i < 300; ++i) {
    // Every 7th name is quoted and holds a newline and a comma.
    const std::string name =
        i % 7 == 0 ? "\"multi\nline, " + std::to_string(i) + "\"" : "n" + std::to_string(i);
    text += "r" + std::to_string(i) + "," + name + "," + std::to_string(i * 0.5) + "\n";
  }
  const std::string path = tmp.write("t.csv", text);
  TableBlockReader whole(path, "t", {"id", "name", "weight"});
  TableBlockReader small(path, "t", {"weight", "id"}, {}, 97);  // about 100 blocks
  std::vector<std::uint64_t> whole_lines, small_lines;
  const auto a = read_all(whole, whole_lines);
  const auto b = read_all(small, small_lines);
  ASSERT_EQ(a.size(), 300u);
  ASSERT_EQ(b.size(), 300u);
  EXPECT_EQ(whole_lines, small_lines);
  EXPECT_EQ(small_lines[1], 3u + 1);  // row 0 spans lines 2-3 (a quoted newline)
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].substr(0, a[i].find('|')), b[i].substr(b[i].find('|') + 1, a[i].find('|')));
  }
  EXPECT_EQ(whole.header(), (std::vector<std::string>{"id", "name", "weight"}));
  EXPECT_THROW(TableBlockReader(path, "t", {"missing"}), Error);
}

TEST(EvalTableBlocks, Hdf5InRowBlocksAndNumbersFromText) {
  testing::TempDir tmp;
  Table t;
  t.add_column("id", ColumnType::kString);
  t.add_column("w", ColumnType::kNumber);  // may move the first column: take references after
  Column& id = t.column(0);
  Column& w = t.column(1);
  for (int i = 0; i < 5000; ++i) {
    id.append_string("k" + std::to_string(i));
    w.append_number(i * 0.25);
  }
  const std::string path = tmp.file("t.h5");
  io::write_hdf5_table(path, "g", t);
  ASSERT_EQ(io::hdf5_table_rows(path, "g"), 5000u);
  TableBlockReader reader(path, "g", {"w", "id"}, {}, 16 * 2 * 1500);  // 1500 rows a block
  Table block;
  std::vector<std::uint64_t> lines;
  std::uint64_t rows = 0, blocks = 0;
  std::string buffer;
  while (reader.next(block, lines)) {
    ++blocks;
    for (std::size_t r = 0; r < block.num_rows(); ++r, ++rows) {
      EXPECT_EQ(lines[r], rows + 1);
      EXPECT_DOUBLE_EQ(cell_number(block.column(0), r, path, lines[r]), rows * 0.25);
      EXPECT_EQ(cell_text(block.column(1), r, buffer), "k" + std::to_string(rows));
    }
  }
  EXPECT_EQ(rows, 5000u);
  EXPECT_EQ(blocks, 4u);
  Column text("x", ColumnType::kString);
  text.append_string("2.5");
  text.append_string("2.5x");
  EXPECT_DOUBLE_EQ(cell_number(text, 0, "f", 1), 2.5);
  EXPECT_THROW(cell_number(text, 1, "f", 2), Error);
}

}  // namespace
}  // namespace xjslink::eval
