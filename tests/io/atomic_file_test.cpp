// File: io/atomic_file_test.cpp
// Outputs appear complete or not at all (docs/reliability.md): the final name only ever holds a
// whole file, and a failed or abandoned write leaves neither a partial file nor its .tmp.
#include "xjslink/io/atomic_file.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "io/io_test_util.hpp"
#include "xjslink/error.hpp"

namespace xjslink::io {
namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(AtomicFile, WriteReplacesTheWholeFileAndLeavesNoTemporary) {
  testing::TempDir dir;
  const std::string path = dir.file("model.json");
  write_file_atomically(path, "old contents, longer than the new ones\n");
  write_file_atomically(path, "{\"new\": 1}\n");
  EXPECT_EQ(slurp(path), "{\"new\": 1}\n");
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
}

TEST(AtomicFile, AnAbandonedWriteLeavesTheEarlierFileAndNoTemporary) {
  testing::TempDir dir;
  const std::string path = dir.file("run.json");
  write_file_atomically(path, "complete\n");
  {
    AtomicFile out(path);
    std::FILE* f = std::fopen(out.temp_path().c_str(), "wb");
    ASSERT_NE(f, nullptr);
    std::fputs("half", f);
    std::fclose(f);
    // An error is thrown here in real use: the destructor runs without commit().
  }
  EXPECT_EQ(slurp(path), "complete\n");
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
  {
    AtomicFile never(dir.file("clusters.csv"));
    std::ofstream(never.temp_path()) << "partial";
  }
  EXPECT_FALSE(std::filesystem::exists(dir.file("clusters.csv")));
  EXPECT_FALSE(std::filesystem::exists(dir.file("clusters.csv.tmp")));
}

TEST(AtomicFile, CommitMovesTheTemporaryIntoPlace) {
  testing::TempDir dir;
  const std::string path = dir.file("predictions.csv");
  AtomicFile out(path);
  std::ofstream(out.temp_path()) << "a,b\n1,2\n";
  EXPECT_FALSE(std::filesystem::exists(path)) << "visible before commit";
  out.commit();
  EXPECT_TRUE(out.committed());
  EXPECT_EQ(slurp(path), "a,b\n1,2\n");
  EXPECT_FALSE(std::filesystem::exists(out.temp_path()));
}

TEST(AtomicFile, AnUnwritableDirectoryIsAnIoErrorNamingTheFile) {
  testing::TempDir dir;
  const std::string path = dir.file("missing_dir/model.json");
  try {
    write_file_atomically(path, "x");
    FAIL() << "wrote into a directory that does not exist";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kIo);
    EXPECT_EQ(e.file(), path);
  }
  EXPECT_FALSE(std::filesystem::exists(path));
}

TEST(AtomicFile, ACommitThatCannotRenameIsAnIoError) {
  testing::TempDir dir;
  // The final name is a non-empty directory: rename(2) refuses to replace it.
  const std::string path = dir.file("taken");
  std::filesystem::create_directories(path + "/inside");
  AtomicFile out(path);
  std::ofstream(out.temp_path()) << "data";
  EXPECT_THROW(out.commit(), Error);
  EXPECT_FALSE(out.committed());
}

}  // namespace
}  // namespace xjslink::io
