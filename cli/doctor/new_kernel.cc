// Finding the kernel --kernel names and the files it will boot with. VERSION means an installed
// (or about to be installed) kernel: /boot/vmlinuz-VERSION, /lib/modules/VERSION. PATH is either a
// build tree (its .config, include/generated/utsrelease.h and arch/*/boot image) or an image file
// whose name carries the release. The initramfs is looked for where the generators write it:
// initramfs-tools (/boot/initrd.img-V), dracut (/boot/initramfs-V.img), kernel-install for
// systemd-boot (<ESP>/<machine-id>/V/initrd), and a mkinitcpio preset that names the image.
#include <fmt/format.h>

#include "doctor/checks.h"
#include "doctor/initramfs_config.h"

namespace kdiag::doctor {
namespace {

std::string basename_of(const std::string& path) {
  const auto slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// A mkinitcpio preset (/etc/mkinitcpio.d/*.preset) whose ALL_kver is image: its default_image.
std::string preset_image(const Machine& machine, const std::string& image) {
  if (image.empty()) return "";
  for (const auto& p : read_presets(machine)) {
    if (p.kver == image && !p.default_image.empty()) return p.default_image;
  }
  return "";
}

}  // namespace

NewKernel locate_new_kernel(const Machine& machine, const std::string& arg) {
  NewKernel k;
  k.arg = arg;
  if (arg.find('/') == std::string::npos) {
    k.release = arg;
    if (machine.is_file("/boot/vmlinuz-" + arg)) k.image = "/boot/vmlinuz-" + arg;
    return k;
  }
  std::string path = arg;
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  if (machine.is_dir(path)) {
    k.tree = path;
    k.release = tree_release(machine, path);
    for (const auto& a : machine.list_dir(path + "/arch")) {
      for (const char* name : {"bzImage", "Image", "zImage", "vmlinuz.efi"}) {
        const std::string image = fmt::format("{}/arch/{}/boot/{}", path, a, name);
        if (machine.is_file(image)) k.image = image;
      }
    }
    return k;
  }
  k.image = machine.is_file(path) ? path : "";
  const std::string base = basename_of(path);
  // vmlinuz-6.9.1-arch1-1, vmlinux-6.9.1, linux-6.9.1.efi
  for (const char* prefix : {"vmlinuz-", "vmlinux-", "linux-", "bzImage-"}) {
    if (base.rfind(prefix, 0) == 0) {
      k.release = base.substr(std::string_view(prefix).size());
      if (k.release.ends_with(".efi")) k.release.resize(k.release.size() - 4);
      break;
    }
  }
  return k;
}

void find_initramfs(const Machine& machine, NewKernel& k) {
  std::vector<std::string> candidates;
  if (const std::string preset = preset_image(machine, k.image); !preset.empty()) candidates.push_back(preset);
  if (!k.release.empty()) {
    const std::string& r = k.release;
    candidates.push_back("/boot/initrd.img-" + r);
    candidates.push_back("/boot/initramfs-" + r + ".img");
    candidates.push_back("/boot/initrd-" + r);
    for (const char* esp : {"/efi", "/boot/efi", "/boot"}) {
      for (const auto& id : machine.list_dir(esp)) {
        // kernel-install: <ESP>/<machine-id>/<release>/{linux,initrd}
        if (machine.is_dir(fmt::format("{}/{}/{}", esp, id, r)))
          candidates.push_back(fmt::format("{}/{}/{}/initrd", esp, id, r));
      }
    }
  }
  for (const auto& c : candidates) {
    if (machine.is_file(c)) {
      k.initramfs = c;
      return;
    }
    k.initramfs_tried.push_back(c);
  }
}

}  // namespace kdiag::doctor
