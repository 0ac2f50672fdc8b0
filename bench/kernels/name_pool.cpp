// File: bench/kernels/name_pool.cpp
// Loads the name pool and builds the benchmark pairs. The CSVs have a header; the first column
// called name, surname or forename holds the names (other columns, such as frequencies, are
// ignored: sampling is uniform over distinct names so that non-matches are not dominated by
// the most common name).
#include "name_pool.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <sstream>

namespace xjslink::bench {
namespace {

std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> out;
  std::string field;
  bool quoted = false;
  for (char c : line) {
    if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      out.push_back(field);
      field.clear();
    } else if (c != '\r') {
      field.push_back(c);
    }
  }
  out.push_back(field);
  return out;
}

std::vector<std::string> load_names_from(const std::filesystem::path& dir) {
  std::set<std::string> distinct;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return {};
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".csv") continue;
    std::ifstream in(entry.path());
    std::string line;
    if (!std::getline(in, line)) continue;
    const std::vector<std::string> header = split_csv_line(line);
    std::size_t column = header.size();
    for (std::size_t i = 0; i < header.size(); ++i) {
      if (header[i] == "name" || header[i] == "surname" || header[i] == "forename") {
        column = i;
        break;
      }
    }
    if (column == header.size()) continue;
    while (std::getline(in, line)) {
      const std::vector<std::string> fields = split_csv_line(line);
      if (column < fields.size() && !fields[column].empty()) distinct.insert(fields[column]);
    }
  }
  return {distinct.begin(), distinct.end()};
}

std::vector<std::string> load_names() {
  return load_names_from(XJSLINK_NAMES_DIR);
}

std::string with_typos(std::string s, int typos, std::mt19937_64& rng) {
  auto pick = [&](std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng);
  };
  for (int t = 0; t < typos; ++t) {
    const char letter = static_cast<char>('A' + pick(26));
    switch (pick(4)) {
      case 0:
        if (!s.empty()) s[pick(s.size())] = letter;
        break;
      case 1:
        s.insert(s.begin() + static_cast<long>(pick(s.size() + 1)), letter);
        break;
      case 2:
        if (s.size() > 1) s.erase(s.begin() + static_cast<long>(pick(s.size())));
        break;
      default:
        if (s.size() >= 2) {
          const std::size_t i = pick(s.size() - 1);
          std::swap(s[i], s[i + 1]);
        }
        break;
    }
  }
  return s;
}

}  // namespace

const char* scenario_name(Scenario s) {
  switch (s) {
    case Scenario::kMatch:
      return "match";
    case Scenario::kNear:
      return "near";
    case Scenario::kNonMatch:
      return "nonmatch";
  }
  return "?";
}

const std::vector<std::string>& names() {
  static const std::vector<std::string> pool = load_names();
  return pool;
}

std::vector<NamePair> make_pairs(Scenario s, std::size_t count, std::size_t max_bytes) {
  std::vector<std::string> pool;
  for (const std::string& n : names()) {
    if (n.size() <= max_bytes) pool.push_back(n);
  }
  std::vector<NamePair> pairs;
  if (pool.size() < 2) return pairs;
  std::mt19937_64 rng(20240611 + static_cast<int>(s));
  auto any = [&] {
    return pool[std::uniform_int_distribution<std::size_t>(0, pool.size() - 1)(rng)];
  };
  while (pairs.size() < count) {
    const std::string a = any();
    switch (s) {
      case Scenario::kMatch:
        pairs.push_back({a, a});
        break;
      case Scenario::kNear: {
        std::string b = with_typos(a, 1 + static_cast<int>(rng() % 2), rng);
        if (b != a && b.size() <= max_bytes) pairs.push_back({a, b});
        break;
      }
      case Scenario::kNonMatch: {
        const std::string b = any();
        if (b != a) pairs.push_back({a, b});
        break;
      }
    }
  }
  return pairs;
}

std::vector<Block> make_blocks(std::size_t lefts, std::size_t rights, std::uint64_t seed) {
  std::vector<Block> blocks;
  const std::vector<std::string>& pool = names();
  if (pool.size() < 2) return blocks;
  std::mt19937_64 rng(seed);
  auto any = [&] {
    return pool[std::uniform_int_distribution<std::size_t>(0, pool.size() - 1)(rng)];
  };
  for (std::size_t l = 0; l < lefts; ++l) {
    Block b{any(), {}};
    for (std::size_t r = 0; r < rights; ++r) {
      b.rights.push_back(r % 4 == 0 ? with_typos(b.left, 1 + static_cast<int>(rng() % 2), rng)
                                    : any());
    }
    blocks.push_back(std::move(b));
  }
  return blocks;
}

}  // namespace xjslink::bench
