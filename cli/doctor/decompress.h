#pragma once
// One compressed stream in memory (gzip, xz, lzma, bzip2, lz4, zstd: any filter libarchive has)
// decompressed, for the kernel image's payload and compressed modules.
#include <cstddef>
#include <string>
#include <string_view>

namespace kdiag::doctor {

// The decompressed bytes, at most max of them; "" when bytes do not start with a stream
// libarchive recognises. What came before an error is kept: a stream inside a kernel image has
// other bytes after it.
std::string decompress_stream(std::string_view bytes, std::size_t max);

}  // namespace kdiag::doctor
