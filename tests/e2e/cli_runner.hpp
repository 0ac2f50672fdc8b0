// File: e2e/cli_runner.hpp
// Runs the xjslink binary as a user would and captures its exit status and output, and makes
// scratch directories for the files of one test.
#pragma once

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "xjslink/synth/generate.hpp"

namespace xjslink::test {

struct CliResult {
  int status = -1;
  std::string output;  // stdout and stderr together
};

inline CliResult run_cli(const std::string& args, const std::string& prefix = "") {
  const std::string command = prefix + " " + XJSLINK_BINARY + " " + args + " 2>&1";
  CliResult r;
  std::FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return r;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof(buf), pipe)) > 0)
    r.output.append(buf, n);
  const int raw = pclose(pipe);
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  return r;
}

// A fresh directory under the system temp dir, removed when the object goes.
class ScratchDir {
 public:
  ScratchDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() /
            ("xjslink-test-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(path_ / name, std::ios::binary) << text;
    return file(name);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// " --input DIR/magistrates.csv ..." for the seven CSV datasets `xjslink generate` wrote in DIR.
inline std::string synthetic_inputs(const std::string& dir) {
  std::string out;
  for (int d = 0; d < synth::kNumDatasets; ++d) {
    out += " --input " + dir + "/" + synth::dataset_file_name(static_cast<synth::DatasetId>(d));
  }
  return out;
}

inline bool shared_data_present() {
  return std::filesystem::exists(std::string(XJSLINK_SHARED_DATA_DIR) + "/febrl/dataset4a.csv");
}

}  // namespace xjslink::test
