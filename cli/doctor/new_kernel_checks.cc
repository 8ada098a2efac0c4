// kdiag doctor --kernel: will the kernel about to be booted reach the root file system and show
// a console on this machine? The machine as it runs now says what is needed (the drivers bound
// on the way to the root disk, its file system, the consoles in use); the new kernel's config
// says what it has, and its initramfs what it can load before the root is mounted. Each gap is
// the log rule that the failed boot would have shown (boot.missing-storage-driver,
// boot.no-console-after-efistub, boot.missing-initramfs), found before the reboot.
#include <fmt/format.h>

#include "doctor/boot_table.h"
#include "doctor/checks.h"
#include "doctor/initramfs.h"
#include "doctor/initramfs_config.h"
#include "doctor/module_signatures.h"
#include "doctor/module_trust.h"
#include "doctor/root_device.h"

namespace kdiag::doctor {
namespace {

struct Context {
  const Machine& machine;
  const Facts& facts;
  const NewKernel& kernel;
  std::vector<BootOption> table;
  std::optional<InitramfsContents> initramfs;  // read once, when there is an image
};

std::string short_option(const std::string& option) {
  return option.rfind("CONFIG_", 0) == 0 ? option.substr(7) : option;
}

// How the new kernel provides option/module: "y", "m" (module in the initramfs), "m-missing"
// (module, not in the initramfs), "m-unknown" (module, initramfs unreadable), or "" (not at all).
std::string provided(const Context& c, const BootOption& o) {
  const std::string v = c.facts.config.get(o.option);
  if (v == "y") return "y";
  if (v != "m") return "";
  if (!c.initramfs || !c.initramfs->readable) return "m-unknown";
  return c.initramfs->modules.count(module_key(o.module)) ? "m" : "m-missing";
}

void check_located(const Context& c, Checks& out) {
  const NewKernel& k = c.kernel;
  if (k.release.empty()) {
    out.skipped(
        "new-kernel",
        fmt::format("--kernel {}: cannot tell its release (no utsrelease.h, no vmlinuz-<release> name)", k.arg));
    return;
  }
  out.ok("new-kernel",
         fmt::format("{}: image {}, config {}, initramfs {}", k.release, k.image.empty() ? "not found" : k.image,
                     c.facts.config.known() ? c.facts.config.source : "not found",
                     k.initramfs.empty() ? "not found" : k.initramfs));
}

// Judges a list of needs; adds evidence and fix steps for the ones the new kernel lacks.
struct Judged {
  std::vector<std::string> fine, unjudged, evidence, enable, add_to_initramfs;
  bool certain = false;  // at least one gap is sure (not set, or not in a readable initramfs)
};

void judge(const Context& c, const std::string& what, const BootOption* o, Judged& j) {
  if (!o || o->option.empty()) {
    j.unjudged.push_back(what);
    return;
  }
  const std::string p = provided(c, *o);
  const std::string source = c.facts.config.source;
  if (p == "y" || p == "m") {
    j.fine.push_back(fmt::format("{} ({}={}{})", what, o->option, p, p == "m" ? ", in the initramfs" : ""));
    return;
  }
  if (p.empty()) {
    j.certain = true;
    j.evidence.push_back(fmt::format("{}: {} is not set in {}", what, o->option, source));
    j.enable.push_back(short_option(o->option));
  } else if (p == "m-missing") {
    j.certain = true;
    j.evidence.push_back(
        fmt::format("{}: {}=m, and {}.ko is not in {}", what, o->option, o->module, c.kernel.initramfs));
    j.add_to_initramfs.push_back(o->module);
  } else {
    j.evidence.push_back(fmt::format("{}: {}=m, and the initramfs cannot be read to see whether {}.ko is in it", what,
                                     o->option, o->module));
    j.add_to_initramfs.push_back(o->module);
  }
}

void fix_steps(const Judged& j, Finding& f) {
  if (!j.enable.empty()) {
    std::string cmd = "scripts/config";
    for (const auto& o : j.enable) cmd += " -e " + o;
    f.fix.push_back(cmd +
                    " && make olddefconfig, then rebuild and reinstall the kernel (=y: built in, no initramfs needed)");
  }
  if (!j.add_to_initramfs.empty()) {
    std::string mods;
    for (const auto& m : j.add_to_initramfs) mods += (mods.empty() ? "" : " ") + m;
    f.fix.push_back(
        fmt::format("put {} in the initramfs and rebuild it: mkinitcpio MODULES=({}) && mkinitcpio -P; "
                    "dracut -f --add-drivers '{}'; or echo {} >> /etc/initramfs-tools/modules && "
                    "update-initramfs -u -k {}",
                    mods, mods, mods, mods, "<release>"));
  }
}

void report(Checks& out, const std::string& name, const std::string& rule, double certain_score, const Judged& j,
            const std::vector<std::string>& context, const std::string& root_capture, const std::string& ok_prefix,
            const std::string& release) {
  if (j.evidence.empty()) {
    std::string detail = ok_prefix;
    for (std::size_t i = 0; i < j.fine.size(); ++i) detail += (i ? ", " : "") + j.fine[i];
    if (!j.unjudged.empty()) {
      detail += "; not judged (no option known):";
      for (const auto& u : j.unjudged) detail += " " + u;
    }
    out.ok(name, detail);
    return;
  }
  Finding f;
  f.rule_id = rule;
  f.score = j.certain ? certain_score : 0.6;
  f.evidence = j.evidence;
  for (const auto& line : context) f.evidence.push_back(line);
  fix_steps(j, f);
  for (auto& step : f.fix) {
    if (const auto at = step.find("<release>"); at != std::string::npos) step.replace(at, 9, release);
  }
  if (!root_capture.empty()) f.captures = {{"root", root_capture}};
  out.problem(name, j.evidence.front(), std::move(f));
}

void check_root_chain(const Context& c, const RootDevice& root, Checks& out) {
  if (!root.why_unknown.empty() && root.needs.empty()) {
    out.skipped("root-drivers", "root device not found: " + root.why_unknown);
    return;
  }
  if (!c.facts.config.known()) {
    out.skipped("root-drivers", "the new kernel's config was not found: " + c.facts.config.why_missing);
    return;
  }
  Judged j;
  for (const auto& need : root.needs) {
    const std::string what = fmt::format("{} {}", need.kind, need.name);
    const BootOption* o = find_boot_option(c.table, need.kind, need.name);
    // A kernel without the IOMMU's driver at all probes the controller untranslated; only one
    // that has it as a module the initramfs lacks makes the controller wait for it.
    if (need.kind == "iommu" && o && !o->option.empty() && provided(c, *o).empty()) {
      j.fine.push_back(fmt::format("{} ({} not set: the controller is used without it)", what, o->option));
      continue;
    }
    judge(c, what, o, j);
  }
  std::vector<std::string> context = {fmt::format("root: {} ({}) is {}{}", root.spec, root.spec_source, root.device,
                                                  root.disk.empty() ? "" : " on " + root.disk)};
  for (const auto& need : root.needs) context.push_back(fmt::format("{} {}: {}", need.kind, need.name, need.where));
  report(out, "root-drivers", "boot.missing-storage-driver", 1.0, j, context, root.spec,
         fmt::format("{} on {}: ", root.spec, root.device), c.kernel.release);
}

void check_root_fs(const Context& c, const RootDevice& root, Checks& out) {
  if (!c.facts.config.known()) {
    out.skipped("root-filesystem", "the new kernel's config was not found");
    return;
  }
  Judged j;
  if (root.fstype.empty()) {
    j.unjudged.push_back("root file system type (not in /proc/cmdline, /etc/fstab or /proc/mounts)");
  } else {
    judge(c, "fs " + root.fstype, find_boot_option(c.table, "fs", root.fstype), j);
  }
  // udev and every initramfs need devtmpfs; GPT disks need the EFI partition parser.
  const BootOption devtmpfs{"", "devtmpfs", "CONFIG_DEVTMPFS", ""};
  judge(c, "devtmpfs", &devtmpfs, j);
  if (!root.disk.empty() && c.machine.is_dir("/sys/firmware/efi")) {
    const BootOption gpt{"", "GPT", "CONFIG_EFI_PARTITION", ""};
    judge(c, fmt::format("partition table of {} (UEFI: GPT)", root.disk), &gpt, j);
  }
  std::vector<std::string> context;
  if (!root.fstype.empty())
    context.push_back(fmt::format("root file system: {} ({})", root.fstype, root.fstype_source));
  report(out, "root-filesystem", "boot.missing-storage-driver", 1.0, j, context, root.spec, "", c.kernel.release);
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t end = std::min(text.find('\n', i), text.size());
    if (std::string line = trim(std::string_view(text).substr(i, end - i)); !line.empty())
      out.push_back(std::move(line));
    i = end + 1;
  }
  return out;
}

void check_console(const Context& c, Checks& out) {
  if (!c.facts.config.known()) {
    out.skipped("console", "the new kernel's config was not found");
    return;
  }
  const ReadResult consoles = c.machine.read("/proc/consoles", 64 * 1024);
  if (!consoles.content) {
    out.skipped("console", "/proc/consoles: " + consoles.error);
    return;
  }
  // The framebuffers in use now: /sys/class/graphics/fbN/name ("simpledrm", "EFI VGA", "i915drmfb").
  std::vector<std::string> fbs;
  for (const auto& fb : c.machine.list_dir("/sys/class/graphics")) {
    if (fb.rfind("fb", 0) != 0) continue;
    if (const ReadResult r = c.machine.read("/sys/class/graphics/" + fb + "/name", 256); r.content)
      fbs.push_back(trim(*r.content));
  }
  std::vector<std::string> drm;
  for (const auto& card : c.machine.list_dir("/sys/class/drm")) {
    if (card.rfind("card", 0) != 0 || card.find('-') != std::string::npos) continue;
    const std::string driver = c.machine.link_target("/sys/class/drm/" + card + "/device/driver");
    if (!driver.empty()) drm.push_back(card + ": " + driver.substr(driver.find_last_of('/') + 1));
  }
  Judged j;
  std::vector<std::string> context;
  for (const auto& line : lines_of(*consoles.content)) {
    const std::string name = line.substr(0, line.find_first_of(" \t"));
    context.push_back("/proc/consoles: " + line);
    const BootOption* o = find_boot_option(c.table, "console", name);
    judge(c, "console " + name, o, j);
    if (!o || o->name != "tty") continue;
    // A VT console shows nothing without a framebuffer early in boot, before any GPU driver
    // loads: the firmware's (simpledrm, efifb, vesafb, simplefb) must be built in.
    std::vector<const BootOption*> firmware;
    for (const auto& t : c.table) {
      if (t.kind == "fb") firmware.push_back(&t);
    }
    // On x86 simpledrm and simplefb bind only to the simple-framebuffer device that sysfb makes
    // with CONFIG_SYSFB_SIMPLEFB; without it sysfb makes efi-framebuffer/vesa-framebuffer instead.
    // vesafb only takes the VESA mode a BIOS boot set up; under UEFI it never binds.
    const bool x86 = c.facts.config.enabled("CONFIG_X86");
    const bool uefi = c.machine.is_dir("/sys/firmware/efi");
    const auto usable = [&](const BootOption* f) {
      if (!c.facts.config.enabled(f->option)) return false;
      if (uefi && f->option == "CONFIG_FB_VESA") return false;
      const bool simple = f->option == "CONFIG_DRM_SIMPLEDRM" || f->option == "CONFIG_FB_SIMPLE";
      return !simple || !x86 || c.facts.config.enabled("CONFIG_SYSFB_SIMPLEFB");
    };
    const BootOption* built = nullptr;
    for (const auto* f : firmware) {
      if (usable(f)) built = f;
    }
    if (built) {
      j.fine.push_back(fmt::format("framebuffer {}=y", built->option));
      continue;
    }
    // Name the one this machine uses now, else simpledrm (what distributions use since 6.x).
    const BootOption* now = nullptr;
    for (const auto& fb : fbs) {
      if (const BootOption* f = find_boot_option(c.table, "fb", fb)) now = f;
    }
    if (!now) now = find_boot_option(c.table, "fb", "simpledrm");
    j.certain = true;
    std::string none;
    for (const auto* f : firmware) none += (none.empty() ? "" : ", ") + short_option(f->option);
    j.evidence.push_back(fmt::format("console {}: no firmware framebuffer built in ({}: none =y in {}{})", name, none,
                                     c.facts.config.source,
                                     x86 ? "; simpledrm/simplefb also need SYSFB_SIMPLEFB on x86" : ""));
    j.enable.push_back(short_option(now->option));
    const bool simple = now->option == "CONFIG_DRM_SIMPLEDRM" || now->option == "CONFIG_FB_SIMPLE";
    if (simple && x86 && !c.facts.config.enabled("CONFIG_SYSFB_SIMPLEFB")) j.enable.push_back("SYSFB_SIMPLEFB");
  }
  for (const auto& fb : fbs) context.push_back("framebuffer now: " + fb);
  for (const auto& d : drm) context.push_back("/sys/class/drm/" + d);
  report(out, "console", "boot.no-console-after-efistub", 0.9, j, context, "", "", c.kernel.release);
}

void check_initramfs(const Context& c, const RootDevice& root, Checks& out) {
  const NewKernel& k = c.kernel;
  if (k.initramfs.empty()) {
    // Without one the kernel must mount root itself: everything built in, and root= a name the
    // kernel knows (PARTUUID= or /dev/...; UUID= and LABEL= are resolved by the initramfs).
    bool needed = root.spec.rfind("UUID=", 0) == 0 || root.spec.rfind("LABEL=", 0) == 0;
    std::string why = needed ? fmt::format("root={} needs an initramfs to be found", root.spec) : "";
    for (const auto& need : root.needs) {
      const BootOption* o = find_boot_option(c.table, need.kind, need.name);
      if (need.kind != "driver") {
        needed = true;
        if (why.empty()) why = fmt::format("{} {} is set up by the initramfs", need.kind, need.name);
      } else if (o && !o->option.empty() && c.facts.config.get(o->option) == "m") {
        needed = true;
        if (why.empty()) why = fmt::format("{}=m must be loaded from an initramfs", o->option);
      }
    }
    if (!needed) {
      out.ok("initramfs", "no initramfs found, and the root device needs none (drivers built in)");
      return;
    }
    Finding f;
    f.rule_id = "boot.missing-initramfs";
    std::string tried;
    for (const auto& t : k.initramfs_tried) tried += (tried.empty() ? "" : ", ") + t;
    f.evidence.push_back(
        fmt::format("no initramfs for {}: {} missing", k.release, tried.empty() ? "nothing to look at" : tried));
    f.evidence.push_back(why);
    f.fix.push_back(
        fmt::format("make one: update-initramfs -c -k {0} (Debian), dracut --kver {0} (Fedora), mkinitcpio -k {0} -g "
                    "/boot/initramfs-{0}.img (Arch), kernel-install add {0} /boot/vmlinuz-{0} (systemd-boot)",
                    k.release));
    out.problem("initramfs", f.evidence.front(), std::move(f));
    return;
  }
  const InitramfsContents& i = *c.initramfs;
  if (!i.readable) {
    Finding f;
    f.rule_id = "initramfs.boot-full";
    f.score = i.truncated ? 1.0 : 0.7;
    f.evidence.push_back(fmt::format("{} ({}): {}{}", k.initramfs, human_bytes(i.size),
                                     i.truncated ? "truncated: " : "unreadable: ", i.error));
    if (i.early_archives)
      f.evidence.push_back(fmt::format("{} early (uncompressed) archive(s) read before it", i.early_archives));
    f.fix.push_back(
        fmt::format("free space in /boot, then rebuild the image: update-initramfs -u -k {0} / dracut -f --kver {0} / "
                    "mkinitcpio -P",
                    k.release));
    out.problem("initramfs", f.evidence.front(), std::move(f));
    return;
  }
  out.ok("initramfs", fmt::format("{}: {}, {} compression, {} early archive(s), {} entries, {} modules", k.initramfs,
                                  human_bytes(i.size), i.compression, i.early_archives, i.entries, i.modules.size()));
}

// A module's name as a finding captures it: "/lib/.../updates/dkms/ledblink.ko.xz" -> "ledblink".
std::string module_capture(const std::string& path) {
  const std::string file = path.substr(path.find_last_of('/') + 1);
  return file.substr(0, file.find(".ko"));
}

// All signed: the modules built on this machine (DKMS's updates/, extra/) must be signed with a
// key the kernel trusts, or it refuses them ("Key was rejected by service") - the storage or GPU
// driver among them.
void check_module_keys(const Context& c, const ModuleSignatures& s, const std::vector<std::string>& enforced_by,
                       Checks& out) {
  const std::string release = c.kernel.release;
  const TrustedKeys keys = trusted_keys(c.machine, s, c.kernel.tree);
  std::vector<const SignedModule*> local, foreign;
  for (const auto& m : s.signers) {
    if (m.shipped) continue;
    local.push_back(&m);
    if (!trusts(keys, m.signer)) foreign.push_back(&m);
  }
  const std::string signed_line = fmt::format("{} of {} sampled modules of {} are signed", s.signed_count,
                                              s.looked_at, release);
  if (local.empty()) {
    out.ok("new-kernel-signatures", signed_line + ", all of them the kernel's own");
    return;
  }
  if (keys.own.empty() && keys.certs.empty()) {
    out.ok("new-kernel-signatures",
           signed_line + "; whose keys it trusts is not known (no signed module of its own read, no UEFI db or MOK list)");
    return;
  }
  if (foreign.empty()) {
    out.ok("new-kernel-signatures", fmt::format("{}; the {} built on this machine with a key it trusts", signed_line,
                                                local.size()));
    return;
  }
  const SignedModule& m = *foreign.front();
  Finding f;
  f.rule_id = "module.key-rejected";
  f.score = 0.9;
  f.evidence = enforced_by;
  f.evidence.push_back(fmt::format("{} is signed by {}", m.path, m.signer.describe()));
  std::string own = "none read";
  for (std::size_t i = 0; i < keys.own.size(); ++i) own = (i ? own + "; " : "") + keys.own[i].describe();
  f.evidence.push_back(fmt::format("the kernel's own modules are signed by: {}", own));
  std::string trusted;
  for (const auto& line : keys.looked_at) trusted += (trusted.empty() ? "" : ", ") + line;
  f.evidence.push_back(fmt::format("no certificate for that key in {}", trusted.empty() ? "the UEFI variables (none readable)" : trusted));
  if (foreign.size() > 1) {
    f.evidence.push_back(fmt::format("{} module(s) built here are signed by keys it does not trust", foreign.size()));
  }
  f.captures = {{"module", module_capture(m.path)}};
  if (const std::string cert = certificate_file_for(c.machine, m.signer, c.kernel.tree); !cert.empty()) {
    f.fix.push_back(fmt::format("Enroll the key that signed it: mokutil --import {} (set a one-time password), "
                                "reboot and confirm the enrolment in MokManager; mokutil --test-key {} then says "
                                "it is enrolled.",
                                cert, cert));
  } else {
    f.fix.push_back("Enroll the certificate of the key that signed it (mokutil --import <cert.der>, confirm in "
                    "MokManager at the next boot), or sign the module with a key the kernel trusts: "
                    "scripts/sign-file sha256 <key.priv> <cert.der> <module.ko>.");
  }
  out.problem("new-kernel-signatures", f.evidence[enforced_by.size()], std::move(f));
}

// Modules of the new kernel under enforcement: a machine that refuses unsigned modules now (its
// kernel's sig_enforce, lockdown) or a new kernel that will (MODULE_SIG_FORCE) needs them signed,
// or every module, the storage driver among them, is refused at boot.
void check_module_signatures(const Context& c, Checks& out) {
  const NewKernel& k = c.kernel;
  std::vector<std::string> enforced_by;
  if (c.facts.config.enabled("CONFIG_MODULE_SIG_FORCE")) {
    enforced_by.push_back(fmt::format("CONFIG_MODULE_SIG_FORCE=y ({})", c.facts.config.source));
  }
  if (sig_enforced_now(c.machine)) {
    enforced_by.push_back(
        "/sys/module/module/parameters/sig_enforce: Y now (module.sig_enforce=1 on the command line)");
  }
  std::string why;
  if (const std::string mode = lockdown_mode(c.machine, why); !mode.empty() && mode != "none") {
    enforced_by.push_back(fmt::format("/sys/kernel/security/lockdown: [{}] now", mode));
  }
  if (enforced_by.empty()) {
    out.ok("new-kernel-signatures",
           "module signatures are not enforced (no sig_enforce, lockdown or MODULE_SIG_FORCE)");
    return;
  }
  if (k.release.empty() || !c.machine.is_dir("/lib/modules/" + k.release)) {
    out.skipped("new-kernel-signatures",
                fmt::format("signatures enforced ({}), but /lib/modules/{} is not there to check", enforced_by.front(),
                            k.release.empty() ? "<release>" : k.release));
    return;
  }
  const ModuleSignatures s = module_signatures(c.machine, "/lib/modules/" + k.release);
  if (s.looked_at == 0) {
    out.skipped("new-kernel-signatures",
                fmt::format("signatures enforced; no readable module under /lib/modules/{}{}", k.release,
                            s.unreadable.empty() ? "" : " (" + s.unreadable.front() + ")"));
    return;
  }
  if (s.signed_count == s.looked_at) {
    check_module_keys(c, s, enforced_by, out);
    return;
  }
  Finding f;
  f.rule_id = "module.signature-rejected";
  // Certain for the unsigned modules; the storage driver may be built in, hence below 1.
  f.score = s.signed_count == 0 ? 0.9 : 0.75;
  f.evidence = enforced_by;
  f.evidence.push_back(fmt::format("{} of {} sampled modules of {} carry no signature, e.g. {}",
                                   s.looked_at - s.signed_count, s.looked_at, k.release, s.unsigned_examples.front()));
  if (c.facts.config.known() && !c.facts.config.enabled("CONFIG_MODULE_SIG")) {
    f.evidence.push_back(
        fmt::format("CONFIG_MODULE_SIG is not set ({}): the build signs nothing", c.facts.config.source));
  }
  f.captures = {{"module", module_capture(s.unsigned_examples.front())}};
  f.fix = {
      "Sign the new kernel's modules when they are built: scripts/config -e MODULE_SIG -e MODULE_SIG_ALL "
      "--set-str MODULE_SIG_KEY certs/signing_key.pem && make olddefconfig, rebuild, then make modules_install "
      "(it signs each module) and regenerate the initramfs.",
      "Under Secure Boot, enroll the certificate the build used so the machine trusts it: mokutil --import "
      "certs/signing_key.x509 (then reboot and confirm in MokManager)."};
  out.problem("new-kernel-signatures", f.evidence[enforced_by.size()], std::move(f));
}

// The modules the new kernel must load from its initramfs to reach the root file system.
std::vector<RootModule> root_modules(const Context& c, const RootDevice& root) {
  std::vector<RootModule> modules;
  const auto add = [&](const std::string& kind, const std::string& name) {
    const BootOption* o = find_boot_option(c.table, kind, name);
    if (o && !o->module.empty() && c.facts.config.get(o->option) == "m") {
      modules.push_back({module_key(o->module), kind + " " + name});
    }
  };
  for (const auto& need : root.needs) add(need.kind, need.name);
  if (!root.fstype.empty()) add("fs", root.fstype);
  return modules;
}

}  // namespace

void check_new_kernel(const Machine& machine, const Facts& facts, Checks& out) {
  const NewKernel& kernel = *facts.new_kernel;
  Context c{machine, facts, kernel, parse_boot_options(boot_options_text()), std::nullopt};
  if (!kernel.initramfs.empty()) c.initramfs = read_initramfs(machine, kernel.initramfs);
  check_located(c, out);
  const RootDevice root = find_root_device(machine);
  check_root_chain(c, root, out);
  check_root_fs(c, root, out);
  check_initramfs(c, root, out);
  check_console(c, out);
  check_module_signatures(c, out);
  check_initramfs_config(machine, kernel, root_modules(c, root), out);
}

}  // namespace kdiag::doctor
