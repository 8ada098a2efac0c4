// Checks that the next initramfs fits: /boot (and a separate ESP) fill up with old kernels and
// fallback images, and a full /boot leaves a truncated or missing image that fails the next boot.
// The size of the next image is estimated from the images already there.
#include <algorithm>

#include <fmt/format.h>

#include "doctor/checks.h"

namespace kdiag::doctor {
namespace {

struct Image {
  std::string path;
  std::uint64_t size = 0;
};

bool is_initramfs_name(const std::string& name) {
  return name.rfind("initramfs", 0) == 0 || name.rfind("initrd", 0) == 0;
}

bool is_boot_image_name(const std::string& name, const std::string& dir) {
  if (is_initramfs_name(name) || name == "initrd" || name.rfind("vmlinuz", 0) == 0) return true;
  // Unified kernel images, as kernel-install, ukify and lanzaboote place them.
  return name.size() > 4 && name.compare(name.size() - 4, 4, ".efi") == 0 &&
         dir.find("/EFI/Linux") != std::string::npos;
}

// Boot images under dir, a few levels down (systemd-boot: /efi/<machine-id>/<kver>/initrd).
void collect(const Machine& machine, const std::string& dir, int depth, std::vector<Image>& out) {
  for (const auto& name : machine.list_dir(dir)) {
    const std::string path = (dir == "/" ? "" : dir) + "/" + name;
    if (machine.link_target(path).size()) continue;  // initrd.img -> initrd.img-X: counted once
    if (machine.is_dir(path)) {
      if (depth > 0) collect(machine, path, depth - 1, out);
    } else if (is_boot_image_name(name, dir)) {
      if (auto size = machine.file_size(path)) out.push_back({path, *size});
    }
  }
}

const Image* largest(const std::vector<Image>& images, bool fallback) {
  const Image* best = nullptr;
  for (const auto& image : images) {
    const bool is_fallback = image.path.find("fallback") != std::string::npos;
    if (is_fallback != fallback) continue;
    if (!best || image.size > best->size) best = &image;
  }
  return best;
}

void check_space(const Machine& machine, const std::string& name, const std::string& dir, bool esp, Checks& out) {
  std::vector<Image> images;
  std::vector<Image> initramfs;
  collect(machine, dir, esp ? 3 : 0, images);
  for (const auto& image : images) {
    const std::string base = image.path.substr(image.path.find_last_of('/') + 1);
    if (is_initramfs_name(base) || base == "initrd" || base.ends_with(".efi")) initramfs.push_back(image);
  }
  if (initramfs.empty()) {
    out.skipped(name, fmt::format("no initramfs images in {} to size the next one by", dir));
    return;
  }
  const std::optional<std::uint64_t> free = machine.free_bytes(dir, esp);
  if (!free) {
    out.skipped(name, fmt::format("cannot read the free space of {}", dir));
    return;
  }
  // The next image is about as large as the largest one there, and is written beside the old one
  // (update-initramfs, dracut) or comes with a fallback image of its own (mkinitcpio).
  const Image* main = largest(initramfs, false);
  const Image* fallback = largest(initramfs, true);
  std::uint64_t needed = 0;
  std::string how;
  if (main && fallback) {
    needed = main->size + fallback->size;
    how = fmt::format("{} {} + fallback {} {}", main->path, human_bytes(main->size), fallback->path,
                      human_bytes(fallback->size));
  } else {
    const Image* only = main ? main : fallback;
    needed = 2 * only->size;
    how = fmt::format("twice {} {}: the new image is written beside the old", only->path, human_bytes(only->size));
  }
  const std::string line = fmt::format("{}: {} free, the next initramfs needs about {} ({})", dir, human_bytes(*free),
                                       human_bytes(needed), how);
  if (*free >= needed) {
    out.ok(name, line);
    return;
  }
  Finding f;
  f.rule_id = "initramfs.boot-full";
  f.evidence.push_back(line);
  std::size_t kernels = 0;
  for (const auto& image : images) kernels += image.path.find("/vmlinuz") != std::string::npos;
  if (kernels > 1)
    f.evidence.push_back(fmt::format("{}: {} kernel images installed (old kernels can go)", dir, kernels));
  out.problem(name, line, std::move(f));
}

}  // namespace

void check_boot(const Machine& machine, const Facts& facts, Checks& out) {
  (void)facts;
  if (!machine.is_dir("/boot")) out.skipped("boot-space", "no /boot directory");
  else check_space(machine, "boot-space", "/boot", false, out);
  // The ESP counts when it is a file system of its own; an injected free-space number stands for
  // one in tests (a fake tree cannot hold a mount).
  std::string esp;
  for (const char* dir : {"/efi", "/boot/efi"}) {
    if (machine.is_dir(dir) && (machine.is_mount_point(dir) || machine.options().esp_free)) {
      esp = dir;
      break;
    }
  }
  if (esp.empty()) out.skipped("esp-space", "no separate EFI system partition mounted at /efi or /boot/efi");
  else check_space(machine, "esp-space", esp, true, out);
}

}  // namespace kdiag::doctor
