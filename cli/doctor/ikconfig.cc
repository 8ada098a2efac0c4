#include "doctor/ikconfig.h"

#include <string_view>

#include <fmt/format.h>

#include "doctor/decompress.h"

namespace kdiag::doctor {
namespace {

constexpr std::size_t kMaxImage = std::size_t{256} << 20;
constexpr std::size_t kMaxPayload = std::size_t{512} << 20;
constexpr std::size_t kMaxConfig = std::size_t{16} << 20;
constexpr std::size_t kMaxStreamsTried = 64;  // candidate magics looked at in one image

// kernel/configs.c wraps the gzipped .config in these markers (scripts/extract-ikconfig).
constexpr std::string_view kStart = "IKCFG_ST";
constexpr std::string_view kEnd = "IKCFG_ED";

// The config in text that holds the markers, or nullopt.
std::optional<std::string> config_between_markers(std::string_view data) {
  const std::size_t start = data.find(kStart);
  if (start == std::string_view::npos) return std::nullopt;
  const std::size_t begin = start + kStart.size();
  const std::size_t end = data.find(kEnd, begin);
  const std::string_view gz = data.substr(begin, end == std::string_view::npos ? data.size() - begin : end - begin);
  std::string text = decompress_stream(gz, kMaxConfig);
  if (text.find("CONFIG_") == std::string::npos) return std::nullopt;
  return text;
}

}  // namespace

EmbeddedConfig embedded_config_of(std::string_view image) {
  EmbeddedConfig out;
  if (auto text = config_between_markers(image)) {
    out.text = std::move(text);
    return out;
  }
  // Compressed payloads: every place a known compressor's magic begins (gzip, xz, lzma, bzip2,
  // lz4 legacy, zstd), as extract-ikconfig tries them.
  static const std::string_view kMagics[] = {std::string_view("\x1f\x8b\x08", 3),
                                             std::string_view("\xfd"
                                                              "7zXZ\0",
                                                              6),
                                             std::string_view("\x5d\0\0\0", 4),
                                             "BZh",
                                             std::string_view("\x02\x21\x4c\x18", 4),
                                             std::string_view("\x28\xb5\x2f\xfd", 4)};
  std::size_t tried = 0;
  for (std::size_t at = 0; at < image.size() && tried < kMaxStreamsTried; ++at) {
    bool magic = false;
    for (const auto m : kMagics) magic = magic || image.substr(at, m.size()) == m;
    if (!magic) continue;
    ++tried;
    const std::string payload = decompress_stream(image.substr(at), kMaxPayload);
    if (payload.empty()) continue;
    if (auto text = config_between_markers(payload)) {
      out.text = std::move(text);
      return out;
    }
  }
  out.error = "no embedded config in the image (CONFIG_IKCONFIG off, or a compression libarchive cannot read)";
  return out;
}

EmbeddedConfig embedded_config(const Machine& machine, const std::string& image) {
  EmbeddedConfig out;
  const ReadResult r = machine.read(image, kMaxImage);
  if (!r.content) {
    out.error = image + ": " + r.error;
    return out;
  }
  out = embedded_config_of(*r.content);
  if (!out.text) out.error = image + ": " + out.error;
  return out;
}

}  // namespace kdiag::doctor
