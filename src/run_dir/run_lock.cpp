// File: run_dir/run_lock.cpp
#include "run_dir/run_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <filesystem>
#include <optional>
#include <string>

#include "dist/agree.hpp"
#include "dist/comm.hpp"
#include "xjslink/error.hpp"
#include "xjslink/log.hpp"

namespace xjslink {
namespace {

std::string host_name() {
  char buf[HOST_NAME_MAX + 1] = {};
  if (gethostname(buf, sizeof(buf) - 1) != 0) return "unknown host";
  return buf;
}

// "host <name> pid <n>" as the holder wrote it (at most one short line).
std::string holder_of(int fd) {
  char buf[512] = {};
  const ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);
  std::string text = n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string();
  if (const auto nl = text.find('\n'); nl != std::string::npos) text.resize(nl);
  return text.empty() ? "an unknown process" : text;
}

}  // namespace

RunLock RunLock::acquire(const dist::Comm& comm, const std::string& dir) {
  RunLock lock;
  std::optional<Error> failure;
  if (comm.is_root()) {
    const std::string path = (std::filesystem::path(dir) / ".xjslink.lock").string();
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
      failure = Error(ErrorCode::kIo,
                      std::string("cannot create the lock file: ") + std::strerror(errno), path);
    } else if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      const int err = errno;
      if (err == EWOULDBLOCK) {
        failure = Error(ErrorCode::kIo,
                        "the output directory is in use by another xjslink run (" + holder_of(fd) +
                            "); wait for it to finish, or give another --out",
                        dir, 0, "--out");
      } else {
        // Some network file systems have no flock: run unlocked rather than not at all.
        log_info(true, "warning: cannot lock " + path + " (" + std::strerror(err) +
                           "); make sure no other run writes to " + dir);
      }
      ::close(fd);
    } else {
      lock.fd_ = fd;
      const std::string me = "host " + host_name() + " pid " + std::to_string(::getpid()) + "\n";
      if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, me.data(), me.size(), 0) < 0) {
        // The lock holds without the note; a refused run then names "an unknown process".
      }
    }
  }
  dist::raise_if_any(comm, failure);
  return lock;
}

RunLock& RunLock::operator=(RunLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

RunLock::~RunLock() {
  if (fd_ >= 0) ::close(fd_);  // closing releases the flock
}

}  // namespace xjslink
