#pragma once
// What the initramfs generator on this machine is told to do, read from its configuration: the
// next image it builds for a new kernel (at install time, from pacman's, apt's or dnf's hooks)
// follows these files, not the image on disk today. mkinitcpio: /etc/mkinitcpio.conf and
// /etc/mkinitcpio.conf.d/*.conf (MODULES, HOOKS), and the presets in /etc/mkinitcpio.d that map a
// kernel image to the images built for it. dracut: /usr/lib/dracut/dracut.conf.d, /etc/dracut.conf
// and /etc/dracut.conf.d (drivers, add_drivers, force_drivers, omit_drivers).
#include <string>
#include <vector>

#include "doctor/checks.h"
#include "doctor/initramfs.h"
#include "doctor/machine.h"

namespace kdiag::doctor {

// Module names as a configuration gives them, with where: "/etc/dracut.conf.d/10-x.conf:3".
struct ModuleList {
  std::vector<std::string> names;
  std::vector<std::string> where;  // the same length as names
  std::string set_at;              // where a replacing assignment (drivers="...") was last made
};

struct Preset {
  std::string file;           // /etc/mkinitcpio.d/linux.preset
  std::string kver;           // ALL_kver: the kernel image it is for
  std::string default_image;  // the initramfs it writes
};

struct GeneratorConfig {
  std::string generator;  // "mkinitcpio", "dracut" or "" (none of these configured here)
  ModuleList modules;     // mkinitcpio MODULES; dracut add_drivers and force_drivers
  ModuleList only;        // dracut drivers=: when set, the only kernel drivers it takes
  ModuleList omitted;     // dracut omit_drivers
  std::vector<std::string> hooks;  // mkinitcpio HOOKS
  std::string hooks_at;
  std::vector<Preset> presets;
};

GeneratorConfig read_generator_config(const Machine& machine);

// The mkinitcpio presets in /etc/mkinitcpio.d (read_generator_config gives them too).
std::vector<Preset> read_presets(const Machine& machine);

// The module names of a kernel, from its modules.dep and modules.builtin ("-" as "_"); empty
// when neither can be read.
std::vector<std::string> kernel_module_names(const Machine& machine, const std::string& release);

// A module the new kernel needs in its initramfs to reach the root file system.
struct RootModule {
  std::string module;  // module_key form
  std::string need;    // "driver nvme", "fs ext4"
};

// Whether the generator's configuration will build a usable image for the new kernel: the root
// modules not omitted nor left out (dracut drivers=, mkinitcpio without the block hook), every
// module it is told to add present in that kernel, and (mkinitcpio) a preset for its image.
void check_initramfs_config(const Machine& machine, const NewKernel& kernel, const std::vector<RootModule>& root,
                            Checks& out);

}  // namespace kdiag::doctor
