// File: io/io_test_util.hpp
// Scratch files for the I/O tests: a per-test temporary directory removed afterwards, and
// helpers to write bytes and read back a Table's contents.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "xjslink/table.hpp"

namespace xjslink::testing {

class TempDir {
 public:
  TempDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = std::filesystem::temp_directory_path() /
            ("xjslink_" + std::string(info->test_suite_name()) + "_" + info->name() + "_" +
             std::to_string(::getpid()));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::string file(const std::string& name) const { return (path_ / name).string(); }

  // Writes bytes exactly (binary) and returns the path.
  std::string write(const std::string& name, const std::string& bytes) const {
    const std::string p = file(name);
    std::ofstream out(p, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return p;
  }

 private:
  std::filesystem::path path_;
};

// A string column as optional values (nullopt = null), for whole-column comparisons.
inline std::vector<std::optional<std::string>> column_values(const Column& column) {
  std::vector<std::optional<std::string>> out;
  for (std::size_t row = 0; row < column.size(); ++row) {
    if (column.is_null(row)) {
      out.emplace_back(std::nullopt);
    } else {
      out.emplace_back(std::string(column.string_at(row)));
    }
  }
  return out;
}

}  // namespace xjslink::testing
