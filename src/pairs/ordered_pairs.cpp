// File: pairs/ordered_pairs.cpp
#include "xjslink/pairs/ordered_pairs.hpp"

#include <omp.h>

#include "xjslink/error.hpp"

namespace xjslink {
namespace {

// Edges read from a file of pair rows, a chunk at a time.
class EdgesOnDisk : public EdgeSource {
 public:
  EdgesOnDisk(PairFile file, PairScratch scratch)
      : file_(std::move(file)), scratch_(std::move(scratch)) {}
  std::uint64_t rows() const override { return file_.rows(); }
  void read(std::uint64_t begin, std::uint64_t end, EdgeRows& out) const override {
    Predictions rows = file_.empty();
    file_.read(begin, end, rows);
    out.left = std::move(rows.left);
    out.right = std::move(rows.right);
    out.match_weight = std::move(rows.match_weight);
  }

 private:
  PairFile file_;
  PairScratch scratch_;  // removed after the file
};

}  // namespace

OrderedPairs OrderedPairs::in_memory(Predictions pairs) {
  OrderedPairs o;
  o.layout_ = pairs.empty_like();
  o.memory_ = std::move(pairs);
  return o;
}

OrderedPairs OrderedPairs::on_disk(PairFile file, PairScratch scratch) {
  OrderedPairs o;
  o.layout_ = file.empty();
  o.file_.emplace(std::move(file));
  o.scratch_ = std::move(scratch);
  o.per_thread_.resize(static_cast<std::size_t>(std::max(1, omp_get_max_threads())));
  return o;
}

OrderedPairs::View OrderedPairs::view(std::uint64_t begin, std::uint64_t end) const {
  if (!is_on_disk()) return {&memory_, 0};
  const auto t = static_cast<std::size_t>(omp_get_thread_num());
  XJS_CHECK(t < per_thread_.size(), "more threads than when the pairs were ordered");
  Chunk& c = per_thread_[t];
  if (!c.loaded || c.begin != begin || c.end != end) {
    c.rows = file_->empty();
    file_->read(begin, end, c.rows);
    c.begin = begin;
    c.end = end;
    c.loaded = true;
  }
  return {&c.rows, begin};
}

void OrderedPairs::clear() {
  memory_ = layout_.empty_like();
  per_thread_.clear();
  file_.reset();
  scratch_ = PairScratch();
}

std::unique_ptr<EdgeSource> edges_of(OrderedPairs&& pairs) {
  if (pairs.file_) {
    auto source = std::make_unique<EdgesOnDisk>(std::move(*pairs.file_), std::move(pairs.scratch_));
    pairs.clear();
    return source;
  }
  std::unique_ptr<EdgeSource> source = edges_in_memory(std::move(pairs.memory_));
  pairs.clear();
  return source;
}

std::unique_ptr<EdgeSource> edges_in_memory(Predictions&& pairs) {
  EdgeRows rows;
  rows.left = std::move(pairs.left);
  rows.right = std::move(pairs.right);
  rows.match_weight = std::move(pairs.match_weight);
  pairs = Predictions{};
  return std::make_unique<EdgesInMemory>(std::move(rows));
}

}  // namespace xjslink
