// Checks for loading the modules you build: a kernel that enforces signatures (MODULE_SIG_FORCE,
// module.sig_enforce=1) or is locked down (usually because Secure Boot is on) refuses unsigned
// modules, so a module that built fine still fails at insmod. That is only a problem when there is
// no key to sign with, so doctor looks for the usual signing keys before it reports a finding.
#include <fmt/format.h>

#include "doctor/checks.h"

namespace kdiag::doctor {
namespace {

constexpr const char* kSecureBootVar = "/sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-e0a98c3d2a8c";

// A key that modules can be signed with: the kernel's own build key (self-built kernels), DKMS's
// MOK key (Debian/Ubuntu dkms, enrolled with mokutil) or shim-signed's.
std::vector<std::string> signing_key_paths(const Facts& facts) {
  std::vector<std::string> paths;
  if (!facts.build_dir.empty()) paths.push_back(facts.build_dir + "/certs/signing_key.pem");
  paths.push_back("/var/lib/dkms/mok.key");
  paths.push_back("/var/lib/shim-signed/mok/MOK.priv");
  return paths;
}

std::string find_signing_key(const Machine& machine, const Facts& facts) {
  for (const auto& path : signing_key_paths(facts)) {
    if (machine.exists(path)) return path;
  }
  return "";
}

std::string missing_keys_line(const Facts& facts) {
  std::string line = "no module signing key found: ";
  const auto paths = signing_key_paths(facts);
  for (std::size_t i = 0; i < paths.size(); ++i) line += (i ? ", " : "") + paths[i];
  return line + " missing";
}

struct SecureBoot {
  enum State { unknown, enabled, disabled } state = unknown;
  std::string detail;
};

SecureBoot read_secure_boot(const Machine& machine) {
  SecureBoot sb;
  if (!machine.is_dir("/sys/firmware/efi")) {
    sb.detail = "not booted with UEFI (no /sys/firmware/efi)";
    return sb;
  }
  const ReadResult r = machine.read(kSecureBootVar, 64);
  if (!r.content || r.content->empty()) {
    sb.detail = fmt::format("SecureBoot EFI variable: {}", r.content ? "empty" : r.error);
    return sb;
  }
  // efivarfs: 4 bytes of attributes, then the value; 1 = enabled.
  sb.state = r.content->back() == 1 ? SecureBoot::enabled : SecureBoot::disabled;
  sb.detail = sb.state == SecureBoot::enabled ? "Secure Boot: enabled" : "Secure Boot: disabled";
  return sb;
}

// Without CONFIG_MODULES nothing loads, signed or not: modules-enabled reports that.
bool modules_disabled(const Facts& facts) { return facts.config.known() && !facts.config.enabled("CONFIG_MODULES"); }

void check_sig_enforce(const Machine& machine, const Facts& facts, Checks& out) {
  if (modules_disabled(facts)) {
    out.skipped("module-signing",
                fmt::format("CONFIG_MODULES is not set ({}): no module loads at all", facts.config.source));
    return;
  }
  std::vector<std::string> enforced_by;
  if (facts.config.enabled("CONFIG_MODULE_SIG_FORCE")) {
    enforced_by.push_back(fmt::format("CONFIG_MODULE_SIG_FORCE=y ({})", facts.config.source));
  }
  if (facts.release_is_running && sig_enforced_now(machine)) {
    enforced_by.push_back("/sys/module/module/parameters/sig_enforce: Y (module.sig_enforce=1)");
  }
  if (enforced_by.empty()) {
    if (!facts.config.known() && !facts.release_is_running) {
      out.skipped("module-signing", "kernel config unknown");
      return;
    }
    out.ok("module-signing", "signatures not enforced: unsigned modules load (and taint the kernel)");
    return;
  }
  const std::string key = find_signing_key(machine, facts);
  if (!key.empty()) {
    out.ok("module-signing", fmt::format("signatures enforced; sign the modules you build with {}", key));
    return;
  }
  Finding f;
  f.rule_id = "module.signature-rejected";
  // Certain for every unsigned module; whether you will load one is not known here.
  f.score = 0.7;
  f.evidence = enforced_by;
  f.evidence.push_back(missing_keys_line(facts));
  f.captures = {{"module", "<module>"}};
  out.problem("module-signing", "signatures enforced and no signing key found: unsigned modules will be rejected",
              std::move(f));
}

void check_lockdown(const Machine& machine, const Facts& facts, const SecureBoot& sb, Checks& out) {
  if (modules_disabled(facts)) {
    out.skipped("lockdown", fmt::format("CONFIG_MODULES is not set ({}): no module loads at all", facts.config.source));
    return;
  }
  if (!facts.release_is_running) {
    out.skipped("lockdown", "lockdown is a state of the running kernel, and the kernel checked is not running");
    return;
  }
  std::string why;
  const std::string mode = lockdown_mode(machine, why);
  Finding f;
  f.rule_id = "module.lockdown-unsigned";
  f.captures = {{"module", "<module>"}, {"comm", "<comm>"}};
  if (mode.empty()) {
    if (sb.state != SecureBoot::enabled) {
      out.skipped("lockdown", fmt::format("/sys/kernel/security/lockdown: {}; {}", why, sb.detail));
      return;
    }
    // Most distribution kernels lock down when Secure Boot is on.
    f.score = 0.5;
    f.evidence.push_back(fmt::format("/sys/kernel/security/lockdown: {}", why));
    f.evidence.push_back("Secure Boot: enabled (distribution kernels lock down under Secure Boot)");
  } else if (mode == "none") {
    out.ok("lockdown", fmt::format("none ({})", sb.detail));
    return;
  } else {
    f.score = 0.7;
    f.evidence.push_back(fmt::format("/sys/kernel/security/lockdown: [{}]", mode));
    if (sb.state == SecureBoot::enabled) f.evidence.push_back("Secure Boot: enabled");
  }
  const std::string key = find_signing_key(machine, facts);
  if (!key.empty()) {
    out.ok("lockdown", fmt::format("{}; sign modules with {} (its certificate must be enrolled as a MOK)",
                                   f.evidence.front(), key));
    return;
  }
  f.evidence.push_back(missing_keys_line(facts));
  out.problem("lockdown", "locked down and no signing key found: unsigned modules will not load", std::move(f));
}

}  // namespace

bool sig_enforced_now(const Machine& machine) {
  const ReadResult r = machine.read("/sys/module/module/parameters/sig_enforce", 16);
  return r.content && trim(*r.content) == "Y";
}

std::string lockdown_mode(const Machine& machine, std::string& why) {
  const ReadResult r = machine.read("/sys/kernel/security/lockdown", 256);
  if (!r.content) {
    why = r.error;
    return "";
  }
  // "none [integrity] confidentiality": the bracketed word is the mode in force.
  const auto open = r.content->find('['), close = r.content->find(']');
  if (open == std::string::npos || close == std::string::npos || close < open) {
    why = "unrecognised";
    return "";
  }
  return r.content->substr(open + 1, close - open - 1);
}

void check_signing(const Machine& machine, const Facts& facts, Checks& out) {
  const SecureBoot sb = read_secure_boot(machine);
  if (sb.state == SecureBoot::unknown) out.skipped("secure-boot", sb.detail);
  else out.ok("secure-boot", sb.state == SecureBoot::enabled ? "enabled" : "disabled");
  check_sig_enforce(machine, facts, out);
  check_lockdown(machine, facts, sb, out);
}

}  // namespace kdiag::doctor
