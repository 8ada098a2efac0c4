#pragma once
// The configuration a kernel image carries inside itself (CONFIG_IKCONFIG): a kernel installed by
// hand or by a distribution without /boot/config-VERSION still says how it was built.
#include <optional>
#include <string>

#include "doctor/machine.h"

namespace kdiag::doctor {

struct EmbeddedConfig {
  std::optional<std::string> text;  // the .config text
  std::string error;                // why not: "no IKCONFIG in the image (CONFIG_IKCONFIG off)", ...
};

// Reads the image (vmlinux, or a bzImage / Image.gz / vmlinuz whose payload is compressed with
// gzip, xz, lzma, bzip2, lz4 or zstd) as scripts/extract-ikconfig does: the marked, gzipped config
// directly, else in each compressed stream the image holds. Bounded: the image up to 256 MiB, each
// decompressed payload up to 512 MiB, the config up to 16 MiB.
EmbeddedConfig embedded_config(const Machine& machine, const std::string& image);

// The same on bytes already read (tests, and images read another way).
EmbeddedConfig embedded_config_of(std::string_view image);

}  // namespace kdiag::doctor
