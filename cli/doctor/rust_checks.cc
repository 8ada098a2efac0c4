// Checks for building Rust modules: the kernel must have been built with CONFIG_RUST and its
// build tree must carry the Rust outputs (rust/*.rmeta, the target spec); the host needs rustc,
// bindgen, libclang and rust-src, at versions the kernel accepts, and exactly the rustc that wrote
// the kernel's crate metadata. Each of these is a separate cause in the knowledge base, and each
// is cheaper to see here than in the wall of errors the build prints.
#include <filesystem>

#include <fmt/format.h>

#include "doctor/checks.h"

namespace kdiag::doctor {
namespace {

const char* const kRustChecks[] = {
    "rust-headers",     "rust-target-json",    "rustc", "bindgen", "libclang", "rust-src",
    "rust-min-version", "rustc-matches-kernel"};

struct Tool {
  std::string path;  // "" when not on PATH
  ToolRun run;       // of --version
  std::string line;  // its first line
  std::vector<int> version;
  bool works() const { return !path.empty() && run.started && run.status == 0 && !version.empty(); }
};

Tool probe(const Machine& machine, const std::string& name, const std::string& cwd) {
  Tool t;
  t.path = machine.find_tool(name);
  if (t.path.empty()) return t;
  t.run = machine.run(t.path, {"--version"}, cwd);
  t.line = t.run.first_line();
  t.version = parse_version(t.line);
  return t;
}

// The quoted toolchain name in rustup's "toolchain '1.78.0-x86_64-unknown-linux-gnu' is not installed".
std::string quoted_toolchain(const std::string& text) {
  const auto at = text.find("toolchain '");
  if (at == std::string::npos) return "";
  const auto start = at + 11;
  const auto end = text.find('\'', start);
  return end == std::string::npos ? "" : text.substr(start, end - start);
}

void check_rust_support(const Facts& facts, const Tool& rustc, const Tool& bindgen, Checks& out) {
  const KernelConfig& config = facts.config;
  Finding f;
  f.rule_id = "rust.config-rust-unavailable";
  // Installed tools, but a kernel without Rust: likely, not certain, that Rust modules are wanted.
  f.score = 0.5;
  f.evidence.push_back(fmt::format("CONFIG_RUST is not set in {}", config.source));
  f.evidence.push_back("Rust asked about: " + facts.rust_asked);
  if (!rustc.path.empty()) f.evidence.push_back(fmt::format("rustc installed: {} ({})", rustc.path, rustc.line));
  if (!bindgen.path.empty())
    f.evidence.push_back(fmt::format("bindgen installed: {} ({})", bindgen.path, bindgen.line));
  // RUST's Kconfig dependencies that are visible in the config (they differ between versions).
  std::string blocker;
  const auto blocks = [&](const std::string& symbol, const std::string& why) {
    f.evidence.push_back(fmt::format("CONFIG_{}=y: {}", symbol, why));
    if (blocker.empty()) blocker = symbol;
  };
  if (config.enabled("CONFIG_MODVERSIONS") && !config.enabled("CONFIG_GENDWARFKSYMS")) {
    blocks("MODVERSIONS", "RUST depends on !MODVERSIONS (until GENDWARFKSYMS)");
  }
  if (config.enabled("CONFIG_GCC_PLUGINS")) blocks("GCC_PLUGINS", "RUST depends on !GCC_PLUGINS");
  if (config.enabled("CONFIG_RANDSTRUCT_FULL")) blocks("RANDSTRUCT_FULL", "RUST depends on !RANDSTRUCT");
  if (config.enabled("CONFIG_DEBUG_INFO_BTF") && !config.enabled("CONFIG_PAHOLE_HAS_LANG_EXCLUDE")) {
    blocks("DEBUG_INFO_BTF", "RUST needs pahole that can exclude Rust units (PAHOLE_HAS_LANG_EXCLUDE) with BTF");
  }
  if (config.enabled("CONFIG_CC_IS_GCC")) {
    f.evidence.push_back("CONFIG_CC_IS_GCC=y: kernel configured with GCC; Rust support wants LLVM=1");
  }
  f.captures = {{"blocker", blocker.empty() ? "<blocker>" : blocker}};
  if (!blocker.empty()) f.fix.push_back(fmt::format("scripts/config -d {} -e RUST && make olddefconfig", blocker));
  else f.fix.push_back("scripts/config -e RUST && make LLVM=1 olddefconfig, then check make LLVM=1 rustavailable");
  out.problem("rust-support", "Rust tools are installed, but the kernel was built without CONFIG_RUST", std::move(f));
}

void check_rust_headers(const Machine& machine, const Facts& facts, Checks& out) {
  if (!facts.build_dir_usable) {
    out.skipped("rust-headers", "no kernel build directory to look at");
    return;
  }
  const std::string dir = facts.build_dir + "/rust";
  Finding f;
  f.rule_id = "rust.headers-missing-rust-dir";
  std::string crate;
  if (!machine.is_dir(dir)) {
    f.evidence.push_back(dir + ": missing");
    crate = "core";
  } else {
    const std::pair<const char*, const char*> wanted[] = {
        {"libcore.rmeta", "core"}, {"libkernel.rmeta", "kernel"}, {"libmacros.so", "macros"}};
    for (const auto& [file, name] : wanted) {
      if (!machine.is_file(dir + "/" + file)) {
        f.evidence.push_back(fmt::format("{}/{}: missing", dir, file));
        if (crate.empty()) crate = name;
      }
    }
  }
  if (f.evidence.empty()) {
    out.ok("rust-headers", dir + " has libcore.rmeta, libkernel.rmeta and libmacros.so");
    return;
  }
  if (facts.config.enabled("CONFIG_RUST")) {
    f.evidence.push_back(fmt::format("CONFIG_RUST=y ({}): the kernel was built with Rust", facts.config.source));
  }
  f.captures = {{"crate", crate}, {"path", dir}};
  out.problem("rust-headers", f.evidence.front(), std::move(f));
}

void check_target_json(const Machine& machine, const Facts& facts, Checks& out) {
  if (!facts.build_dir_usable) {
    out.skipped("rust-target-json", "no kernel build directory to look at");
    return;
  }
  const KernelConfig& config = facts.config;
  // Only x86 (and UML) kernels describe their target in a generated JSON file; arm64, riscv and
  // loongarch use one of rustc's built-in targets.
  if (config.known() && !config.enabled("CONFIG_X86") && !config.enabled("CONFIG_X86_64") &&
      !config.enabled("CONFIG_UML")) {
    out.ok("rust-target-json", "not needed on this architecture (rustc's built-in target)");
    return;
  }
  for (const char* rel : {"scripts/target.json", "rust/target.json"}) {
    const std::string path = facts.build_dir + "/" + rel;
    if (machine.is_file(path)) {
      out.ok("rust-target-json", path);
      return;
    }
  }
  // 6.10 moved it from rust/ to scripts/.
  const std::vector<int> release = parse_version(facts.release);
  const bool new_place = release.empty() || compare_versions(release, {6, 10}) >= 0;
  const std::string expected = facts.build_dir + (new_place ? "/scripts/target.json" : "/rust/target.json");
  Finding f;
  f.rule_id = "rust.target-json-missing";
  f.evidence.push_back(
      fmt::format("{}: missing (and {}/{}target.json)", expected, facts.build_dir, new_place ? "rust/" : "scripts/"));
  f.captures = {{"path", expected}};
  out.problem("rust-target-json", expected + ": missing", std::move(f));
}

void check_rustc(const Tool& rustc, Checks& out) {
  if (rustc.works()) {
    out.ok("rustc", fmt::format("{}: {}", rustc.path, rustc.line));
    return;
  }
  Finding f;
  f.rule_id = "rust.rustc-missing";
  std::string toolchain;
  if (rustc.path.empty()) {
    f.evidence.push_back("rustc: not found on PATH");
  } else {
    f.evidence.push_back(
        fmt::format("{} --version failed: {}", rustc.path,
                    rustc.line.empty() ? (rustc.run.timed_out ? "timed out" : "no output") : rustc.line));
    toolchain = quoted_toolchain(rustc.run.output);
  }
  f.captures = {{"rustc", "rustc"}, {"toolchain", toolchain.empty() ? "<toolchain>" : toolchain}};
  out.problem("rustc", f.evidence.front(), std::move(f));
}

void check_bindgen(const Tool& bindgen, Checks& out) {
  if (bindgen.works()) {
    out.ok("bindgen", fmt::format("{}: {}", bindgen.path, bindgen.line));
    return;
  }
  Finding f;
  f.rule_id = "rust.bindgen-missing";
  if (bindgen.path.empty()) f.evidence.push_back("bindgen: not found on PATH (bindgen-cli)");
  else
    f.evidence.push_back(
        fmt::format("{} --version failed: {}", bindgen.path, bindgen.line.empty() ? "no output" : bindgen.line));
  f.captures = {{"bindgen", "bindgen"}};
  out.problem("bindgen", f.evidence.front(), std::move(f));
}

// Where distributions put libclang.so, for bindgen versions that do not report the one they load.
std::string find_libclang(const Machine& machine) {
  std::vector<std::string> dirs = {"/usr/lib", "/usr/lib64", "/usr/local/lib"};
  for (const auto& name : machine.list_dir("/usr/lib")) {
    if (name.find("-linux-gnu") != std::string::npos) dirs.push_back("/usr/lib/" + name);
    if (name.rfind("llvm", 0) == 0) dirs.push_back("/usr/lib/" + name + "/lib");
  }
  for (const auto& name : machine.list_dir("/usr/lib64")) {
    if (name.rfind("llvm", 0) == 0) dirs.push_back("/usr/lib64/" + name + "/lib");
  }
  for (const auto& dir : dirs) {
    for (const auto& name : machine.list_dir(dir)) {
      if (name.rfind("libclang.so", 0) == 0 ||
          (name.rfind("libclang-", 0) == 0 && name.find(".so") != std::string::npos)) {
        return dir + "/" + name;
      }
    }
  }
  return "";
}

// The minimum (or pinned) version the kernel tree names, "" when it cannot be asked.
std::string min_tool_version(const Machine& machine, const Facts& facts, const std::string& tool) {
  if (!facts.build_dir_usable) return "";
  const std::string script = facts.build_dir + "/scripts/min-tool-version.sh";
  const std::string sh = machine.find_helper("sh");
  if (!machine.is_file(script) || sh.empty()) return "";
  const ToolRun run = machine.run(sh, {machine.host_path(script), tool}, machine.host_path(facts.build_dir));
  if (!run.started || run.status != 0) return "";
  return run.first_line();
}

void check_libclang(const Machine& machine, const Facts& facts, const Tool& bindgen, const std::string& cwd,
                    Checks& out) {
  if (!bindgen.works()) {
    out.skipped("libclang", "bindgen not available to load it");
    return;
  }
  // bindgen-cli prints "Clang: <version>" for --version --verbose, from the libclang it loads.
  const ToolRun run = machine.run(bindgen.path, {"--version", "--verbose"}, cwd);
  std::string clang_line;
  const auto at = run.output.find("Clang: ");
  if (at != std::string::npos) clang_line = trim(run.output.substr(at + 7, run.output.find('\n', at) - at - 7));
  const std::vector<int> version = parse_version(clang_line);
  Finding f;
  f.rule_id = "rust.libclang-missing";
  f.captures = {{"bindgen", "bindgen"}, {"libclang_version", "<libclang_version>"}, {"min_version", "<min_version>"}};
  if (!run.started || run.status != 0 || version.empty()) {
    if (run.output.find("libclang") != std::string::npos || run.output.find("Clang: ") != std::string::npos) {
      f.evidence.push_back(fmt::format("{} --version --verbose: {}", bindgen.path, run.first_line()));
      if (at != std::string::npos) f.evidence.push_back("Clang: " + clang_line);
      out.problem("libclang", "bindgen cannot load libclang", std::move(f));
      return;
    }
    // An older bindgen that does not report the libclang it loads: look for the library.
    const std::string lib = find_libclang(machine);
    if (lib.empty()) {
      f.evidence.push_back(
          "libclang.so: not found in /usr/lib, /usr/lib64, /usr/local/lib, /usr/lib/<triplet>, /usr/lib/llvm-*/lib");
      out.problem("libclang", f.evidence.front(), std::move(f));
    } else {
      out.ok("libclang", lib + " (this bindgen does not report the version it loads)");
    }
    return;
  }
  const std::string min = min_tool_version(machine, facts, "llvm");
  if (!min.empty() && compare_versions(version, parse_version(min)) < 0) {
    f.evidence.push_back(fmt::format("bindgen loads libclang {} ({})", version_string(version), clang_line));
    f.evidence.push_back(fmt::format("scripts/min-tool-version.sh llvm: {}", min));
    f.captures = {{"bindgen", "bindgen"}, {"libclang_version", version_string(version)}, {"min_version", min}};
    out.problem("libclang", fmt::format("libclang {} is older than {}", version_string(version), min), std::move(f));
    return;
  }
  out.ok("libclang", "bindgen loads " + clang_line);
}

void check_rust_src(const Machine& machine, const Tool& rustc, const std::string& cwd, Checks& out) {
  if (!rustc.works()) {
    out.skipped("rust-src", "rustc not available to name its sysroot");
    return;
  }
  const ToolRun run = machine.run(rustc.path, {"--print", "sysroot"}, cwd);
  const std::string sysroot = run.first_line();
  if (!run.started || run.status != 0 || sysroot.empty()) {
    out.skipped("rust-src", fmt::format("{} --print sysroot failed: {}", rustc.path, sysroot));
    return;
  }
  // The sysroot is the host's (rustc runs on the host), not a path under --root.
  const std::string library = sysroot + "/lib/rustlib/src/rust/library";
  std::error_code ec;
  if (std::filesystem::is_regular_file(library + "/core/src/lib.rs", ec)) {
    out.ok("rust-src", library);
    return;
  }
  Finding f;
  f.rule_id = "rust.lib-src-missing";
  f.evidence.push_back(library + "/core/src/lib.rs: missing");
  f.captures = {{"path", library}};
  out.problem("rust-src", f.evidence.front(), std::move(f));
}

void check_min_versions(const Machine& machine, const Facts& facts, const Tool& rustc, const Tool& bindgen,
                        Checks& out) {
  if (!facts.build_dir_usable || !machine.is_file(facts.build_dir + "/scripts/min-tool-version.sh")) {
    out.skipped("rust-min-version", "no scripts/min-tool-version.sh in the kernel build directory");
    return;
  }
  if (!rustc.works() && !bindgen.works()) {
    out.skipped("rust-min-version", "neither rustc nor bindgen can be run");
    return;
  }
  // Up to 6.10 the kernel pinned one exact version; from 6.11 it is a minimum.
  const std::vector<int> release = parse_version(facts.release);
  const bool pinned = !release.empty() && compare_versions(release, {6, 11}) < 0;
  Finding f;
  f.rule_id = "rust.toolchain-version-unsupported";
  std::vector<std::string> fine;
  bool older = false;
  for (const Tool* tool : {&rustc, &bindgen}) {
    if (!tool->works()) continue;
    const std::string name = tool == &rustc ? "rustc" : "bindgen";
    const std::string min = min_tool_version(machine, facts, name);
    if (min.empty() || parse_version(min).empty()) continue;
    const int cmp = compare_versions(tool->version, parse_version(min));
    if (cmp < 0) {
      older = true;
      f.evidence.push_back(fmt::format("{} {} is older than {} (scripts/min-tool-version.sh {})", name,
                                       version_string(tool->version), min, name));
    } else if (cmp > 0 && pinned) {
      f.evidence.push_back(fmt::format("{} {} is newer than the {} that kernel {} pins (may or may not work)", name,
                                       version_string(tool->version), min, facts.release));
    } else {
      fine.push_back(
          fmt::format("{} {} (kernel wants {}{})", name, version_string(tool->version), pinned ? "" : ">= ", min));
    }
    f.captures.push_back({name, tool->path});
  }
  if (f.evidence.empty()) {
    if (fine.empty()) {
      out.skipped("rust-min-version", "scripts/min-tool-version.sh gave no rustc/bindgen version");
    } else {
      std::string detail;
      for (std::size_t i = 0; i < fine.size(); ++i) detail += (i ? ", " : "") + fine[i];
      out.ok("rust-min-version", detail);
    }
    return;
  }
  f.score = older ? 1.0 : 0.5;
  out.problem("rust-min-version", f.evidence.front(), std::move(f));
}

// "rustc 1.78.0 (9b00956e5 2024-04-29)" as written into the kernel's crate metadata header.
std::string rustc_in_rmeta(const Machine& machine, const Facts& facts) {
  if (!facts.build_dir_usable) return "";
  const ReadResult r = machine.read_prefix(facts.build_dir + "/rust/libcore.rmeta", 4096);
  if (!r.content) return "";
  const auto at = r.content->find("rustc ");
  if (at == std::string::npos) return "";
  std::string text;
  for (std::size_t i = at; i < r.content->size() && (*r.content)[i] >= ' ' && (*r.content)[i] < 127; ++i) {
    text += (*r.content)[i];
  }
  return parse_version(text).empty() ? "" : trim(text);
}

void check_rustc_matches(const Machine& machine, const Facts& facts, const Tool& rustc, Checks& out) {
  if (!rustc.works()) {
    out.skipped("rustc-matches-kernel", "rustc cannot be run");
    return;
  }
  std::string kernel_rustc = facts.config.get("CONFIG_RUSTC_VERSION_TEXT");
  std::string source = facts.config.source;
  if (kernel_rustc.empty()) {
    kernel_rustc = rustc_in_rmeta(machine, facts);
    source = facts.build_dir + "/rust/libcore.rmeta";
  }
  if (kernel_rustc.empty()) {
    out.skipped("rustc-matches-kernel",
                "no CONFIG_RUSTC_VERSION_TEXT in the config (before 6.12) and no readable rust/libcore.rmeta");
    return;
  }
  if (kernel_rustc == rustc.line) {
    out.ok("rustc-matches-kernel", fmt::format("{} built the kernel's Rust metadata too", rustc.line));
    return;
  }
  Finding f;
  f.rule_id = "rust.rustc-version-mismatch";
  f.evidence.push_back(fmt::format("kernel's Rust built by: {} ({})", kernel_rustc, source));
  f.evidence.push_back(fmt::format("{} --version: {}", rustc.path, rustc.line));
  const std::vector<int> kernel_version = parse_version(kernel_rustc);
  f.captures = {
      {"kernel_rustc", kernel_rustc},
      {"kernel_rustc_version", kernel_version.empty() ? "<kernel_rustc_version>" : version_string(kernel_version)},
      {"your_rustc", rustc.line}};
  out.problem("rustc-matches-kernel", fmt::format("kernel: {}; PATH: {}", kernel_rustc, rustc.line), std::move(f));
}

bool has_rust_outputs(const Machine& machine, const Facts& facts) {
  if (!facts.build_dir_usable) return false;
  for (const auto& name : machine.list_dir(facts.build_dir + "/rust")) {
    if (name.size() > 6 && name.compare(name.size() - 6, 6, ".rmeta") == 0) return true;
  }
  return false;
}

}  // namespace

void check_rust(const Machine& machine, const Facts& facts, Checks& out) {
  const bool rust_outputs = has_rust_outputs(machine, facts);
  const bool config_rust = facts.config.enabled("CONFIG_RUST");
  // Tools run where kbuild runs them, in the kernel tree: a rust-toolchain file there applies.
  const std::string cwd = facts.build_dir_usable ? machine.host_path(facts.build_dir) : "";
  const auto skip_rest = [&](const std::string& why) {
    for (const char* name : kRustChecks) out.skipped(name, why);
  };
  if (!config_rust && !(rust_outputs && !facts.config.known())) {
    if (!facts.config.known()) {
      out.skipped("rust-support", "kernel config unknown and no Rust outputs in a build directory");
      skip_rest("not known whether the kernel has Rust support");
      return;
    }
    const Tool rustc = probe(machine, "rustc", cwd);
    const Tool bindgen = probe(machine, "bindgen", cwd);
    if (rustc.path.empty() && bindgen.path.empty()) {
      out.ok("rust-support", "kernel built without CONFIG_RUST and no Rust toolchain installed: nothing to check");
    } else if (facts.rust_asked.empty()) {
      // A rustc on PATH is no sign that Rust modules are wanted (it is there for other projects):
      // say it once, as a note, unless the user asked about Rust.
      out.note("rust-support",
               fmt::format("kernel built without CONFIG_RUST ({}): Rust modules cannot be built for it; rustc is "
                           "installed ({}) - pass --rust to check why",
                           facts.config.source, rustc.path.empty() ? bindgen.path : rustc.path));
    } else {
      check_rust_support(facts, rustc, bindgen, out);
    }
    skip_rest("kernel built without CONFIG_RUST");
    return;
  }
  out.ok("rust-support", config_rust
                             ? fmt::format("CONFIG_RUST=y ({})", facts.config.source)
                             : fmt::format("{}/rust has crate metadata: kernel built with Rust", facts.build_dir));
  const Tool rustc = probe(machine, "rustc", cwd);
  const Tool bindgen = probe(machine, "bindgen", cwd);
  check_rust_headers(machine, facts, out);
  check_target_json(machine, facts, out);
  check_rustc(rustc, out);
  check_bindgen(bindgen, out);
  check_libclang(machine, facts, bindgen, cwd, out);
  check_rust_src(machine, rustc, cwd, out);
  check_min_versions(machine, facts, rustc, bindgen, out);
  check_rustc_matches(machine, facts, rustc, out);
}

}  // namespace kdiag::doctor
