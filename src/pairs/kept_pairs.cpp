// File: pairs/kept_pairs.cpp
#include "xjslink/pairs/kept_pairs.hpp"

#include <algorithm>

#include "xjslink/error.hpp"

namespace xjslink {

KeptPairs::KeptPairs(Predictions layout, std::uint64_t budget_bytes, std::string scratch_parent,
                     std::string tag)
    : memory_(std::move(layout)),
      budget_(budget_bytes),
      scratch_parent_(std::move(scratch_parent)),
      tag_(std::move(tag)) {}

std::size_t KeptPairs::rows_per_add() const {
  constexpr std::size_t kDefault = 1 << 16;
  if (budget_ == 0) return kDefault;
  return std::clamp<std::size_t>(budget_ / (32 * row_bytes()), 256, kDefault);
}

void KeptPairs::add(Predictions& pairs) {
  const std::lock_guard<std::mutex> lock(mutex_);
  rows_ += pairs.size();
  memory_.append(pairs);
  pairs.clear_rows();
  if (budget_ > 0 && memory_.size() * row_bytes() >= budget_ / 2) spill();
}

PairScratch& KeptPairs::scratch() {
  if (scratch_.path().empty()) scratch_ = PairScratch(scratch_parent_, tag_);
  return scratch_;
}

void KeptPairs::spill() {
  if (memory_.size() == 0) return;
  scratch();
  memory_.sort();
  PairFile run(scratch_.new_file("run"), memory_);
  run.append(memory_);
  spilled_bytes_ += run.rows() * row_bytes();
  runs_.push_back(std::move(run));
  memory_ = memory_.empty_like();  // the memory itself is given back
}

void KeptPairs::finish() {
  if (spilled()) {
    spill();
  } else {
    memory_.sort();
  }
}

RunMerger::RunMerger(const std::vector<PairFile>& runs, std::uint64_t buffer_bytes) {
  const std::uint64_t row = runs.empty() ? 1 : runs.front().layout().bytes();
  buffer_rows_ =
      std::max<std::uint64_t>(1024, buffer_bytes / std::max<std::size_t>(1, runs.size()) / row);
  cursors_.reserve(runs.size());
  for (const PairFile& run : runs) {
    Cursor c;
    c.run = &run;
    c.buffer = run.empty();
    cursors_.push_back(std::move(c));
  }
  for (std::size_t i = 0; i < cursors_.size(); ++i) {
    if (refill(cursors_[i])) heap_.push_back(i);
  }
  std::make_heap(heap_.begin(), heap_.end(),
                 [this](std::size_t a, std::size_t b) { return less(b, a); });
}

bool RunMerger::refill(Cursor& c) {
  const std::uint64_t end = std::min(c.run->rows(), c.next_row + buffer_rows_);
  if (c.next_row >= end) return false;
  c.run->read(c.next_row, end, c.buffer);
  c.next_row = end;
  c.at = 0;
  return true;
}

bool RunMerger::less(std::size_t a, std::size_t b) const {
  const Cursor& x = cursors_[a];
  const Cursor& y = cursors_[b];
  const std::uint64_t xl = x.buffer.left[x.at], yl = y.buffer.left[y.at];
  if (xl != yl) return xl < yl;
  return x.buffer.right[x.at] < y.buffer.right[y.at];
}

std::uint64_t RunMerger::next_left() const {
  const Cursor& c = cursors_[heap_.front()];
  return c.buffer.left[c.at];
}

void RunMerger::sift_down(std::size_t i) {
  const std::size_t n = heap_.size();
  while (true) {
    std::size_t smallest = i;
    const std::size_t l = 2 * i + 1, r = 2 * i + 2;
    if (l < n && less(heap_[l], heap_[smallest])) smallest = l;
    if (r < n && less(heap_[r], heap_[smallest])) smallest = r;
    if (smallest == i) return;
    std::swap(heap_[i], heap_[smallest]);
    i = smallest;
  }
}

void RunMerger::take(Predictions& out) {
  XJS_CHECK(!heap_.empty(), "no rows left to merge");
  Cursor& c = cursors_[heap_.front()];
  const Predictions& b = c.buffer;
  const std::size_t i = c.at, nc = b.num_comparisons, nt = b.tf_comparisons.size();
  out.left.push_back(b.left[i]);
  out.right.push_back(b.right[i]);
  out.match_weight.push_back(b.match_weight[i]);
  out.match_key.push_back(b.match_key[i]);
  out.gammas.insert(out.gammas.end(), b.gammas.begin() + static_cast<std::ptrdiff_t>(i * nc),
                    b.gammas.begin() + static_cast<std::ptrdiff_t>((i + 1) * nc));
  out.tf_log2_bf.insert(out.tf_log2_bf.end(),
                        b.tf_log2_bf.begin() + static_cast<std::ptrdiff_t>(i * nt),
                        b.tf_log2_bf.begin() + static_cast<std::ptrdiff_t>((i + 1) * nt));
  if (++c.at == b.size() && !refill(c)) {
    heap_.front() = heap_.back();
    heap_.pop_back();
  }
  if (!heap_.empty()) sift_down(0);
}

}  // namespace xjslink
