#include "reader/regular_file.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace kdiag {

std::string file_type_name(unsigned mode) {
  if (S_ISDIR(mode)) return "is a directory";
  if (S_ISFIFO(mode)) return "is a FIFO";
  if (S_ISCHR(mode)) return "is a character device";
  if (S_ISBLK(mode)) return "is a block device";
  if (S_ISSOCK(mode)) return "is a socket";
  return "is not a regular file";
}

namespace {
std::string message(std::string_view name, const std::string& reason) {
  return name.empty() ? reason : std::string(name) + ": " + reason;
}
}  // namespace

Outcome<int> check_regular_file(int fd, std::string_view name) {
  Outcome<int> out;
  out.value = -1;
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    out.fail(message(name, std::strerror(errno)));
    ::close(fd);
    return out;
  }
  if (!S_ISREG(st.st_mode)) {
    out.fail(message(name, file_type_name(st.st_mode) + ", not a regular file"));
    ::close(fd);
    return out;
  }
  // Back to blocking reads: O_NONBLOCK only had to get the open past a FIFO (regular files
  // ignore it, but a file system that honours it must not return EAGAIN half-way).
  const int flags = ::fcntl(fd, F_GETFL);
  if (flags >= 0) ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
  out.value = fd;
  return out;
}

Outcome<int> open_regular_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) {
    Outcome<int> out;
    out.value = -1;
    out.fail(message(path, std::strerror(errno)));
    return out;
  }
  return check_regular_file(fd, path);
}

FileRead read_opened_file(int fd, std::string_view name, std::size_t max_bytes) {
  FileRead r;
  char buf[65536];
  // One byte past the limit tells "exactly max_bytes" from "longer".
  while (r.content.size() <= max_bytes) {
    const std::size_t want = std::min(sizeof buf, max_bytes + 1 - r.content.size());
    const ssize_t n = ::read(fd, buf, want);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      r.error_number = errno;
      r.fail(message(name, std::strerror(errno)));
      r.content.clear();
      ::close(fd);
      return r;
    }
    if (n == 0) break;
    r.content.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  if (r.content.size() > max_bytes) {
    r.over_limit = true;
    r.content.resize(max_bytes);
  }
  return r;
}

FileRead read_regular_file(const std::string& path, std::size_t max_bytes) {
  errno = 0;  // stays 0 when the open worked but the file is not a regular one
  Outcome<int> fd = open_regular_file(path);
  if (!fd.ok()) {
    FileRead r;
    r.errors = std::move(fd.errors);
    r.error_number = errno;
    return r;
  }
  return read_opened_file(fd.value, path, max_bytes);
}

}  // namespace kdiag
