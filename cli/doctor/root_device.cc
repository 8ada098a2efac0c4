// Walking from the root file system to the drivers it needs. sysfs says it all: a block device's
// `device` link leads to the device that registered it, each device up to /sys/devices has a
// `driver` link when a driver is bound, partitions sit inside their disk's directory, and
// device-mapper/RAID devices list what they are made of in slaves/, and a device's `iommu` and
// `supplier:*` links lead to what its probe waits for.
#include "doctor/root_device.h"

#include <cctype>
#include <climits>
#include <cstdlib>

#include <fmt/format.h>

namespace kdiag::doctor {
namespace {

constexpr int kMaxDepth = 8;     // dm on md on dm...: more is a loop
constexpr int kMaxParents = 24;  // device levels from a block device up to /sys/devices

std::string basename_of(const std::string& path) {
  const auto slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string parent_of(const std::string& path) {
  const auto slash = path.find_last_of('/');
  return slash == std::string::npos || slash == 0 ? "/" : path.substr(0, slash);
}

// The machine path of path with every symlink resolved, inside the root.
std::string resolved(const Machine& machine, const std::string& path) {
  if (machine.is_real_root()) {
    char buf[PATH_MAX];
    return ::realpath(path.c_str(), buf) ? std::string(buf) : path;
  }
  const std::string host = machine.host_path(path);
  if (host.empty()) return path;  // not resolvable inside the root
  const std::string& root = machine.options().root;
  return host.rfind(root, 0) == 0 ? (host.size() == root.size() ? "/" : host.substr(root.size())) : path;
}

struct Mount {
  std::string spec, type;
};

// The entry mounted at / in an fstab-format file (/etc/fstab, /proc/mounts): the last one wins.
Mount root_entry(const Machine& machine, const std::string& path) {
  Mount found;
  const ReadResult r = machine.read(path, 1 << 20);
  if (!r.content) return found;
  std::size_t i = 0;
  const std::string& text = *r.content;
  while (i < text.size()) {
    const std::size_t end = std::min(text.find('\n', i), text.size());
    const std::string line = trim(std::string_view(text).substr(i, end - i));
    i = end + 1;
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> fields;
    std::size_t j = 0;
    while (j < line.size() && fields.size() < 3) {
      const std::size_t start = line.find_first_not_of(" \t", j);
      if (start == std::string::npos) break;
      const std::size_t stop = std::min(line.find_first_of(" \t", start), line.size());
      fields.push_back(line.substr(start, stop - start));
      j = stop;
    }
    if (fields.size() == 3 && fields[1] == "/" && fields[0] != "rootfs") found = {fields[0], fields[2]};
  }
  return found;
}

// The kernel name of the block device a root= or fstab spec names ("" when it cannot be told).
std::string device_of(const Machine& machine, const std::string& spec) {
  static const std::pair<const char*, const char*> kinds[] = {{"UUID=", "/dev/disk/by-uuid/"},
                                                              {"PARTUUID=", "/dev/disk/by-partuuid/"},
                                                              {"LABEL=", "/dev/disk/by-label/"},
                                                              {"PARTLABEL=", "/dev/disk/by-partlabel/"}};
  std::string path = spec;
  for (const auto& [prefix, dir] : kinds) {
    if (spec.rfind(prefix, 0) == 0) path = dir + spec.substr(std::string_view(prefix).size());
  }
  if (path.rfind("/dev/", 0) != 0) return "";
  // /dev/disk/by-*/X and /dev/mapper/X are links to ../../nvme0n1p2 or ../dm-0.
  if (const std::string target = machine.link_target(path); !target.empty()) return basename_of(target);
  if (path.rfind("/dev/mapper/", 0) == 0) {
    const std::string name = path.substr(12);
    for (const auto& dev : machine.list_dir("/sys/class/block")) {
      if (const ReadResult r = machine.read("/sys/class/block/" + dev + "/dm/name", 256);
          r.content && trim(*r.content) == name) {
        return dev;
      }
    }
    return "";
  }
  if (path.rfind("/dev/disk/", 0) == 0) return "";
  const std::string name = path.substr(5);
  return machine.exists("/sys/class/block/" + name) ? name : "";
}

void add_need(RootDevice& root, std::string kind, std::string name, std::string where) {
  for (const auto& n : root.needs) {
    if (n.kind == kind && n.name == name) return;
  }
  root.needs.push_back({std::move(kind), std::move(name), std::move(where)});
}

// The devices from dir up to /sys/devices that have a driver bound, with the driver's name.
std::vector<std::pair<std::string, std::string>> drivers_up(const Machine& machine, std::string dir) {
  std::vector<std::pair<std::string, std::string>> found;
  for (int up = 0; up < kMaxParents && dir.rfind("/sys/devices/", 0) == 0; ++up, dir = parent_of(dir)) {
    if (const std::string driver = machine.link_target(dir + "/driver"); !driver.empty()) {
      found.emplace_back(dir, basename_of(driver));
    }
  }
  return found;
}

// An IOMMU registers a class device under its own device: <device>/iommu/<name> (a directory,
// where a device the IOMMU translates for has an `iommu` link instead).
bool registers_iommu(const Machine& machine, const std::string& dir) {
  return machine.link_target(dir + "/iommu").empty() && machine.is_dir(dir + "/iommu");
}

// What a device on the root chain waits for before its driver can probe it: its IOMMU (the
// `iommu` link) and the suppliers fw_devlink linked it to (power domains, clocks, regulators,
// PHYs: `supplier:<bus>:<name>` links to a devlink whose `supplier` link is the device). Each
// is a need like the chain's own drivers: =m and missing from the initramfs, the controller
// stays in deferred probe and the root device never appears.
void add_suppliers(const Machine& machine, const std::string& dir, RootDevice& root) {
  const std::string consumer = basename_of(dir);
  if (machine.exists(dir + "/iommu") && !machine.link_target(dir + "/iommu").empty()) {
    const std::string iommu = resolved(machine, dir + "/iommu");
    const auto drivers = drivers_up(machine, iommu);
    if (drivers.empty()) {
      // Intel's DMAR units and AMD-Vi are not driver-model devices: named by their class device.
      std::string name = basename_of(iommu);
      while (!name.empty() && std::isdigit(static_cast<unsigned char>(name.back()))) name.pop_back();
      add_need(root, "iommu", name, fmt::format("{}/iommu -> {} (the IOMMU of {})", dir, iommu, consumer));
    }
    for (std::size_t k = 0; k < drivers.size(); ++k) {
      add_need(root, k == 0 ? "iommu" : "driver", drivers[k].second,
               fmt::format("{}/driver (the IOMMU of {}: {}/iommu -> {})", drivers[k].first, consumer, dir, iommu));
    }
  }
  for (const auto& entry : machine.list_dir(dir)) {
    if (entry.rfind("supplier:", 0) != 0) continue;
    const std::string supplier = resolved(machine, resolved(machine, dir + "/" + entry) + "/supplier");
    if (supplier.rfind("/sys/devices/", 0) != 0 || registers_iommu(machine, supplier)) continue;
    // (A supplier no driver is bound to now is not one this machine needs to boot.)
    for (const auto& [where, driver] : drivers_up(machine, supplier)) {
      add_need(root, "driver", driver,
               fmt::format("{}/driver (a supplier of {}: {}/{})", where, consumer, dir, entry));
    }
  }
}

void walk(const Machine& machine, const std::string& dev, int depth, RootDevice& root) {
  if (depth > kMaxDepth) return;
  const std::string base = "/sys/class/block/" + dev;
  if (!machine.exists(base)) {
    if (root.why_unknown.empty()) root.why_unknown = base + ": missing";
    return;
  }
  if (machine.exists(base + "/partition")) {
    // /sys/devices/.../nvme0n1/nvme0n1p2: the disk is the directory above.
    const std::string disk = basename_of(parent_of(resolved(machine, base)));
    if (depth == 0) root.disk = disk;
    walk(machine, disk, depth + 1, root);
    return;
  }
  if (machine.is_dir(base + "/dm")) {
    const ReadResult uuid = machine.read(base + "/dm/uuid", 256);
    const std::string u = uuid.content ? trim(*uuid.content) : "";
    // dm's uuid names who made it: cryptsetup (CRYPT-LUKS2-...), LVM (LVM-...).
    add_need(root, "dm", u.rfind("CRYPT-", 0) == 0 ? "crypt" : "linear",
             base + "/dm/uuid: " + (u.empty() ? "(none)" : u));
  } else if (machine.is_dir(base + "/md")) {
    const ReadResult level = machine.read(base + "/md/level", 64);
    if (level.content) add_need(root, "md", trim(*level.content), base + "/md/level: " + trim(*level.content));
  }
  const auto slaves = machine.list_dir(base + "/slaves");
  if (!slaves.empty()) {
    for (const auto& slave : slaves) walk(machine, slave, depth + 1, root);
    return;
  }
  if (dev.rfind("loop", 0) == 0) add_need(root, "driver", "loop", base);
  if (!machine.exists(base + "/device")) return;
  std::string dir = resolved(machine, base + "/device");
  for (int up = 0; up < kMaxParents && dir.rfind("/sys/devices/", 0) == 0; ++up, dir = parent_of(dir)) {
    const std::string driver = machine.link_target(dir + "/driver");
    if (!driver.empty()) add_need(root, "driver", basename_of(driver), dir + "/driver -> " + driver);
    add_suppliers(machine, dir, root);
  }
}

}  // namespace

std::string cmdline_value(std::string_view cmdline, std::string_view key) {
  std::size_t i = 0;
  std::string found;
  while (i < cmdline.size()) {
    const std::size_t start = cmdline.find_first_not_of(" \t\n", i);
    if (start == std::string_view::npos) break;
    const std::size_t stop = std::min(cmdline.find_first_of(" \t\n", start), cmdline.size());
    const std::string_view word = cmdline.substr(start, stop - start);
    if (word == "--") break;
    if (word.size() > key.size() && word.substr(0, key.size()) == key && word[key.size()] == '=') {
      found = std::string(word.substr(key.size() + 1));  // the last one counts, as for the kernel
    }
    i = stop;
  }
  return found;
}

RootDevice find_root_device(const Machine& machine) {
  RootDevice root;
  const ReadResult cmdline = machine.read("/proc/cmdline", 64 * 1024);
  const Mount fstab = root_entry(machine, "/etc/fstab");
  const Mount mounted = root_entry(machine, "/proc/mounts");
  struct Candidate {
    std::string spec, source;
  };
  std::vector<Candidate> candidates;
  if (cmdline.content) {
    if (std::string spec = cmdline_value(*cmdline.content, "root"); !spec.empty()) {
      candidates.push_back({spec, "/proc/cmdline root="});
    }
    if (std::string type = cmdline_value(*cmdline.content, "rootfstype"); !type.empty()) {
      root.fstype = type;
      root.fstype_source = "/proc/cmdline rootfstype=";
    }
  }
  if (!fstab.spec.empty()) candidates.push_back({fstab.spec, "/etc/fstab"});
  if (!mounted.spec.empty()) candidates.push_back({mounted.spec, "/proc/mounts"});
  if (root.fstype.empty()) {
    const Mount& m = !fstab.type.empty() && fstab.type != "auto" ? fstab : mounted;
    if (!m.type.empty()) {
      root.fstype = m.type;
      root.fstype_source = &m == &fstab ? "/etc/fstab" : "/proc/mounts";
    }
  }
  std::vector<std::string> tried;
  for (const auto& c : candidates) {
    const std::string dev = device_of(machine, c.spec);
    if (dev.empty()) {
      tried.push_back(fmt::format("{} {}: no such block device in /sys/class/block", c.source, c.spec));
      continue;
    }
    root.spec = c.spec;
    root.spec_source = c.source;
    root.device = dev;
    break;
  }
  if (root.device.empty()) {
    if (candidates.empty()) tried.push_back("no root= in /proc/cmdline, no / in /etc/fstab or /proc/mounts");
    for (std::size_t k = 0; k < tried.size(); ++k) root.why_unknown += (k ? "; " : "") + tried[k];
    return root;
  }
  walk(machine, root.device, 0, root);
  return root;
}

}  // namespace kdiag::doctor
