// Checks for building modules against the kernel: is its build tree there, for this release,
// prepared, and would the compiler on PATH accept the kernel's flags? These are the causes of most
// out-of-tree (DKMS, M=) build failures, and each is visible on the machine before make runs.
#include <fmt/format.h>

#include "doctor/checks.h"

namespace kdiag::doctor {
namespace {

std::string family_of(std::string_view text) {
  if (text.find("clang") != std::string_view::npos) return "clang";
  if (text.find("gcc") != std::string_view::npos || text.find("GCC") != std::string_view::npos) return "gcc";
  return "";
}

void check_release(const Facts& facts, const Machine& machine, Checks& out) {
  if (facts.release.empty()) {
    out.skipped("kernel-release", facts.release_refused.empty()
                                      ? fmt::format("unknown: no /proc/sys/kernel/osrelease under {}; pass --release",
                                                    machine.options().root)
                                      : fmt::format("unknown: {}; pass --release", facts.release_refused));
    return;
  }
  out.ok("kernel-release", fmt::format("{} ({})", facts.release, facts.release_source));
}

void check_config(const Facts& facts, Checks& out) {
  if (!facts.config.known()) {
    out.skipped("kernel-config", "no kernel config found: " + facts.config.why_missing);
    return;
  }
  out.ok("kernel-config", fmt::format("{} ({} options set)", facts.config.source, facts.config.values.size()));
}

// A kernel without loadable module support loads no module at all: every out-of-tree (DKMS, M=)
// build for it is wasted, whatever the headers and the compiler say.
void check_modules_enabled(const Facts& facts, Checks& out) {
  if (!facts.config.known()) {
    out.skipped("modules-enabled", "kernel config unknown");
    return;
  }
  if (facts.config.enabled("CONFIG_MODULES")) {
    out.ok("modules-enabled", fmt::format("CONFIG_MODULES=y ({})", facts.config.source));
    return;
  }
  Finding f;
  f.rule_id = "kbuild.modules-disabled";
  f.evidence.push_back(
      fmt::format("CONFIG_MODULES is not set in {}: this kernel cannot load any module", facts.config.source));
  f.fix.push_back(
      "scripts/config -e MODULES && make olddefconfig, then rebuild and install the kernel (or build the driver in as "
      "=y)");
  out.problem("modules-enabled", f.evidence.front(), std::move(f));
}

void check_headers_present(const Machine& machine, const Facts& facts, Checks& out) {
  if (facts.build_dir.empty()) {
    out.skipped("headers-present", "kernel release unknown: pass --release or --kernel-dir");
    return;
  }
  const std::string& dir = facts.build_dir;
  const std::string target = machine.link_target(dir);
  if (facts.build_dir_usable) {
    out.ok("headers-present", target.empty() ? dir : fmt::format("{} -> {}", dir, target));
    return;
  }
  Finding f;
  f.rule_id = "kbuild.headers-missing";
  if (!target.empty() && !machine.exists(dir)) {
    f.evidence.push_back(fmt::format("{}: symlink to {}, which does not exist", dir, target));
  } else if (machine.is_dir(dir)) {
    f.evidence.push_back(fmt::format("{}: exists but has no Makefile (empty or partial headers)", dir));
  } else {
    f.evidence.push_back(fmt::format("{}: missing", dir));
  }
  // Headers for other kernels: the usual story is an upgrade without a reboot.
  std::vector<std::string> others;
  for (const auto& name : machine.list_dir("/lib/modules")) {
    if (name != facts.release && machine.is_file("/lib/modules/" + name + "/build/Makefile")) others.push_back(name);
  }
  if (!others.empty()) {
    std::string list;
    for (std::size_t i = 0; i < others.size(); ++i) list += (i ? ", " : "") + others[i];
    f.evidence.push_back(fmt::format("build trees exist for other kernels: {} (not rebooted after an upgrade?)", list));
  }
  f.captures = {{"kver", facts.release.empty() ? "<kver>" : facts.release}, {"builddir", dir}};
  out.problem("headers-present", f.evidence.front(), std::move(f));
}

void check_headers_release(const Machine& machine, const Facts& facts, Checks& out) {
  if (!facts.build_dir_usable) {
    out.skipped("headers-release", "no kernel build directory to look at");
    return;
  }
  if (facts.release.empty()) {
    out.skipped("headers-release", "kernel release unknown: nothing to compare the build tree with");
    return;
  }
  std::string where;
  const std::string found = tree_release(machine, facts.build_dir, &where);
  if (found.empty()) {
    out.skipped("headers-release",
                fmt::format("{} has neither include/config/kernel.release nor include/generated/utsrelease.h",
                            facts.build_dir));
    return;
  }
  if (found == facts.release) {
    out.ok("headers-release", fmt::format("{} is for {}", facts.build_dir, found));
    return;
  }
  Finding f;
  f.rule_id = "kbuild.headers-version-mismatch";
  f.evidence.push_back(fmt::format("{}: {}", where, found));
  f.evidence.push_back(fmt::format("kernel checked: {} ({})", facts.release, facts.release_source));
  f.captures = {{"target_kver", facts.release}, {"kver", found}, {"builddir", facts.build_dir}};
  out.problem("headers-release", fmt::format("build tree is for {}, kernel is {}", found, facts.release), std::move(f));
}

void check_headers_prepared(const Machine& machine, const Facts& facts, Checks& out) {
  if (!facts.build_dir_usable) {
    out.skipped("headers-prepared", "no kernel build directory to look at");
    return;
  }
  Finding f;
  f.rule_id = "kbuild.kernel-tree-unprepared";
  for (const char* file : {"include/generated/autoconf.h", "include/config/auto.conf", "Module.symvers"}) {
    const std::string path = facts.build_dir + "/" + file;
    if (!machine.is_file(path)) f.evidence.push_back(path + ": missing");
  }
  if (f.evidence.empty()) {
    out.ok("headers-prepared", "autoconf.h, auto.conf and Module.symvers present");
    return;
  }
  f.captures = {{"builddir", facts.build_dir}};
  out.problem("headers-prepared", f.evidence.front(), std::move(f));
}

void check_compiler(const Machine& machine, const Facts& facts, Checks& out) {
  std::string kernel_cc = facts.config.get("CONFIG_CC_VERSION_TEXT");
  std::string kernel_cc_source = facts.config.source;
  if (kernel_cc.empty() && facts.release_is_running) {
    if (const ReadResult r = machine.read("/proc/version"); r.content) {
      kernel_cc = compiler_from_proc_version(*r.content);
      kernel_cc_source = "/proc/version";
    }
  }
  const std::string family = family_of(kernel_cc);
  if (kernel_cc.empty() || family.empty()) {
    out.skipped("compiler",
                "the kernel's compiler is unknown (no CONFIG_CC_VERSION_TEXT in its config, no /proc/version)");
    return;
  }
  const std::vector<int> kernel_version = parse_version(kernel_cc);
  // kbuild's CC is gcc, or clang with LLVM=1 (what a clang-built kernel needs).
  std::string name = family;
  std::string path = machine.find_tool(name);
  if (path.empty() && family == "gcc") {
    name = "cc";
    path = machine.find_tool(name);
  }
  const std::string built_by = fmt::format("kernel built by: {} ({})", kernel_cc, kernel_cc_source);
  if (path.empty()) {
    const std::string other = family == "gcc" ? "clang" : "gcc";
    const std::string other_path = machine.find_tool(other);
    Finding f;
    f.evidence = {built_by, fmt::format("{}: not found on PATH", family)};
    if (!other_path.empty()) {
      const ToolRun run = machine.run(other_path, {"--version"});
      f.rule_id = "kbuild.compiler-mismatch";
      f.score = 0.9;
      f.evidence.push_back(fmt::format("{} is installed instead: {}", other, run.first_line()));
      f.captures = {{"cc", other}, {"built_by", kernel_cc}, {"using", run.first_line()}};
    } else {
      f.rule_id = "kbuild.tool-missing";
      f.captures = {{"tool", family}};
    }
    out.problem("compiler", f.evidence[1], std::move(f));
    return;
  }
  const ToolRun run = machine.run(path, {"--version"});
  const std::string using_cc = run.first_line();
  if (!run.started || run.status != 0 || using_cc.empty()) {
    Finding f;
    f.rule_id = "kbuild.tool-missing";
    f.evidence = {built_by, fmt::format("{} --version failed: {}", path, using_cc.empty() ? "no output" : using_cc)};
    f.captures = {{"tool", name}};
    out.problem("compiler", f.evidence[1], std::move(f));
    return;
  }
  if (using_cc == kernel_cc) {
    out.ok("compiler", fmt::format("{} is {}, as the kernel's", path, using_cc));
    return;
  }
  const std::string using_family = family_of(using_cc);
  const std::vector<int> using_version = parse_version(using_cc);
  const bool same_major = !kernel_version.empty() && !using_version.empty() && kernel_version[0] == using_version[0];
  Finding f;
  f.evidence = {built_by, fmt::format("{} --version: {}", path, using_cc)};
  f.captures = {{"cc", name}, {"built_by", kernel_cc}, {"using", using_cc}};
  if (using_family == family && same_major) {
    f.rule_id = "kbuild.compiler-differs-notice";
    out.problem("compiler", "same compiler family and major version, different text (harmless notice)", std::move(f));
    return;
  }
  f.rule_id = "kbuild.compiler-mismatch";
  // An older compiler (or another family) rejects the kernel's flags; a newer one of the same
  // family usually accepts them.
  const bool newer = using_family == family && !same_major && compare_versions(using_version, kernel_version) > 0;
  f.score = newer ? 0.6 : 1.0;
  if (!kernel_version.empty()) {
    const std::string versioned = fmt::format("{}-{}", family, kernel_version[0]);
    if (const std::string p = machine.find_tool(versioned); !p.empty()) {
      f.evidence.push_back(
          fmt::format("{} is on PATH: build with CC={}{}", p, versioned, family == "clang" ? " (LLVM=1)" : ""));
    }
  }
  out.problem("compiler",
              fmt::format("kernel: {} {}, {}: {} {}", family, version_string(kernel_version), name,
                          using_family.empty() ? "unknown" : using_family, version_string(using_version)),
              std::move(f));
}

void check_pahole(const Machine& machine, const Facts& facts, Checks& out) {
  if (!facts.config.known()) {
    out.skipped("pahole", "kernel config unknown: cannot tell whether BTF (pahole) is needed");
    return;
  }
  if (!facts.config.enabled("CONFIG_DEBUG_INFO_BTF")) {
    out.ok("pahole", "CONFIG_DEBUG_INFO_BTF not set: pahole not needed");
    return;
  }
  const std::string path = machine.find_tool("pahole");
  Finding f;
  f.rule_id = "kbuild.tool-missing";
  f.captures = {{"tool", "pahole"}};
  f.evidence.push_back(fmt::format("CONFIG_DEBUG_INFO_BTF=y ({})", facts.config.source));
  if (path.empty()) {
    f.evidence.push_back("pahole: not found on PATH (package dwarves)");
    out.problem("pahole", f.evidence.back(), std::move(f));
    return;
  }
  const ToolRun run = machine.run(path, {"--version"});
  const std::vector<int> version = parse_version(run.first_line());
  // Documentation/process/changes.rst: BTF needs pahole 1.16 or newer.
  if (!run.started || run.status != 0 || version.empty() || compare_versions(version, {1, 16}) < 0) {
    f.evidence.push_back(fmt::format("{} --version: {} (BTF needs pahole 1.16 or newer)", path,
                                     run.first_line().empty() ? "no output" : run.first_line()));
    out.problem("pahole", f.evidence.back(), std::move(f));
    return;
  }
  std::string detail = fmt::format("{} {} for CONFIG_DEBUG_INFO_BTF=y", path, run.first_line());
  if (const std::string built = facts.config.get("CONFIG_PAHOLE_VERSION"); !built.empty() && built != "0") {
    detail += fmt::format(" (kernel built with pahole {})", built);
  }
  out.ok("pahole", detail);
}

}  // namespace

std::string compiler_from_proc_version(std::string_view text) {
  // "Linux version R (user@host) (gcc (GCC) 12.2.0, GNU ld (GNU Binutils) 2.40) #1 SMP ..."
  // The compiler is the second parenthesised group, up to the linker after ", ".
  const auto first = text.find(") (");
  if (first == std::string_view::npos) return "";
  std::size_t i = first + 3;
  int depth = 1;
  std::string out;
  for (; i < text.size(); ++i) {
    if (text[i] == '(') ++depth;
    if (text[i] == ')' && --depth == 0) break;
    if (depth == 1 && text[i] == ',') break;
    out += text[i];
  }
  return trim(out);
}

void check_kernel(const Machine& machine, const Facts& facts, Checks& out) {
  check_release(facts, machine, out);
  check_config(facts, out);
  check_modules_enabled(facts, out);
  check_headers_present(machine, facts, out);
  check_headers_release(machine, facts, out);
  check_headers_prepared(machine, facts, out);
  check_compiler(machine, facts, out);
  check_pahole(machine, facts, out);
}

}  // namespace kdiag::doctor
