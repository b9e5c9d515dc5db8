// An exclusive lock on DIR.lock for the life of the object (flock), across processes: one writer of a cache
// directory at a time (every bitforge run of a user shares the cache).
#pragma once

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <string>

#include "base/errors.hpp"

namespace bf::util {

class DirLock {
 public:
  explicit DirLock(const std::filesystem::path& dir)
      : fd_(::open((dir.string() + ".lock").c_str(), O_CREAT | O_RDWR, 0644)) {
    if (fd_ < 0) throw ToolError("cannot create the lock file " + dir.string() + ".lock");
    while (::flock(fd_, LOCK_EX) != 0) {
      if (errno != EINTR) throw ToolError("cannot lock " + dir.string() + ".lock");
    }
  }
  ~DirLock() { ::close(fd_); }
  DirLock(const DirLock&) = delete;
  DirLock& operator=(const DirLock&) = delete;

 private:
  int fd_;
};

}  // namespace bf::util
