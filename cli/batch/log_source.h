#pragma once
// The bytes of one log file, decompressed when it is compressed: kdiag batch reads CI archives
// as they are (.gz, .xz, .zst and whatever else libarchive's filters know), in-process.
#include <functional>
#include <string>
#include <string_view>

namespace kdiag::cli {

using ByteSink = std::function<void(std::string_view)>;

// Calls sink with the file's (decompressed) bytes, chunk by chunk. Compression is recognised by
// the file's first bytes, not its name, so a renamed or misnamed log reads as what it is. False
// with error set when the file cannot be opened, is a directory, or fails to read or decompress
// part-way (the chunks delivered until then were real bytes of the log).
bool read_log_bytes(const std::string& path, const ByteSink& sink, std::string& error);

// Whether these first bytes of a file start a compressed stream (gzip, xz, zstd, bzip2, lz4).
bool looks_compressed(std::string_view head);

}  // namespace kdiag::cli
