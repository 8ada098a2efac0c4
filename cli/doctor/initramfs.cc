// Reading initramfs images with libarchive. The kernel accepts a concatenation of cpio archives,
// each of which may be compressed; distributions put the CPU microcode (and ACPI table overrides)
// in an uncompressed "early" archive first (dracut, mkinitcpio, initramfs-tools all do), then the
// main, compressed one. libarchive reads one archive per handle, so the early ones are walked
// here (newc headers are plain text) to find where the main one starts, which libarchive then
// reads with whatever filter (zstd, gzip, xz, lz4) it detects.
#include "doctor/initramfs.h"

#include <algorithm>

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace kdiag::doctor {
namespace {

constexpr std::size_t kMaxEntries = 200000;
constexpr int kMaxEarlyArchives = 16;

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

bool read_at(int fd, std::uint64_t offset, char* buf, std::size_t n) {
  std::size_t done = 0;
  while (done < n) {
    const ssize_t got = ::pread(fd, buf + done, n - done, static_cast<off_t>(offset + done));
    if (got <= 0) return false;
    done += static_cast<std::size_t>(got);
  }
  return true;
}

std::uint64_t hex8(const char* p) {
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) {
    const char c = p[i];
    v <<= 4;
    if (c >= '0' && c <= '9') v |= static_cast<std::uint64_t>(c - '0');
    else if (c >= 'a' && c <= 'f') v |= static_cast<std::uint64_t>(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F') v |= static_cast<std::uint64_t>(c - 'A' + 10);
    else return UINT64_MAX;
  }
  return v;
}

// libarchive's words for a stream that ends early ("Truncated zstd input", "Premature end of
// gzip compressed data", "Truncated cpio header").
bool says_truncated(const std::string& error) {
  return error.find("runcated") != std::string::npos || error.find("remature") != std::string::npos ||
         error.find("nexpected end") != std::string::npos;
}

std::uint64_t align4(std::uint64_t n) { return (n + 3) & ~std::uint64_t{3}; }

// Skips one uncompressed newc/crc cpio archive starting at offset: the offset after its
// TRAILER!!! entry, or 0 when there is no such archive there.
std::uint64_t skip_cpio(int fd, std::uint64_t offset, std::uint64_t size, InitramfsContents& out) {
  std::uint64_t at = offset;
  for (std::size_t n = 0; n < kMaxEntries && at + 110 <= size; ++n) {
    char header[110];
    if (!read_at(fd, at, header, sizeof header)) return 0;
    if (std::memcmp(header, "07070", 5) != 0 || (header[5] != '1' && header[5] != '2')) return 0;
    const std::uint64_t filesize = hex8(header + 54), namesize = hex8(header + 94);
    if (filesize == UINT64_MAX || namesize == UINT64_MAX || namesize == 0 || namesize > 4096) return 0;
    std::string name(namesize, '\0');
    if (!read_at(fd, at + 110, name.data(), namesize)) return 0;
    name.resize(namesize - 1);
    at = align4(at + 110 + namesize);
    at = align4(at + filesize);
    if (name == "TRAILER!!!") return at;
    ++out.entries;
    if (std::string m = module_name_of(name); !m.empty()) out.modules.insert(std::move(m));
  }
  return 0;
}

// The first non-zero byte at or after offset (archives are padded with zeros between them).
std::uint64_t skip_zeros(int fd, std::uint64_t offset, std::uint64_t size) {
  char buf[4096];
  while (offset < size) {
    const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(sizeof buf, size - offset));
    if (!read_at(fd, offset, buf, n)) return size;
    for (std::size_t i = 0; i < n; ++i) {
      if (buf[i] != 0) return offset + i;
    }
    offset += n;
  }
  return size;
}

}  // namespace

std::string module_name_of(std::string_view path) {
  const auto slash = path.find_last_of('/');
  std::string name(slash == std::string_view::npos ? path : path.substr(slash + 1));
  for (const char* ext : {".zst", ".xz", ".gz"}) {
    if (name.ends_with(ext)) name.resize(name.size() - std::strlen(ext));
  }
  if (!name.ends_with(".ko") || name.size() <= 3) return "";
  name.resize(name.size() - 3);
  return module_key(std::move(name));
}

std::string module_key(std::string name) {
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
}

InitramfsContents read_initramfs(const Machine& machine, const std::string& path) {
  InitramfsContents out;
  // Confined to the root, and never a FIFO or a device (machine.h).
  const Fd fd(machine.open_file(path, out.error));
  if (fd.get() < 0) return out;
  const off_t end = ::lseek(fd.get(), 0, SEEK_END);
  if (end <= 0) {
    out.error = end == 0 ? "empty file" : std::strerror(errno);
    out.truncated = end == 0;
    return out;
  }
  out.size = static_cast<std::uint64_t>(end);
  std::uint64_t offset = 0;
  for (int k = 0; k < kMaxEarlyArchives; ++k) {
    const std::uint64_t next = skip_cpio(fd.get(), offset, out.size, out);
    if (next == 0) break;
    ++out.early_archives;
    offset = skip_zeros(fd.get(), next, out.size);
  }
  if (offset >= out.size) {
    // Only uncompressed archives: the image was one plain cpio (or the early one alone).
    out.compression = "none";
    out.readable = out.early_archives > 0;
    if (!out.readable) out.error = "no cpio archive found";
    return out;
  }
  if (::lseek(fd.get(), static_cast<off_t>(offset), SEEK_SET) < 0) {
    out.error = std::strerror(errno);
    return out;
  }
  archive* a = archive_read_new();
  archive_read_support_filter_all(a);
  archive_read_support_format_cpio(a);
  if (archive_read_open_fd(a, fd.get(), 64 * 1024) != ARCHIVE_OK) {
    out.error = archive_error_string(a) ? archive_error_string(a) : "cannot open the archive";
    out.truncated = says_truncated(out.error);
    archive_read_free(a);
    return out;
  }
  archive_entry* entry = nullptr;
  int rc = ARCHIVE_OK;
  std::size_t n = 0;
  while (n < kMaxEntries && (rc = archive_read_next_header(a, &entry)) == ARCHIVE_OK) {
    ++n;
    ++out.entries;
    if (const char* name = archive_entry_pathname(entry)) {
      if (std::string m = module_name_of(name); !m.empty()) out.modules.insert(std::move(m));
    }
    // Reading past the data is how a truncated compressed stream shows itself.
    rc = archive_read_data_skip(a);
    if (rc != ARCHIVE_OK) break;
  }
  if (archive_filter_count(a) > 1) {
    const char* name = archive_filter_name(a, 0);
    out.compression = name ? name : "unknown";
  } else {
    out.compression = "none";
  }
  if (rc == ARCHIVE_EOF || n == kMaxEntries) {
    out.readable = true;
  } else {
    const char* msg = archive_error_string(a);
    out.error = msg ? msg : "read error";
    // Entries read, then an error: the archive stopped in the middle.
    out.truncated = says_truncated(out.error) || n > 0;
  }
  archive_read_free(a);
  return out;
}

}  // namespace kdiag::doctor
