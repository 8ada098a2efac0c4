#include "batch/log_source.h"

#include <archive.h>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <memory>
#include <sys/stat.h>
#include <unistd.h>

namespace kdiag::cli {
namespace {

constexpr std::size_t kChunk = 1 << 16;

struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

bool read_plain(int fd, const ByteSink& sink, std::string& error) {
  std::string buffer(kChunk, '\0');
  for (;;) {
    const ssize_t n = ::read(fd, buffer.data(), buffer.size());
    if (n == 0) return true;
    if (n < 0) {
      if (errno == EINTR) continue;
      error = std::string("read error: ") + std::strerror(errno);
      return false;
    }
    sink(std::string_view(buffer.data(), static_cast<std::size_t>(n)));
  }
}

// libarchive's "raw" format is one unnamed entry holding the whole (decompressed) stream; the
// filters (all of them: gzip, xz, zstd, bzip2, lz4...) are chosen by the stream's first bytes.
bool read_compressed(int fd, const ByteSink& sink, std::string& error) {
  std::unique_ptr<archive, decltype(&archive_read_free)> a(archive_read_new(), &archive_read_free);
  if (!a) {
    error = "cannot allocate a decompressor";
    return false;
  }
  archive_read_support_filter_all(a.get());
  archive_read_support_format_raw(a.get());
  archive_read_support_format_empty(a.get());  // raw refuses a stream that decompresses to nothing
  auto fail = [&](const char* what) {
    const char* message = archive_error_string(a.get());
    error = std::string(what) + ": " + (message ? message : "unknown error");
    return false;
  };
  if (archive_read_open_fd(a.get(), fd, kChunk) != ARCHIVE_OK) return fail("cannot decompress");
  archive_entry* entry = nullptr;
  const int header = archive_read_next_header(a.get(), &entry);
  if (header == ARCHIVE_EOF) return true;  // an empty compressed stream: an empty log
  if (header != ARCHIVE_OK && header != ARCHIVE_WARN) return fail("cannot decompress");
  std::string buffer(kChunk, '\0');
  for (;;) {
    const la_ssize_t n = archive_read_data(a.get(), buffer.data(), buffer.size());
    if (n == 0) return true;
    if (n < 0) {
      if (n == ARCHIVE_WARN) continue;
      return fail("decompression error");
    }
    sink(std::string_view(buffer.data(), static_cast<std::size_t>(n)));
  }
}

}  // namespace

bool looks_compressed(std::string_view head) {
  auto starts = [&](std::string_view magic) { return head.substr(0, magic.size()) == magic; };
  using namespace std::string_view_literals;
  return starts("\x1f\x8b"sv) ||  // gzip
         starts(
             "\xfd"
             "7zXZ\x00"sv) ||             // xz
         starts("\x28\xb5\x2f\xfd"sv) ||  // zstd
         starts("BZh"sv) ||               // bzip2
         starts("\x04\x22\x4d\x18"sv);    // lz4 frame
}

bool read_log_bytes(const std::string& path, const ByteSink& sink, std::string& error) {
  Fd f;
  f.fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (f.fd < 0) {
    error = std::strerror(errno);
    return false;
  }
  struct stat st {};
  if (::fstat(f.fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    error = "is a directory, not a log";
    return false;
  }
  // Sniff without consuming: the plain path must see the file from its first byte.
  char head[8] = {};
  ssize_t got = -1;
  do {
    got = ::pread(f.fd, head, sizeof head, 0);
  } while (got < 0 && errno == EINTR);
  if (got < 0 && errno != ESPIPE) {
    error = std::string("read error: ") + std::strerror(errno);
    return false;
  }
  if (got < 0) return read_plain(f.fd, sink, error);  // a FIFO: cannot sniff, read it as it is
  if (looks_compressed(std::string_view(head, static_cast<std::size_t>(got))))
    return read_compressed(f.fd, sink, error);
  return read_plain(f.fd, sink, error);
}

}  // namespace kdiag::cli
