#pragma once
// The device the root file system lives on, as this machine runs now, and what the kernel needs to
// reach it: the driver of every device on the way from the block device up to the bus (nvme, then
// nothing; sd, then ahci; virtio_blk, then virtio-pci), the IOMMU and the suppliers (power
// domains, clocks...) those devices wait for, the device-mapper and RAID layers under it, and its
// file system type. Read from /proc/cmdline, /etc/fstab, /proc/mounts and sysfs,
// all under the machine's root.
#include <string>
#include <vector>

#include "doctor/machine.h"

namespace kdiag::doctor {

struct RootNeed {
  std::string kind;   // driver, iommu, dm, md (kinds of data/boot_options.tsv)
  std::string name;   // "nvme", "crypt", "raid1"
  std::string where;  // the sysfs path it was read from, for the evidence
};

struct RootDevice {
  std::string spec;         // "UUID=...", "/dev/nvme0n1p2" ("" when none was found)
  std::string spec_source;  // "/proc/cmdline root=", "/etc/fstab", "/proc/mounts"
  std::string fstype;       // "ext4" ("" when unknown)
  std::string fstype_source;
  std::string device;       // the kernel's name of the block device: "nvme0n1p2"
  std::string disk;         // the whole disk when device is a partition: "nvme0n1"
  std::string why_unknown;  // why the chain could not be walked ("" when it was)
  std::vector<RootNeed> needs;
};

RootDevice find_root_device(const Machine& machine);

// The value of a key=value word of a kernel command line ("" when absent); stops at "--", after
// which the words are init's.
std::string cmdline_value(std::string_view cmdline, std::string_view key);

}  // namespace kdiag::doctor
