#pragma once
// The table of what a kernel needs to reach the root file system and a console
// (cli/doctor/data/boot_options.tsv, embedded at build time): a driver, file system or console
// name as Linux shows it on this machine -> the Kconfig option and the module that provide it.
#include <string>
#include <string_view>
#include <vector>

namespace kdiag::doctor {

struct BootOption {
  std::string kind;    // driver, iommu, dm, md, fs, console, fb
  std::string name;    // as the kernel spells it ("nvme", "virtio-pci", "ext4", "ttyS", "EFI VGA")
  std::string option;  // CONFIG_ symbol, with the prefix ("CONFIG_BLK_DEV_NVME"); "" when none
  std::string module;  // module name as in an initramfs ("nvme"); "" for a bool option
};

// The embedded table's text (generated from data/boot_options.tsv).
std::string_view boot_options_text();
// Parses the table: '#' comments and blank lines skipped, four tab-separated columns.
std::vector<BootOption> parse_boot_options(std::string_view text);
// The entry of that kind and name, or nullptr. For consoles the name is a prefix ("ttyS" for
// "ttyS0"), the longest one wins.
const BootOption* find_boot_option(const std::vector<BootOption>& table, std::string_view kind, std::string_view name);

}  // namespace kdiag::doctor
