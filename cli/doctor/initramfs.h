#pragma once
// What an initramfs image holds, read in-process: the early cpio archives (microcode, ACPI tables)
// uncompressed at the front, then the main archive, compressed or not, as the kernel unpacks
// them one after another. Only names are kept: the modules (nvme.ko.zst -> "nvme") and a count.
#include <cstdint>
#include <set>
#include <string>

#include "doctor/machine.h"

namespace kdiag::doctor {

struct InitramfsContents {
  bool readable = false;   // the main archive was opened and read to its end
  bool truncated = false;  // it ended in the middle (a full /boot, an interrupted write)
  std::string error;       // libarchive's message, when not readable
  std::uint64_t size = 0;
  std::size_t early_archives = 0;  // uncompressed cpio archives before the main one
  std::size_t entries = 0;
  std::string compression;        // of the main archive: "zstd", "gzip", "none"...
  std::set<std::string> modules;  // module names, '-' as '_' (modprobe treats them alike)
};

// Reads the image at path (a machine path). Bounded: at most kMaxEntries names are kept.
InitramfsContents read_initramfs(const Machine& machine, const std::string& path);

// "nvme.ko.zst" -> "nvme", "usb-storage.ko" -> "usb_storage"; "" when name is not a module.
std::string module_name_of(std::string_view path);

// A module's name as modprobe compares it: "nvme-core" and "nvme_core" are the same module.
std::string module_key(std::string name);

}  // namespace kdiag::doctor
