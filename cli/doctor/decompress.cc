#include "doctor/decompress.h"

#include <array>

#include <archive.h>

namespace kdiag::doctor {

std::string decompress_stream(std::string_view bytes, std::size_t max) {
  std::string out;
  archive* a = archive_read_new();
  archive_read_support_filter_all(a);
  archive_read_support_format_raw(a);
  archive_entry* entry = nullptr;
  // More than one filter: a decompressor stood in front of the raw bytes.
  if (archive_read_open_memory(a, bytes.data(), bytes.size()) == ARCHIVE_OK &&
      archive_read_next_header(a, &entry) == ARCHIVE_OK && archive_filter_count(a) > 1) {
    std::array<char, 65536> buf{};
    while (out.size() < max) {
      const la_ssize_t n = archive_read_data(a, buf.data(), buf.size());
      if (n <= 0) break;
      out.append(buf.data(), static_cast<std::size_t>(n));
    }
  }
  archive_read_free(a);
  if (out.size() > max) out.resize(max);
  return out;
}

}  // namespace kdiag::doctor
