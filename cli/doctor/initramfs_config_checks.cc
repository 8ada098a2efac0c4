// Checking the initramfs generator's configuration against the kernel about to be booted: the
// image on disk may be fine today, yet the one rebuilt at the next kernel install follows these
// files (see initramfs_config.h). Each gap is the rule the failed build or boot would show.
#include <algorithm>

#include <fmt/format.h>

#include "doctor/initramfs_config.h"

namespace kdiag::doctor {
namespace {

// Where list names module ("" when it does not).
std::string where_listed(const ModuleList& list, const std::string& module) {
  for (std::size_t i = 0; i < list.names.size(); ++i) {
    if (module_key(list.names[i]) == module) return list.where[i];
  }
  return "";
}

std::string rebuild_command(const GeneratorConfig& g, const NewKernel& k) {
  return g.generator == "dracut" ? fmt::format("dracut -f --kver {}", k.release) : "mkinitcpio -P";
}

// The root modules the next image would lack.
void check_root_modules(const GeneratorConfig& g, const NewKernel& k, const std::vector<RootModule>& root,
                        Checks& out) {
  Finding f;
  f.rule_id = "boot.missing-storage-driver";
  f.score = 0.9;
  const bool block_hook = std::find(g.hooks.begin(), g.hooks.end(), "block") != g.hooks.end();
  for (const auto& r : root) {
    if (const std::string at = where_listed(g.omitted, r.module); !at.empty()) {
      f.evidence.push_back(fmt::format("{}: omit_drivers lists {}, which the root device needs ({})", at, r.module, r.need));
      f.fix.push_back(fmt::format("remove {} from omit_drivers in {}, then {}", r.module,
                                  at.substr(0, at.rfind(':')), rebuild_command(g, k)));
    } else if (!g.only.set_at.empty() && where_listed(g.only, r.module).empty() &&
               where_listed(g.modules, r.module).empty()) {
      f.evidence.push_back(fmt::format("{}: drivers=\"...\" replaces dracut's own choice of drivers and does not name "
                                       "{}, which the root device needs ({})",
                                       g.only.set_at, r.module, r.need));
      f.fix.push_back(fmt::format("in {} use add_drivers+=\" {} \" (it adds to dracut's choice) instead of drivers=, "
                                  "or add {} to it; then {}",
                                  g.only.set_at.substr(0, g.only.set_at.rfind(':')), r.module, r.module,
                                  rebuild_command(g, k)));
    } else if (g.generator == "mkinitcpio" && !g.hooks_at.empty() && !block_hook &&
               where_listed(g.modules, r.module).empty()) {
      f.evidence.push_back(fmt::format("{}: HOOKS has no block hook (which adds the storage drivers) and MODULES does "
                                       "not name {}, which the root device needs ({})",
                                       g.hooks_at, r.module, r.need));
      f.fix.push_back(fmt::format("add block to HOOKS (after autodetect) or {} to MODULES in {}, then mkinitcpio -P",
                                  r.module, g.hooks_at.substr(0, g.hooks_at.rfind(':'))));
    }
  }
  if (f.evidence.empty()) {
    std::string names;
    for (const auto& r : root) names += (names.empty() ? "" : " ") + r.module;
    out.ok("initramfs-config-root",
           fmt::format("{}'s configuration keeps the root modules{}", g.generator, names.empty() ? " (none)" : ": " + names));
    return;
  }
  f.captures = {{"module", root.empty() ? "" : root.front().module}};
  out.problem("initramfs-config-root", f.evidence.front(), std::move(f));
}

// Modules the configuration adds that the new kernel does not have: the generator stops on them
// (mkinitcpio "==> ERROR: module not found", dracut-install "ERROR: installing").
void check_listed_modules(const Machine& machine, const GeneratorConfig& g, const NewKernel& k, Checks& out) {
  if (g.modules.names.empty()) {
    out.ok("initramfs-config-modules", fmt::format("{} adds no modules by name", g.generator));
    return;
  }
  const std::vector<std::string> known = kernel_module_names(machine, k.release);
  if (known.empty()) {
    out.skipped("initramfs-config-modules",
                fmt::format("/lib/modules/{}/modules.dep and modules.builtin: not readable", k.release));
    return;
  }
  Finding f;
  f.rule_id = "initramfs.module-not-found";
  for (std::size_t i = 0; i < g.modules.names.size(); ++i) {
    const std::string& name = g.modules.names[i];
    if (std::binary_search(known.begin(), known.end(), module_key(name))) continue;
    f.evidence.push_back(fmt::format("{}: {} is not a module of {} (not in its modules.dep or modules.builtin)",
                                     g.modules.where[i], name, k.release));
    if (f.captures.empty()) f.captures = {{"module", name}};
  }
  if (f.evidence.empty()) {
    out.ok("initramfs-config-modules",
           fmt::format("the {} module(s) {} adds are all in {}", g.modules.names.size(), g.generator, k.release));
    return;
  }
  f.fix.push_back(fmt::format(
      "remove the module(s) from the configuration line named, or install what builds them for {} (an out-of-tree "
      "module: dkms autoinstall -k {}; a renamed one: its new name in modinfo), then {}",
      k.release, k.release, rebuild_command(g, k)));
  out.problem("initramfs-config-modules", f.evidence.front(), std::move(f));
}

// mkinitcpio -P (pacman's hook) builds images only for the kernels its presets name.
void check_preset(const GeneratorConfig& g, const NewKernel& k, Checks& out) {
  if (g.generator != "mkinitcpio" || k.image.empty() || k.image.rfind("/boot/", 0) != 0) return;
  std::string named;
  for (const auto& p : g.presets) {
    if (p.kver == k.image) {
      out.ok("initramfs-preset", fmt::format("{} builds {} for {}", p.file, p.default_image, k.image));
      return;
    }
    named += fmt::format("{}{} -> {}", named.empty() ? "" : ", ", p.file, p.kver.empty() ? "(no ALL_kver)" : p.kver);
  }
  Finding f;
  f.rule_id = "boot.missing-initramfs";
  f.score = k.initramfs.empty() ? 0.9 : 0.6;
  f.evidence.push_back(fmt::format("no preset in /etc/mkinitcpio.d has ALL_kver=\"{}\": mkinitcpio -P builds no "
                                   "initramfs for it{}",
                                   k.image, named.empty() ? "" : " (" + named + ")"));
  if (!k.initramfs.empty()) {
    f.evidence.push_back(fmt::format("{} exists now, but no preset will rebuild it", k.initramfs));
  }
  const std::string name = k.image.substr(k.image.rfind('/') + 1);
  f.fix.push_back(fmt::format("write /etc/mkinitcpio.d/{0}.preset with ALL_kver=\"{1}\", PRESETS=('default') and "
                              "default_image=\"/boot/initramfs-{0}.img\", then mkinitcpio -p {0} (and add the image "
                              "to the boot loader entry)",
                              name.rfind("vmlinuz-", 0) == 0 ? name.substr(8) : name, k.image));
  out.problem("initramfs-preset", f.evidence.front(), std::move(f));
}

}  // namespace

void check_initramfs_config(const Machine& machine, const NewKernel& kernel, const std::vector<RootModule>& root,
                            Checks& out) {
  const GeneratorConfig g = read_generator_config(machine);
  if (g.generator.empty() || kernel.release.empty()) return;  // initramfs-tools: nothing to read here
  check_root_modules(g, kernel, root, out);
  check_listed_modules(machine, g, kernel, out);
  check_preset(g, kernel, out);
}

}  // namespace kdiag::doctor
