// File: run_dir/run_lock.hpp (private)
// One run at a time in an output directory. Two runs writing the same --out would interleave
// their outputs and run.json; the second is refused with the holder's host and process id.
// The lock is flock(2) on DIR/.xjslink.lock, held by rank 0 until the process ends, so the lock
// of a process that died (even by kill -9) is released by the kernel and taken over.
#pragma once

#include <string>

namespace xjslink {

namespace dist {
class Comm;
}

class RunLock {
 public:
  RunLock() = default;
  // Collective: rank 0 takes the lock of `dir` (which exists) or every rank throws Error.
  static RunLock acquire(const dist::Comm& comm, const std::string& dir);
  ~RunLock();
  RunLock(RunLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  RunLock& operator=(RunLock&& other) noexcept;
  RunLock(const RunLock&) = delete;
  RunLock& operator=(const RunLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace xjslink
