// kdiag doctor on fake machines: a root directory built in a temp dir, fake tools (shell scripts
// printing versions) on a private PATH, and the free space of /boot injected. For every check a
// tree where it passes and one where it finds its problem; no real kernel tree or root needed.
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "doctor/checks.h"
#include "doctor/initramfs.h"
#include "doctor/root_device.h"
#include "doctor/report.h"
#include "doctor/signer.h"
#include "kdiag.h"

using namespace kdiag;
using namespace kdiag::doctor;
namespace fs = std::filesystem;

namespace {

constexpr const char* kRelease = "6.8.0-test";
constexpr const char* kRustc = "rustc 1.78.0 (9b00956e5 2024-04-29)";

const RuleSet& doctor_rules() {
  static const RuleSet rules = [] {
    LoadResult loaded = load_packs(builtin_packs());
    REQUIRE(loaded.ok());
    return std::move(loaded.rules);
  }();
  return rules;
}

// A machine in a temp dir: <dir>/root is its /, <dir>/bin holds its tools, <dir>/sysroot is
// rustc's sysroot (a host path, as rustc runs on the host).
class Fake {
 public:
  Fake() {
    std::string tmpl = (fs::temp_directory_path() / "kdiag-doctor-XXXXXX").string();
    REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
    dir_ = tmpl;
    fs::create_directories(root());
    fs::create_directories(bin());
    write("/proc/sys/kernel/osrelease", std::string(kRelease) + "\n");
  }
  ~Fake() {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  Fake(const Fake&) = delete;
  Fake& operator=(const Fake&) = delete;

  std::string root() const { return dir_ + "/root"; }
  std::string bin() const { return dir_ + "/bin"; }
  std::string sysroot() const { return dir_ + "/sysroot"; }

  void write(const std::string& path, const std::string& content) {
    const fs::path p = root() + path;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
  }
  void remove(const std::string& path) { fs::remove_all(root() + path); }
  void link(const std::string& path, const std::string& target) {
    const fs::path p = root() + path;
    fs::create_directories(p.parent_path());
    fs::create_symlink(target, p);
  }
  void tool(const std::string& name, const std::string& body) {
    const std::string path = bin() + "/" + name;
    std::ofstream(path) << "#!/bin/sh\n" << body << "\n";
    ::chmod(path.c_str(), 0755);
  }
  void no_tool(const std::string& name) { fs::remove(bin() + "/" + name); }
  void version_tool(const std::string& name, const std::string& version_line) {
    tool(name, "echo '" + version_line + "'");
  }

  // The kernel config, in /boot/config-<release>; lines are added to a healthy Rust x86 config.
  void config(const std::string& extra = "", bool rust = true) {
    std::string text =
        "CONFIG_X86=y\nCONFIG_X86_64=y\nCONFIG_MODULES=y\nCONFIG_CC_IS_GCC=y\n"
        "CONFIG_CC_VERSION_TEXT=\"gcc (GCC) 13.2.0\"\nCONFIG_DEBUG_INFO_BTF=y\n"
        "CONFIG_PAHOLE_VERSION=125\nCONFIG_PAHOLE_HAS_LANG_EXCLUDE=y\n";
    if (rust) text += "CONFIG_RUST=y\nCONFIG_RUSTC_VERSION_TEXT=\"" + std::string(kRustc) + "\"\n";
    else text += "# CONFIG_RUST is not set\n";
    write(std::string("/boot/config-") + kRelease, text + extra);
  }

  // Everything in order: headers with Rust outputs, tools at the versions the kernel wants,
  // room in /boot, no signature enforcement.
  void healthy() {
    config();
    const std::string src = std::string("/usr/src/linux-headers-") + kRelease;
    link(std::string("/lib/modules/") + kRelease + "/build", src);
    write(src + "/Makefile", "# kernel Makefile\n");
    write(src + "/include/config/kernel.release", std::string(kRelease) + "\n");
    write(src + "/include/generated/autoconf.h", "#define CONFIG_RUST 1\n");
    write(src + "/include/config/auto.conf", "CONFIG_RUST=y\n");
    write(src + "/Module.symvers", "0x12345678\tprintk\tvmlinux\tEXPORT_SYMBOL\t\n");
    write(src + "/rust/libcore.rmeta", std::string("rust\0\0\0\x08", 8) + "\x23" + kRustc + "\x01\x02");
    write(src + "/rust/libkernel.rmeta", "rust");
    write(src + "/rust/libmacros.so",
          "\x7f"
          "ELF");
    write(src + "/scripts/target.json", "{}\n");
    write(src + "/scripts/min-tool-version.sh",
          "case \"$1\" in rustc) echo 1.78.0;; bindgen) echo 0.65.1;; llvm) echo 13.0.1;; *) exit 1;; esac\n");
    version_tool("gcc", "gcc (GCC) 13.2.0");
    version_tool("pahole", "v1.25");
    rustc(kRustc);
    tool("bindgen", "echo 'bindgen 0.65.1'; [ \"$2\" = --verbose ] && echo 'Clang: clang version 17.0.6'; exit 0");
    fs::create_directories(sysroot() + "/lib/rustlib/src/rust/library/core/src");
    std::ofstream(sysroot() + "/lib/rustlib/src/rust/library/core/src/lib.rs") << "//! core\n";
    write(std::string("/boot/vmlinuz-") + kRelease, std::string(5000, 'k'));
    write("/boot/initramfs-linux.img", std::string(1000, 'i'));
    write("/boot/initramfs-linux-fallback.img", std::string(3000, 'f'));
    boot_free = 1ull << 30;
    write("/sys/kernel/security/lockdown", "[none] integrity confidentiality\n");
    write("/sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-e0a98c3d2a8c", std::string("\x06\0\0\0\0", 5));
  }

  void rustc(const std::string& version_line) {
    tool("rustc", "if [ \"$1\" = --print ]; then echo '" + sysroot() + "'; else echo '" + version_line + "'; fi");
  }
  std::string build() const { return std::string("/usr/src/linux-headers-") + kRelease; }

  Machine machine() const {
    MachineOptions o;
    o.root = root();
    o.tool_path = tools_in_root ? "/usr/local/bin:/usr/bin:/bin" : bin();
    o.tools_in_root = tools_in_root;
    o.boot_free = boot_free;
    o.esp_free = esp_free;
    o.tool_timeout_seconds = 10;
    return Machine(o);
  }

  std::vector<Check> checks(const std::string& release = "", const std::string& kernel_dir = "",
                            bool rust = false) const {
    const Machine m = machine();
    return run_checks(m, survey(m, request(release, kernel_dir, rust)));
  }
  static Request request(const std::string& release = "", const std::string& kernel_dir = "", bool rust = false) {
    Request r;
    r.release = release;
    r.kernel_dir = kernel_dir;
    r.rust = rust;
    return r;
  }

  // Real files, taken from Debian packages and this machine (tests/data/doctor/README.md), put at
  // path in the fake root; a name ending in .gz is stored compressed and written out plain.
  void real(const std::string& fixture, const std::string& path) {
    const std::string from = std::string(KDIAG_SOURCE_DIR) + "/tests/data/doctor/" + fixture;
    REQUIRE_MESSAGE(fs::exists(from), from);
    const fs::path to = root() + path;
    fs::create_directories(to.parent_path());
    if (fixture.ends_with(".gz") && !path.ends_with(".gz")) {
      const std::string cmd = "gzip -dc '" + from + "' > '" + to.string() + "'";
      REQUIRE(std::system(cmd.c_str()) == 0);
    } else {
      fs::copy_file(from, to, fs::copy_options::overwrite_existing);
    }
  }

  std::optional<std::uint64_t> boot_free;
  std::optional<std::uint64_t> esp_free;
  bool tools_in_root = false;

 private:
  std::string dir_;
};

Check find(const std::vector<Check>& checks, const std::string& name) {
  for (const auto& c : checks) {
    if (c.name == name) return c;
  }
  FAIL("no check named " << name);
  return {};
}

std::string evidence(const Check& c) {
  std::string out;
  if (c.finding) {
    for (const auto& line : c.finding->evidence) out += line + "\n";
  }
  return out;
}

// The check passed.
void ok(const std::vector<Check>& checks, const std::string& name) {
  const Check c = find(checks, name);
  CHECK_MESSAGE(c.status == CheckStatus::ok, name << ": " << status_name(c.status) << ": " << c.detail);
}

// The check found its problem and names rule_id.
Check problem(const std::vector<Check>& checks, const std::string& name, const std::string& rule_id) {
  const Check c = find(checks, name);
  CHECK_MESSAGE(c.status == CheckStatus::problem, name << ": " << status_name(c.status) << ": " << c.detail);
  REQUIRE(c.finding);
  CHECK(c.finding->rule_id == rule_id);
  CHECK(!c.finding->evidence.empty());
  CHECK(doctor_rules().find(rule_id) != nullptr);
  return c;
}

Check skipped(const std::vector<Check>& checks, const std::string& name) {
  const Check c = find(checks, name);
  CHECK_MESSAGE(c.status == CheckStatus::skipped, name << ": " << status_name(c.status) << ": " << c.detail);
  CHECK(!c.detail.empty());
  return c;
}

std::string capture(const Check& c, const std::string& name) {
  if (c.finding) {
    for (const auto& [k, v] : c.finding->captures) {
      if (k == name) return v;
    }
  }
  return "";
}

}  // namespace

TEST_CASE("doctor: a healthy machine passes every check") {
  Fake m;
  m.healthy();
  const auto checks = m.checks();
  for (const auto& c : checks) {
    if (c.name == "esp-space") continue;  // no separate ESP on this machine
    CHECK_MESSAGE(c.status == CheckStatus::ok, c.name << ": " << status_name(c.status) << ": " << c.detail);
  }
  skipped(checks, "esp-space");
  CHECK(find(checks, "kernel-release").detail.find(kRelease) != std::string::npos);
  CHECK(find(checks, "kernel-config").detail.find("/boot/config-6.8.0-test") != std::string::npos);
  CHECK(build_result(checks, doctor_rules()).diagnoses.empty());
}

TEST_CASE("doctor: kernel release from --release, osrelease, or not known") {
  Fake m;
  m.healthy();
  CHECK(find(m.checks(), "kernel-release").detail == "6.8.0-test (/proc/sys/kernel/osrelease)");
  CHECK(find(m.checks(kRelease), "kernel-release").detail == "6.8.0-test (--release)");
  m.remove("/proc/sys/kernel/osrelease");
  // Under --root without a /proc: the kernel installed in the root.
  CHECK(find(m.checks(), "kernel-release").detail == "6.8.0-test (newest in /lib/modules under --root)");
  m.remove("/lib/modules");
  m.remove(std::string("/boot/vmlinuz-") + kRelease);
  const auto checks = m.checks();
  skipped(checks, "kernel-release");
  skipped(checks, "headers-present");
  CHECK(find(checks, "kernel-release").detail.find("--release") != std::string::npos);
}

TEST_CASE("doctor: kernel config from /proc/config.gz, /boot, the build tree, or missing") {
  Fake m;
  m.healthy();
  // /proc/config.gz of the running kernel comes first (gzip -dc).
  const std::string gz = m.root() + "/proc/config.gz";
  const std::string cmd = "printf 'CONFIG_X86=y\\nCONFIG_RUST=y\\n' | gzip -c > '" + gz + "'";
  REQUIRE(std::system(cmd.c_str()) == 0);
  ok(m.checks(), "kernel-config");
  CHECK(find(m.checks(), "kernel-config").detail.find("/proc/config.gz (2 options set)") == 0);
  m.remove("/proc/config.gz");
  m.remove(std::string("/boot/config-") + kRelease);
  m.write(m.build() + "/.config", "CONFIG_X86=y\nCONFIG_RUST=y\n");
  CHECK(find(m.checks(), "kernel-config").detail.find("/lib/modules/6.8.0-test/build/.config") == 0);
  m.remove(m.build() + "/.config");
  m.remove(m.build() + "/include/config/auto.conf");
  const auto checks = m.checks();
  const Check c = skipped(checks, "kernel-config");
  CHECK(c.detail.find("/boot/config-6.8.0-test: missing") != std::string::npos);
  skipped(checks, "pahole");
}

TEST_CASE("doctor: headers missing, dangling or empty -> kbuild.headers-missing") {
  Fake m;
  m.healthy();
  m.remove(m.build());  // the build link now dangles
  auto c = problem(m.checks(), "headers-present", "kbuild.headers-missing");
  CHECK(evidence(c).find("symlink to /usr/src/linux-headers-6.8.0-test, which does not exist") != std::string::npos);
  CHECK(capture(c, "kver") == kRelease);

  m.remove("/lib/modules");
  m.write("/lib/modules/6.9.1-new/build/Makefile", "");
  const auto checks = m.checks();
  c = problem(checks, "headers-present", "kbuild.headers-missing");
  CHECK(evidence(c).find("/lib/modules/6.8.0-test/build: missing") != std::string::npos);
  CHECK(evidence(c).find("other kernels: 6.9.1-new") != std::string::npos);
  skipped(checks, "headers-release");
  skipped(checks, "headers-prepared");
  skipped(checks, "rust-headers");

  m.write(std::string("/lib/modules/") + kRelease + "/build/README", "");
  c = problem(m.checks(), "headers-present", "kbuild.headers-missing");
  CHECK(evidence(c).find("exists but has no Makefile") != std::string::npos);
}

TEST_CASE("doctor: --kernel-dir names the build tree") {
  Fake m;
  m.healthy();
  ok(m.checks("", "/usr/src/linux-headers-6.8.0-test"), "headers-present");
  problem(m.checks("", "/home/me/linux"), "headers-present", "kbuild.headers-missing");
}

TEST_CASE("doctor: build tree of another release -> kbuild.headers-version-mismatch") {
  Fake m;
  m.healthy();
  ok(m.checks(), "headers-release");
  m.write(m.build() + "/include/config/kernel.release", "6.9.1-new\n");
  auto c = problem(m.checks(), "headers-release", "kbuild.headers-version-mismatch");
  CHECK(evidence(c).find("kernel.release: 6.9.1-new") != std::string::npos);
  CHECK(capture(c, "target_kver") == kRelease);
  // Without kernel.release, utsrelease.h tells.
  m.remove(m.build() + "/include/config/kernel.release");
  m.write(m.build() + "/include/generated/utsrelease.h", "#define UTS_RELEASE \"6.8.0-test\"\n");
  ok(m.checks(), "headers-release");
  m.write(m.build() + "/include/generated/utsrelease.h", "#define UTS_RELEASE \"6.1.0\"\n");
  problem(m.checks(), "headers-release", "kbuild.headers-version-mismatch");
  m.remove(m.build() + "/include/generated/utsrelease.h");
  skipped(m.checks(), "headers-release");
}

TEST_CASE("doctor: unprepared tree -> kbuild.kernel-tree-unprepared") {
  Fake m;
  m.healthy();
  ok(m.checks(), "headers-prepared");
  m.remove(m.build() + "/Module.symvers");
  m.remove(m.build() + "/include/generated/autoconf.h");
  const auto c = problem(m.checks(), "headers-prepared", "kbuild.kernel-tree-unprepared");
  CHECK(evidence(c).find("Module.symvers: missing") != std::string::npos);
  CHECK(evidence(c).find("autoconf.h: missing") != std::string::npos);
  CHECK(evidence(c).find("auto.conf") == std::string::npos);
}

TEST_CASE("doctor: compiler against the kernel's") {
  Fake m;
  m.healthy();
  ok(m.checks(), "compiler");

  SUBCASE("older gcc -> kbuild.compiler-mismatch, and the matching gcc-N is named") {
    m.version_tool("gcc", "gcc (Debian 12.2.0-14) 12.2.0");
    m.version_tool("gcc-13", "gcc-13 (Debian 13.2.0-1) 13.2.0");
    const auto c = problem(m.checks(), "compiler", "kbuild.compiler-mismatch");
    CHECK(c.finding->score == 1.0);
    CHECK(evidence(c).find("build with CC=gcc-13") != std::string::npos);
    CHECK(capture(c, "built_by") == "gcc (GCC) 13.2.0");
  }
  SUBCASE("only clang for a gcc-built kernel -> kbuild.compiler-mismatch") {
    m.no_tool("gcc");
    m.version_tool("clang", "Debian clang version 16.0.6");
    const auto c = problem(m.checks(), "compiler", "kbuild.compiler-mismatch");
    CHECK(evidence(c).find("clang is installed instead") != std::string::npos);
  }
  SUBCASE("clang-built kernel, gcc on PATH only -> kbuild.tool-missing for clang") {
    m.config("CONFIG_CC_VERSION_TEXT=\"Ubuntu clang version 18.1.3 (1ubuntu1)\"\n");
    const auto c = problem(m.checks(), "compiler", "kbuild.compiler-mismatch");
    CHECK(capture(c, "cc") == "gcc");
  }
  SUBCASE("same family and major, other text -> kbuild.compiler-differs-notice") {
    m.version_tool("gcc", "gcc (Debian 13.3.0-1) 13.3.0");
    problem(m.checks(), "compiler", "kbuild.compiler-differs-notice");
  }
  SUBCASE("no compiler at all -> kbuild.tool-missing") {
    m.no_tool("gcc");
    const auto c = problem(m.checks(), "compiler", "kbuild.tool-missing");
    CHECK(capture(c, "tool") == "gcc");
  }
  SUBCASE("no compiler text in the config or /proc -> skipped") {
    m.config("CONFIG_CC_VERSION_TEXT=\"\"\n");
    skipped(m.checks(), "compiler");
  }
}

TEST_CASE("doctor: compiler from /proc/version") {
  CHECK(compiler_from_proc_version("Linux version 6.18.44 (builder@host) (gcc (GCC) 15.3.0, GNU ld (GNU Binutils) "
                                   "2.46) #1 SMP PREEMPT_DYNAMIC") == "gcc (GCC) 15.3.0");
  CHECK(compiler_from_proc_version("Linux version 6.8.0-31-generic (buildd@lcy02-amd64-080) (x86_64-linux-gnu-gcc-13 "
                                   "(Ubuntu 13.2.0-23ubuntu4) 13.2.0, GNU ld (GNU Binutils for Ubuntu) 2.42) #31") ==
        "x86_64-linux-gnu-gcc-13 (Ubuntu 13.2.0-23ubuntu4) 13.2.0");
  CHECK(compiler_from_proc_version("Linux version 6.9.3 (a@b) (ClangBuiltLinux clang version 18.1.6, LLD 18.1.6) #1") ==
        "ClangBuiltLinux clang version 18.1.6");
  Fake m;
  m.healthy();
  m.config("CONFIG_CC_VERSION_TEXT=\"\"\n");
  m.write("/proc/version", "Linux version 6.8.0-test (a@b) (gcc (GCC) 11.4.0, GNU ld 2.38) #1 SMP\n");
  const auto c = problem(m.checks(), "compiler", "kbuild.compiler-mismatch");
  CHECK(evidence(c).find("(/proc/version)") != std::string::npos);
}

TEST_CASE("doctor: pahole for BTF -> kbuild.tool-missing") {
  Fake m;
  m.healthy();
  ok(m.checks(), "pahole");
  m.version_tool("pahole", "v1.15");
  auto c = problem(m.checks(), "pahole", "kbuild.tool-missing");
  CHECK(evidence(c).find("1.16 or newer") != std::string::npos);
  m.no_tool("pahole");
  c = problem(m.checks(), "pahole", "kbuild.tool-missing");
  CHECK(capture(c, "tool") == "pahole");
  m.config("CONFIG_DEBUG_INFO_BTF=n\n");
  ok(m.checks(), "pahole");
}

TEST_CASE("doctor: kernel without CONFIG_RUST -> rust.config-rust-unavailable when Rust tools are installed") {
  Fake m;
  m.healthy();
  m.config("CONFIG_MODVERSIONS=y\n", /*rust=*/false);
  auto checks = m.checks("", "", /*rust=*/true);
  const auto c = problem(checks, "rust-support", "rust.config-rust-unavailable");
  CHECK(evidence(c).find("CONFIG_RUST is not set in /boot/config-6.8.0-test") != std::string::npos);
  CHECK(evidence(c).find("rustc installed") != std::string::npos);
  CHECK(capture(c, "blocker") == "MODVERSIONS");
  CHECK(c.finding->score < 1.0);
  CHECK(c.finding->fix.at(0) == "scripts/config -d MODVERSIONS -e RUST && make olddefconfig");
  for (const char* name : {"rust-headers", "rustc", "bindgen", "libclang", "rust-src"}) skipped(checks, name);
  m.no_tool("rustc");
  m.no_tool("bindgen");
  checks = m.checks();
  ok(checks, "rust-support");
  skipped(checks, "rustc");
}

TEST_CASE("doctor: Rust outputs in the headers -> rust.headers-missing-rust-dir") {
  Fake m;
  m.healthy();
  ok(m.checks(), "rust-headers");
  m.remove(m.build() + "/rust/libkernel.rmeta");
  auto c = problem(m.checks(), "rust-headers", "rust.headers-missing-rust-dir");
  CHECK(capture(c, "crate") == "kernel");
  m.remove(m.build() + "/rust");
  c = problem(m.checks(), "rust-headers", "rust.headers-missing-rust-dir");
  CHECK(evidence(c).find("/rust: missing") != std::string::npos);
  CHECK(capture(c, "crate") == "core");
}

TEST_CASE("doctor: target spec -> rust.target-json-missing") {
  Fake m;
  m.healthy();
  ok(m.checks(), "rust-target-json");
  m.remove(m.build() + "/scripts/target.json");
  m.write(m.build() + "/rust/target.json", "{}");
  ok(m.checks(), "rust-target-json");  // before 6.10 it lived in rust/
  m.remove(m.build() + "/rust/target.json");
  const auto c = problem(m.checks(), "rust-target-json", "rust.target-json-missing");
  CHECK(capture(c, "path") == "/lib/modules/6.8.0-test/build/rust/target.json");  // 6.8: the old place
  m.config("CONFIG_X86=n\nCONFIG_X86_64=n\nCONFIG_ARM64=y\n");
  ok(m.checks(), "rust-target-json");  // arm64: rustc's built-in target
}

TEST_CASE("doctor: rustc -> rust.rustc-missing") {
  Fake m;
  m.healthy();
  ok(m.checks(), "rustc");
  m.tool("rustc", "echo \"error: toolchain '1.78.0-x86_64-unknown-linux-gnu' is not installed\" >&2; exit 1");
  auto checks = m.checks();
  auto c = problem(checks, "rustc", "rust.rustc-missing");
  CHECK(capture(c, "toolchain") == "1.78.0-x86_64-unknown-linux-gnu");
  skipped(checks, "rust-src");
  skipped(checks, "rustc-matches-kernel");
  m.no_tool("rustc");
  c = problem(m.checks(), "rustc", "rust.rustc-missing");
  CHECK(evidence(c).find("rustc: not found on PATH") != std::string::npos);
}

TEST_CASE("doctor: bindgen -> rust.bindgen-missing") {
  Fake m;
  m.healthy();
  ok(m.checks(), "bindgen");
  m.no_tool("bindgen");
  const auto checks = m.checks();
  problem(checks, "bindgen", "rust.bindgen-missing");
  skipped(checks, "libclang");
}

TEST_CASE("doctor: libclang -> rust.libclang-missing") {
  Fake m;
  m.healthy();
  ok(m.checks(), "libclang");
  SUBCASE("bindgen cannot load it") {
    m.tool("bindgen",
           "[ \"$2\" = --verbose ] || { echo 'bindgen 0.65.1'; exit 0; }\n"
           "echo \"thread 'main' panicked: Unable to find libclang: couldn't find any valid shared "
           "libraries matching: ['libclang.so']\" >&2; exit 101");
    const auto c = problem(m.checks(), "libclang", "rust.libclang-missing");
    CHECK(evidence(c).find("Unable to find libclang") != std::string::npos);
  }
  SUBCASE("older than the kernel's LLVM minimum") {
    m.tool("bindgen", "echo 'bindgen 0.65.1'; [ \"$2\" = --verbose ] && echo 'Clang: clang version 11.1.0'; exit 0");
    const auto c = problem(m.checks(), "libclang", "rust.libclang-missing");
    CHECK(capture(c, "libclang_version") == "11.1.0");
    CHECK(capture(c, "min_version") == "13.0.1");
  }
  SUBCASE("a bindgen that does not say: look for libclang.so") {
    m.version_tool("bindgen", "bindgen 0.65.1");
    problem(m.checks(), "libclang", "rust.libclang-missing");
    m.write("/usr/lib/llvm-17/lib/libclang.so.1", "");
    ok(m.checks(), "libclang");
  }
}

TEST_CASE("doctor: rust-src -> rust.lib-src-missing") {
  Fake m;
  m.healthy();
  ok(m.checks(), "rust-src");
  fs::remove_all(m.sysroot() + "/lib/rustlib/src");
  const auto c = problem(m.checks(), "rust-src", "rust.lib-src-missing");
  CHECK(capture(c, "path") == m.sysroot() + "/lib/rustlib/src/rust/library");
}

TEST_CASE("doctor: tool versions against scripts/min-tool-version.sh -> rust.toolchain-version-unsupported") {
  Fake m;
  m.healthy();
  ok(m.checks(), "rust-min-version");
  m.rustc("rustc 1.70.0 (90c541806 2023-05-31)");
  auto c = problem(m.checks(), "rust-min-version", "rust.toolchain-version-unsupported");
  CHECK(evidence(c).find("rustc 1.70.0 is older than 1.78.0") != std::string::npos);
  CHECK(c.finding->score == 1.0);
  m.rustc(kRustc);
  m.tool("bindgen", "echo 'bindgen 0.60.1'; [ \"$2\" = --verbose ] && echo 'Clang: clang version 17.0.6'; exit 0");
  problem(m.checks(), "rust-min-version", "rust.toolchain-version-unsupported");
  // 6.8 pins the exact version: a newer rustc may or may not work.
  m.tool("bindgen", "echo 'bindgen 0.65.1'; [ \"$2\" = --verbose ] && echo 'Clang: clang version 17.0.6'; exit 0");
  m.rustc("rustc 1.80.0 (051478957 2024-07-21)");
  c = problem(m.checks(), "rust-min-version", "rust.toolchain-version-unsupported");
  CHECK(c.finding->score < 1.0);
  m.remove(m.build() + "/scripts/min-tool-version.sh");
  skipped(m.checks(), "rust-min-version");
}

TEST_CASE("doctor: rustc that built the kernel's metadata -> rust.rustc-version-mismatch") {
  Fake m;
  m.healthy();
  ok(m.checks(), "rustc-matches-kernel");
  m.rustc("rustc 1.78.0 (9b00956e5 2024-04-29) (built from a source tarball)");
  auto c = problem(m.checks(), "rustc-matches-kernel", "rust.rustc-version-mismatch");
  CHECK(capture(c, "kernel_rustc") == kRustc);
  CHECK(capture(c, "kernel_rustc_version") == "1.78.0");
  // Without CONFIG_RUSTC_VERSION_TEXT (before 6.12), the header of rust/libcore.rmeta says.
  m.write(std::string("/boot/config-") + kRelease,
          "CONFIG_X86=y\nCONFIG_RUST=y\nCONFIG_CC_VERSION_TEXT=\"gcc (GCC) 13.2.0\"\n");
  c = problem(m.checks(), "rustc-matches-kernel", "rust.rustc-version-mismatch");
  CHECK(evidence(c).find("rust/libcore.rmeta") != std::string::npos);
  m.rustc(kRustc);
  ok(m.checks(), "rustc-matches-kernel");
}

TEST_CASE("doctor: signature enforcement -> module.signature-rejected") {
  Fake m;
  m.healthy();
  ok(m.checks(), "module-signing");
  m.config("CONFIG_MODULE_SIG=y\nCONFIG_MODULE_SIG_FORCE=y\n");
  const auto c = problem(m.checks(), "module-signing", "module.signature-rejected");
  CHECK(evidence(c).find("CONFIG_MODULE_SIG_FORCE=y") != std::string::npos);
  CHECK(evidence(c).find("no module signing key found") != std::string::npos);
  m.write("/var/lib/dkms/mok.key", "key");
  ok(m.checks(), "module-signing");
  CHECK(find(m.checks(), "module-signing").detail.find("/var/lib/dkms/mok.key") != std::string::npos);
}

TEST_CASE("doctor: lockdown and Secure Boot -> module.lockdown-unsigned") {
  Fake m;
  m.healthy();
  ok(m.checks(), "lockdown");
  ok(m.checks(), "secure-boot");
  CHECK(find(m.checks(), "secure-boot").detail == "disabled");
  m.write("/sys/kernel/security/lockdown", "none [integrity] confidentiality\n");
  m.write("/sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-e0a98c3d2a8c",
          std::string("\x06\0\0\0\x01", 5));
  auto checks = m.checks();
  CHECK(find(checks, "secure-boot").detail == "enabled");
  auto c = problem(checks, "lockdown", "module.lockdown-unsigned");
  CHECK(evidence(c).find("[integrity]") != std::string::npos);
  // Lockdown state unreadable, Secure Boot on: likely locked down.
  m.remove("/sys/kernel/security");
  c = problem(m.checks(), "lockdown", "module.lockdown-unsigned");
  CHECK(c.finding->score < 0.7);
  // A signing key makes it fine.
  m.write(m.build() + "/certs/signing_key.pem", "key");
  ok(m.checks(), "lockdown");
  // Lockdown is about the running kernel only.
  skipped(m.checks("6.9.9-other"), "lockdown");
  m.remove("/sys/firmware");
  skipped(m.checks(), "secure-boot");
}

TEST_CASE("doctor: room in /boot -> initramfs.boot-full") {
  Fake m;
  m.healthy();
  ok(m.checks(), "boot-space");
  m.boot_free = 3999;  // initramfs 1000 + fallback 3000 bytes do not fit
  auto c = problem(m.checks(), "boot-space", "initramfs.boot-full");
  CHECK(evidence(c).find("/boot: 3.9 KiB free, the next initramfs needs about 3.9 KiB (/boot/initramfs-linux.img") ==
        0);
  m.boot_free = 4000;
  ok(m.checks(), "boot-space");
  // Without a fallback image, room for the image twice.
  m.remove("/boot/initramfs-linux-fallback.img");
  m.boot_free = 1999;
  problem(m.checks(), "boot-space", "initramfs.boot-full");
  m.remove("/boot/initramfs-linux.img");
  skipped(m.checks(), "boot-space");
}

TEST_CASE("doctor: room on a separate ESP -> initramfs.boot-full") {
  Fake m;
  m.healthy();
  m.write("/boot/efi/EFI/Linux/linux-6.8.0-test.efi", std::string(2000, 'u'));
  m.esp_free = 1u << 20;
  ok(m.checks(), "esp-space");
  m.esp_free = 3000;
  const auto c = problem(m.checks(), "esp-space", "initramfs.boot-full");
  CHECK(evidence(c).find("/boot/efi: ") == 0);
}

TEST_CASE("doctor: findings become diagnoses of the rules, rendered in every format") {
  Fake m;
  m.healthy();
  m.remove(m.build());
  m.no_tool("pahole");
  m.boot_free = 10;
  const auto checks = m.checks();
  const Result result = build_result(checks, doctor_rules());
  REQUIRE(result.inputs.size() == 1);
  CHECK(result.inputs[0].name == "doctor");
  CHECK(result.inputs[0].lines == checks.size());
  REQUIRE(result.diagnoses.size() == 3);
  bool headers = false;
  for (const auto& d : result.diagnoses) {
    CHECK(d.score == 1.0);
    CHECK(!d.evidence.empty());
    CHECK(d.cause == d.rule->cause);
    if (d.rule->id == "kbuild.headers-missing") {
      headers = true;
      CHECK(d.evidence[0].text ==
            "/lib/modules/6.8.0-test/build: symlink to /usr/src/linux-headers-6.8.0-test, which does not exist");
      CHECK(checks[d.evidence[0].line - 1].name == "headers-present");
      bool kver_filled = false;
      for (const auto& step : d.fix)
        kver_filled = kver_filled || step.find("linux-headers-6.8.0-test") != std::string::npos;
      CHECK(kver_filled);
    }
  }
  CHECK(headers);

  ReportOptions options;
  std::ostringstream text;
  REQUIRE(render_report(checks, result, options, text));
  CHECK(text.str().find("kdiag doctor: ") == 0);
  CHECK(text.str().find("kbuild.headers-missing") != std::string::npos);
  CHECK(text.str().find("Not checked:") != std::string::npos);
  CHECK(text.str().find("Checked, fine:") != std::string::npos);

  options.format = "json";
  std::ostringstream json_out;
  REQUIRE(render_report(checks, result, options, json_out));
  const auto doc = nlohmann::json::parse(json_out.str());
  for (const char* key : {"kdiag", "inputs", "diagnoses", "checks"}) CHECK(doc.contains(key));
  CHECK(doc["diagnoses"].size() == 3);
  CHECK(doc["checks"].size() == checks.size());
  bool skipped_listed = false;
  for (const auto& c : doc["checks"]) {
    CHECK(c.contains("name"));
    CHECK(c.contains("detail"));
    const std::string status = c["status"];
    CHECK((status == "ok" || status == "problem" || status == "skipped"));
    skipped_listed = skipped_listed || (status == "skipped" && c["name"] == "headers-release");
  }
  CHECK(skipped_listed);

  for (const char* format : {"github", "gitlab", "sarif"}) {
    options.format = format;
    std::ostringstream out;
    CHECK(render_report(checks, result, options, out));
    CHECK(out.str().find("kbuild.headers-missing") != std::string::npos);
  }
}

TEST_CASE("doctor: exit codes and --fail-on") {
  Fake m;
  m.healthy();
  std::ostringstream out, err;
  ReportOptions options;
  CHECK(run(doctor_rules(), m.machine(), Fake::request(), options, "info", out, err) == 0);
  CHECK(out.str().find("no known cause") != std::string::npos);
  m.version_tool("gcc", "gcc (Debian 13.3.0-1) 13.3.0");  // an info-level notice only
  CHECK(run(doctor_rules(), m.machine(), Fake::request(), options, "error", out, err) == 0);
  CHECK(run(doctor_rules(), m.machine(), Fake::request(), options, "info", out, err) == 1);
  m.no_tool("bindgen");
  CHECK(run(doctor_rules(), m.machine(), Fake::request(), options, "", out, err) == 0);
  CHECK(run(doctor_rules(), m.machine(), Fake::request(), options, "error", out, err) == 1);
  options.format = "yaml";
  CHECK(run(doctor_rules(), m.machine(), Fake::request(), options, "", out, err) == 2);
}

TEST_CASE("doctor: a finding whose rule is not loaded becomes a note") {
  Fake m;
  m.healthy();
  m.no_tool("pahole");
  const Result result = build_result(m.checks(), RuleSet{});
  CHECK(result.diagnoses.empty());
  REQUIRE(result.notes.size() == 1);
  CHECK(result.notes[0].find("kbuild.tool-missing") != std::string::npos);
}

TEST_CASE("doctor: versions, paths and symlinks under the root") {
  CHECK(parse_version("gcc (Debian 12.2.0-14+deb12u1) 12.2.0") == std::vector<int>{12, 2, 0});
  CHECK(parse_version("x86_64-linux-gnu-gcc-13 (Ubuntu 13.2.0-4ubuntu3) 13.2.0") == std::vector<int>{13, 2, 0});
  CHECK(parse_version("v1.25") == std::vector<int>{1, 25});
  CHECK(parse_version("gcc-12") == std::vector<int>{});
  CHECK(doctor::compare_versions(std::vector<int>{1, 78}, std::vector<int>{1, 78, 0}) == 0);
  CHECK(doctor::compare_versions(std::vector<int>{0, 65, 1}, std::vector<int>{0, 69}) < 0);
  CHECK(parse_config("CONFIG_A=y\n# CONFIG_B is not set\nCONFIG_C=\"x \\\"q\\\"\"\n") ==
        std::map<std::string, std::string>{{"CONFIG_A", "y"}, {"CONFIG_C", "x \"q\""}});
  Fake m;
  m.link("/lib/modules/1.0/build", "/usr/src/linux-1.0");
  m.write("/usr/src/linux-1.0/Makefile", "x");
  const Machine machine = m.machine();
  CHECK(machine.host_path("/lib/modules/1.0/build/Makefile") == m.root() + "/usr/src/linux-1.0/Makefile");
  CHECK(machine.is_file("/lib/modules/1.0/build/Makefile"));
  CHECK(machine.link_target("/lib/modules/1.0/build") == "/usr/src/linux-1.0");
  m.tool("slow", "while :; do :; done");
  MachineOptions o = machine.options();
  o.tool_timeout_seconds = 1;
  const ToolRun run = Machine(o).run(m.bin() + "/slow", {});
  CHECK(run.timed_out);
}

// ---- Issue 20: a hostile tree under --root ----

TEST_CASE("doctor: a chain of 45 links never leaves the root, in the kernel's resolver or ours") {
  Fake m;
  // Outside the root: what an escape would read.
  const std::string outside = fs::path(m.root()).parent_path().string() + "/host-secret";
  std::ofstream(outside) << "6.6.6-host-secret\n";
  for (int i = 1; i < 45; ++i) m.link("/chain/" + std::to_string(i), "/chain/" + std::to_string(i + 1));
  m.link("/chain/45", outside);
  m.remove("/proc/sys/kernel/osrelease");
  m.link("/proc/sys/kernel/osrelease", "/chain/1");
  const Machine machine = m.machine();
  const ReadResult r = machine.read("/proc/sys/kernel/osrelease");
  CHECK_FALSE(r.content);
  CHECK(r.error.find("symbolic links") != std::string::npos);
  // The user-space resolver (used where the kernel lacks openat2) refuses the chain by name.
  std::string error;
  CHECK_FALSE(machine.resolve("/proc/sys/kernel/osrelease", error));
  CHECK(error.find("more than 40 symbolic links") != std::string::npos);
  CHECK(machine.host_path("/proc/sys/kernel/osrelease").empty());
  CHECK_FALSE(machine.exists("/proc/sys/kernel/osrelease"));
  // A short chain to an absolute target resolves inside the root, and ".." stops at the root.
  m.write("/etc/target", "inside\n");
  m.link("/a", "/b");
  m.link("/b", "../../../../etc/target");
  CHECK(machine.read("/a").content.value_or("") == "inside\n");
  CHECK(machine.resolve("/a", error).value_or("") == m.root() + "/etc/target");
  const Facts facts = survey(machine, Request{});
  CHECK(facts.release.find("secret") == std::string::npos);
}

TEST_CASE("doctor: FIFOs, devices and implausible files are refused, never waited on") {
  Fake m;
  m.remove("/proc/sys/kernel/osrelease");
  REQUIRE(::mkfifo((m.root() + "/proc/sys/kernel/osrelease").c_str(), 0600) == 0);
  const Machine machine = m.machine();
  const ReadResult r = machine.read("/proc/sys/kernel/osrelease");  // would block without O_NONBLOCK
  CHECK_FALSE(r.content);
  CHECK(r.error == "is a FIFO, not a regular file");
  const Facts fifo = survey(machine, Request{});
  CHECK(fifo.release.empty());
  CHECK(fifo.release_refused.find("FIFO") != std::string::npos);
  // 10 MB of text is not a kernel release, and a file past its limit is not half-read.
  m.remove("/proc/sys/kernel/osrelease");
  m.write("/proc/sys/kernel/osrelease", std::string(10 << 20, 'x'));
  const Facts big = survey(machine, Request{});
  CHECK(big.release.empty());
  CHECK(big.release_refused.find("limit") != std::string::npos);
  m.remove("/proc/sys/kernel/osrelease");
  m.write("/proc/sys/kernel/osrelease", "6.1.0\x1b[2J evil\n");
  CHECK(survey(machine, Request{}).release.empty());
  CHECK_FALSE(plausible_release("6.1.0\x1b[2J"));
  CHECK(plausible_release("6.1.0-57-amd64"));
  CHECK(plausible_release("6.12.0-rc3+"));
  // A config past the limit is named, not cut.
  m.write("/boot/config-big", "CONFIG_X=y\n");
  const ReadResult small = machine.read("/boot/config-big", 4);
  CHECK_FALSE(small.content);
  CHECK(small.error.find("the limit for this file") != std::string::npos);
  CHECK(machine.read_prefix("/boot/config-big", 4).cut);
}

// ---- Issue 18: the config a kernel image carries (CONFIG_IKCONFIG) ----

namespace {
// A kernel image as the build makes one, around the real Debian config: kernel/configs.c puts
// "IKCFG_ST" + the gzipped .config + "IKCFG_ED" into vmlinux, and the image holds vmlinux compressed
// (here with compressor: gzip or xz) behind a setup header, with bytes after the payload.
std::string ikconfig_image(const std::string& compressor, bool with_config) {
  const std::string dir = (fs::temp_directory_path() / "kdiag-ikconfig").string();
  fs::create_directories(dir);
  std::ifstream gz(std::string(KDIAG_SOURCE_DIR) + "/tests/data/doctor/config-6.1.0-57-amd64.gz", std::ios::binary);
  const std::string config_gz((std::istreambuf_iterator<char>(gz)), std::istreambuf_iterator<char>());
  REQUIRE(!config_gz.empty());
  std::string vmlinux = std::string(4096, 'V');
  if (with_config) vmlinux += "IKCFG_ST" + config_gz + "IKCFG_ED";
  vmlinux += std::string(4096, 'W');
  std::ofstream(dir + "/vmlinux", std::ios::binary) << vmlinux;
  REQUIRE(std::system((compressor + " -c '" + dir + "/vmlinux' > '" + dir + "/payload'").c_str()) == 0);
  std::ifstream p(dir + "/payload", std::ios::binary);
  const std::string payload((std::istreambuf_iterator<char>(p)), std::istreambuf_iterator<char>());
  fs::remove_all(dir);
  return std::string(512, '\0') + "HdrS" + std::string(16380, '\x5d') + payload + std::string(512, '\xff');
}
}  // namespace

TEST_CASE("doctor --kernel: the config embedded in the image (CONFIG_IKCONFIG), gzip and xz payloads") {
  for (const char* compressor : {"gzip", "xz"}) {
    CAPTURE(compressor);
    Fake m;
    m.write("/boot/vmlinuz-6.1.0-57-amd64", ikconfig_image(compressor, true));
    Request request;
    request.kernel = "6.1.0-57-amd64";
    const Facts facts = survey(m.machine(), request);
    CHECK(facts.config.source == "/boot/vmlinuz-6.1.0-57-amd64 (embedded, CONFIG_IKCONFIG)");
    CHECK(facts.config.enabled("CONFIG_X86_64"));
    CHECK(facts.config.get("CONFIG_LOCALVERSION") == "");
    CHECK(facts.config.values.size() > 2000);
  }
  Fake m;
  m.write("/boot/vmlinuz-6.1.0-57-amd64", ikconfig_image("gzip", false));
  Request request;
  request.kernel = "6.1.0-57-amd64";
  const Facts facts = survey(m.machine(), request);
  CHECK_FALSE(facts.config.known());
  CHECK(facts.config.why_missing.find("no embedded config in the image") != std::string::npos);
}

TEST_CASE("doctor --kernel: under lockdown or sig_enforce, the new kernel's modules must be signed") {
  const auto machine_with = [](Fake& m, const std::string& module, const std::string& compressor) {
    m.write("/boot/vmlinuz-6.1.0-57-amd64", "x");
    m.write("/sys/kernel/security/lockdown", "none [integrity] confidentiality\n");
    const std::string dir = "/lib/modules/6.1.0-57-amd64/kernel/drivers/x";
    m.real("modules/" + module, dir + "/" + module);
    if (!compressor.empty()) {
      const std::string host = m.root() + dir + "/" + module;
      REQUIRE(std::system((compressor + " -q '" + host + "'").c_str()) == 0);  // module.ko -> module.ko.xz
    }
  };
  const auto check_of = [](Fake& m) {
    Request request;
    request.kernel = "6.1.0-57-amd64";
    const Facts facts = survey(m.machine(), request);
    for (const auto& c : run_checks(m.machine(), facts)) {
      if (c.name == "new-kernel-signatures") return c;
    }
    FAIL("no new-kernel-signatures check");
    return Check{};
  };
  for (const char* compressor : {"", "xz"}) {
    CAPTURE(compressor);
    Fake signed_machine;
    machine_with(signed_machine, "nhc_ipv6.ko", compressor);
    CHECK(check_of(signed_machine).status == CheckStatus::ok);
    Fake unsigned_machine;
    machine_with(unsigned_machine, "blindwarn.ko", compressor);
    const Check c = check_of(unsigned_machine);
    REQUIRE(c.status == CheckStatus::problem);
    CHECK(c.finding->rule_id == "module.signature-rejected");
    CHECK(c.finding->evidence[0] == "/sys/kernel/security/lockdown: [integrity] now");
    CHECK(c.finding->evidence[1].find("1 of 1 sampled modules of 6.1.0-57-amd64 carry no signature") == 0);
  }
  // Nothing enforced now: unsigned modules load, nothing to report.
  Fake free_machine;
  machine_with(free_machine, "blindwarn.ko", "");
  free_machine.write("/sys/kernel/security/lockdown", "[none] integrity confidentiality\n");
  CHECK(check_of(free_machine).status == CheckStatus::ok);
}

namespace {
// The bytes of a file of tests/data/doctor.
std::string fixture_bytes(const std::string& fixture) {
  std::ifstream in(std::string(KDIAG_SOURCE_DIR) + "/tests/data/doctor/" + fixture, std::ios::binary);
  REQUIRE(in);
  return std::string(std::istreambuf_iterator<char>(in), {});
}
}  // namespace

TEST_CASE("doctor: module signers, certificates and EFI signature lists, read from real files") {
  const auto bytes = fixture_bytes;
  const std::string dkms_module = bytes("modules/ledblink.ko"), debian_module = bytes("modules/nhc_ipv6.ko");
  const std::string cert = bytes("dkms-mok.pub"), esl = bytes("MokListRT-dkms.esl");
  const auto dkms = module_signer(dkms_module);
  REQUIRE(dkms);
  CHECK(dkms->describe() == "CN 'DKMS module signing key', serial 0e592a84a1595ed21bd42b1a7266b96a44fdbbd7");
  const auto debian = module_signer(debian_module);
  REQUIRE(debian);
  CHECK(!(*debian == *dkms));
  CHECK(!module_signer(bytes("modules/blindwarn.ko")));  // unsigned
  const auto c = parse_certificate(cert);
  REQUIRE(c);
  CHECK(c->subject_name == "DKMS module signing key");
  CHECK(c->signed_by_this(*dkms));
  CHECK(!c->signed_by_this(*debian));
  const auto listed = efi_signature_list_certificates(esl);
  REQUIRE(listed.size() == 1);
  CHECK(listed[0].signed_by_this(*dkms));
  // Untrusted bytes: every cut of the signature, the certificate and the list is refused or
  // read short, never read past its end (ASan runs this too).
  for (std::size_t cut = 1; cut < 1200; ++cut) {
    CHECK_FALSE(module_signer(std::string_view(dkms_module).substr(0, dkms_module.size() - cut)));
  }
  for (std::size_t n = 0; n < cert.size(); ++n) CHECK_FALSE(parse_certificate(std::string_view(cert).substr(0, n)));
  for (std::size_t n = 0; n < esl.size(); ++n) CHECK(efi_signature_list_certificates(std::string_view(esl).substr(0, n)).empty());
}

TEST_CASE("doctor --kernel: a module built here must be signed with a key the kernel trusts") {
  Fake m;
  m.write("/boot/vmlinuz-6.1.0-57-amd64", "x");
  m.write("/sys/kernel/security/lockdown", "none [integrity] confidentiality\n");
  const std::string dir = "/lib/modules/6.1.0-57-amd64";
  m.real("modules/nhc_ipv6.ko", dir + "/kernel/net/6lowpan/nhc_ipv6.ko");  // Debian's own key
  m.real("modules/ledblink.ko", dir + "/updates/dkms/ledblink.ko");       // DKMS's MOK key
  m.real("dkms-mok.pub", "/var/lib/dkms/mok.pub");
  const auto check_of = [&]() {
    Request request;
    request.kernel = "6.1.0-57-amd64";
    for (const auto& c : run_checks(m.machine(), survey(m.machine(), request))) {
      if (c.name == "new-kernel-signatures") return c;
    }
    FAIL("no new-kernel-signatures check");
    return Check{};
  };
  // MOK list empty: the key was never enrolled, and the kernel will say "Key was rejected by service".
  m.write("/sys/firmware/efi/mok-variables/MokListRT", "");
  Check c = check_of();
  REQUIRE(c.status == CheckStatus::problem);
  CHECK(c.finding->rule_id == "module.key-rejected");
  CHECK(c.finding->evidence[1] == "/lib/modules/6.1.0-57-amd64/updates/dkms/ledblink.ko is signed by CN 'DKMS module "
                                  "signing key', serial 0e592a84a1595ed21bd42b1a7266b96a44fdbbd7");
  CHECK(c.finding->evidence[3] == "no certificate for that key in MokListRT: 0 certificate(s)");
  CHECK(c.finding->fix.at(0).find("mokutil --import /var/lib/dkms/mok.pub") != std::string::npos);
  // Enrolled (the list as shim hands it over, made by efitools' cert-to-efi-sig-list): fine.
  m.real("MokListRT-dkms.esl", "/sys/firmware/efi/mok-variables/MokListRT");
  c = check_of();
  CHECK(c.status == CheckStatus::ok);
  CHECK(c.detail.find("the 1 built on this machine with a key it trusts") != std::string::npos);
  // The same list in efivarfs, behind the variable's four attribute bytes.
  m.remove("/sys/firmware/efi/mok-variables/MokListRT");
  m.write("/sys/firmware/efi/efivars/MokListRT-605dab50-e046-4300-abb6-3dd810dd8b23",
          std::string("\x06\0\0\0", 4) + fixture_bytes("MokListRT-dkms.esl"));
  CHECK(check_of().status == CheckStatus::ok);
}

// ---- Issue 18: what doctor got wrong on real Debian machines, each on the real files ----

namespace {
constexpr const char* kDebian = "6.1.0-57-amd64";
constexpr const char* kHost = "6.18.44-fc-v1300";  // the firecracker kernel of the machine the fixtures came from

// Debian's linux-headers-6.1.0-57-amd64 as installed: a build link into /usr/src, its Makefile,
// and the two release files from the package (tests/data/doctor/README.md).
void debian_headers(Fake& m, const std::string& release) {
  const std::string src = std::string("/usr/src/linux-headers-") + kDebian;
  m.link("/lib/modules/" + release + "/build", src);
  m.write(src + "/Makefile", "include /usr/src/linux-headers-6.1.0-57-common/Makefile\n");
  m.real("debian-headers-6.1.0-57-amd64/include/config/kernel.release", src + "/include/config/kernel.release");
  m.real("debian-headers-6.1.0-57-amd64/include/generated/utsrelease.h", src + "/include/generated/utsrelease.h");
}
}  // namespace

TEST_CASE("doctor: Debian headers: utsrelease.h's UTS_RELEASE, not kernel.release's upstream version") {
  Fake m;
  m.healthy();
  m.write("/proc/sys/kernel/osrelease", std::string(kDebian) + "\n");
  m.real("config-6.1.0-57-amd64.gz", std::string("/boot/config-") + kDebian);
  debian_headers(m, kDebian);
  // kernel.release holds 6.1.192: before, this was a false kbuild.headers-version-mismatch.
  ok(m.checks(), "headers-release");
  CHECK(find(m.checks(), "headers-release").detail.find("is for 6.1.0-57-amd64") != std::string::npos);
  // The same headers under another running release are a real mismatch, named by utsrelease.h.
  m.write("/proc/sys/kernel/osrelease", "6.1.0-58-amd64\n");
  m.write("/boot/vmlinuz-6.1.0-58-amd64", "k");
  m.real("config-6.1.0-57-amd64.gz", "/boot/config-6.1.0-58-amd64");
  debian_headers(m, "6.1.0-58-amd64");
  const auto c = problem(m.checks(), "headers-release", "kbuild.headers-version-mismatch");
  CHECK(evidence(c).find("include/generated/utsrelease.h: 6.1.0-57-amd64") != std::string::npos);
  CHECK(capture(c, "kver") == kDebian);
  CHECK(uts_release("#define UTS_RELEASE \"6.1.0-57-amd64\"\n") == kDebian);
  CHECK(uts_release("#define UTS_VERSION \"#1\"\n").empty());
}

TEST_CASE("doctor: a running kernel without CONFIG_MODULES -> kbuild.modules-disabled, not 'unsigned modules load'") {
  Fake m;
  m.healthy();
  m.write("/proc/sys/kernel/osrelease", std::string(kHost) + "\n");
  m.write(std::string("/boot/vmlinuz-") + kHost, "k");
  m.real("config-6.18.44-fc-v1300.gz", "/proc/config.gz");  // this machine's own, CONFIG_MODULES unset
  auto checks = m.checks();
  CHECK(find(checks, "kernel-config").detail.find("/proc/config.gz") == 0);
  const auto c = problem(checks, "modules-enabled", "kbuild.modules-disabled");
  CHECK(evidence(c).find("CONFIG_MODULES is not set in /proc/config.gz") != std::string::npos);
  CHECK(c.finding->fix.at(0).find("scripts/config -e MODULES") == 0);
  CHECK(find(checks, "module-signing").detail.find("no module loads at all") != std::string::npos);
  skipped(checks, "module-signing");
  skipped(checks, "lockdown");
  // Debian's kernel has modules: fine, and the signing check speaks again.
  m.remove("/proc/config.gz");
  m.write("/proc/sys/kernel/osrelease", std::string(kDebian) + "\n");
  m.real("config-6.1.0-57-amd64.gz", std::string("/boot/config-") + kDebian);
  debian_headers(m, kDebian);
  checks = m.checks();
  ok(checks, "modules-enabled");
  ok(checks, "module-signing");
}

TEST_CASE("doctor: rust.config-rust-unavailable only when Rust is asked about, a note otherwise") {
  Fake m;
  m.healthy();
  m.write("/proc/sys/kernel/osrelease", std::string(kDebian) + "\n");
  m.real("config-6.1.0-57-amd64.gz", std::string("/boot/config-") + kDebian);  // Debian 6.1: no CONFIG_RUST
  debian_headers(m, kDebian);
  m.rustc("rustc 1.95.0 (59807616e 2026-04-14)");
  // Nobody asked: a note, no finding.
  auto checks = m.checks();
  const Check quiet = find(checks, "rust-support");
  CHECK(quiet.status == CheckStatus::ok);
  CHECK(quiet.note);
  Result result = build_result(checks, doctor_rules());
  for (const auto& d : result.diagnoses) CHECK(d.rule->id != "rust.config-rust-unavailable");
  bool noted = false;
  for (const auto& n : result.notes) noted = noted || n.find("rust-support: kernel built without CONFIG_RUST") == 0;
  CHECK(noted);
  // --rust: the finding, with Debian's real blocker (MODVERSIONS) named.
  auto c = problem(m.checks("", "", /*rust=*/true), "rust-support", "rust.config-rust-unavailable");
  CHECK(evidence(c).find("Rust asked about: --rust") != std::string::npos);
  CHECK(capture(c, "blocker") == "MODVERSIONS");
  // A Rust module in --kernel-dir asks too.
  const std::string tree = std::string("/usr/src/linux-headers-") + kDebian;
  m.write(tree + "/rust_hello.rs", "// SPDX-License-Identifier: GPL-2.0\n");
  c = problem(m.checks("", tree), "rust-support", "rust.config-rust-unavailable");
  CHECK(evidence(c).find("rust_hello.rs: a Rust module") != std::string::npos);
}

TEST_CASE("doctor: --root looks tools up inside the root and checks the kernel installed there") {
  Fake m;
  m.healthy();
  // A Debian chroot (as /work/blind/chroot): the linux-image's kernel and config, no rustc; the
  // host's /proc (bind-mounted) says the host's kernel, which is not installed in the chroot.
  m.write("/proc/sys/kernel/osrelease", std::string(kHost) + "\n");
  m.remove("/lib/modules");
  m.remove("/boot");
  m.write("/boot/vmlinuz-6.1.0-9-amd64", "k");
  m.write(std::string("/boot/vmlinuz-") + kDebian, "k");
  m.real("config-6.1.0-57-amd64.gz", std::string("/boot/config-") + kDebian);
  m.write("/lib/modules/6.1.0-9-amd64/modules.dep", "");
  debian_headers(m, kDebian);
  m.write("/usr/bin/gcc-12", "#!/bin/sh\necho 'gcc-12 (Debian 12.2.0-14+deb12u1) 12.2.0'\n");
  fs::permissions(m.root() + "/usr/bin/gcc-12", fs::perms::owner_all);
  m.link("/usr/bin/gcc", "gcc-12");
  m.tools_in_root = true;  // as kdiag doctor --root does without KDIAG_DOCTOR_PATH
  const auto checks = m.checks();
  CHECK(find(checks, "kernel-release").detail == "6.1.0-57-amd64 (newest in /lib/modules under --root)");
  CHECK(find(checks, "kernel-config").detail.find("/boot/config-6.1.0-57-amd64") == 0);
  ok(checks, "headers-release");
  // The root's own gcc-12, the compiler of Debian's config.
  const Check cc = find(checks, "compiler");
  CHECK_MESSAGE(cc.status == CheckStatus::ok, cc.detail);
  CHECK(cc.detail.find(m.root() + "/usr/bin/gcc") == 0);
  // The host's rustc (in the Fake's bin) is not the root's.
  const Machine machine = m.machine();
  CHECK(machine.find_tool("rustc").empty());
  CHECK(machine.find_tool("gcc") == m.root() + "/usr/bin/gcc-12");
  // A /proc that names a kernel installed in the root is that kernel's.
  m.write("/proc/sys/kernel/osrelease", "6.1.0-9-amd64\n");
  CHECK(find(m.checks(), "kernel-release").detail == "6.1.0-9-amd64 (/proc/sys/kernel/osrelease)");
  CHECK(release_less("6.1.0-9-amd64", "6.1.0-57-amd64"));
  CHECK(release_less("6.1.0-57-amd64", "6.10.2"));
}

TEST_CASE("doctor: --kernel-dir reads the tree's own .config and release, not /proc/config.gz") {
  Fake m;
  m.healthy();
  // Running: this machine's kernel, no CONFIG_RUST, no modules.
  m.write("/proc/sys/kernel/osrelease", std::string(kHost) + "\n");
  m.write(std::string("/boot/vmlinuz-") + kHost, "k");
  m.real("config-6.18.44-fc-v1300.gz", "/proc/config.gz");
  // A 6.1 tree configured from Debian's config with Rust turned on, and 6.1's min-tool-version.sh.
  const std::string tree = "/home/me/linux-6.1";
  m.write(tree + "/Makefile", "VERSION = 6\nPATCHLEVEL = 1\n");
  m.real("debian-headers-6.1.0-57-amd64/include/config/kernel.release", tree + "/include/config/kernel.release");
  m.real("config-6.1.0-57-amd64.gz", tree + "/.config");
  { std::ofstream(m.root() + tree + "/.config", std::ios::app) << "CONFIG_RUST=y\n"; }
  m.real("linux-6.1-min-tool-version.sh", tree + "/scripts/min-tool-version.sh");
  m.rustc("rustc 1.95.0 (59807616e 2026-04-14)");
  m.tool("bindgen", "echo 'bindgen 0.56.0'; [ \"$2\" = --verbose ] && echo 'Clang: clang version 14.0.6'; exit 0");
  const auto checks = m.checks("", tree);
  CHECK(find(checks, "kernel-release").detail == "6.1.192 (/home/me/linux-6.1/include/config/kernel.release)");
  CHECK(find(checks, "kernel-config").detail.find("/home/me/linux-6.1/.config") == 0);
  ok(checks, "modules-enabled");
  ok(checks, "rust-support");
  // The tree's compiler, not /proc/version's.
  const auto cc = problem(checks, "compiler", "kbuild.compiler-mismatch");
  CHECK(evidence(cc).find("gcc-12 (Debian 12.2.0-14+deb12u1) 12.2.0 (/home/me/linux-6.1/.config)") !=
        std::string::npos);
  // 6.1 pins rustc 1.62.0: 1.95 is far from it.
  const auto c = problem(checks, "rust-min-version", "rust.toolchain-version-unsupported");
  CHECK(evidence(c).find("rustc 1.95.0 is newer than the 1.62.0 that kernel 6.1.192 pins") != std::string::npos);
}

// ---- Issue 18: kdiag doctor --kernel, on fake machines replayed from captured lists ----

namespace {

// Replays a capture list (tests/data/doctor/capture-machine.sh's format) into the fake root.
void replay(Fake& m, const std::string& list) {
  std::ifstream in(std::string(KDIAG_SOURCE_DIR) + "/tests/data/doctor/" + list);
  REQUIRE(in);
  std::string line;
  while (std::getline(in, line)) {
    if (line.size() < 3) continue;
    const char kind = line[0];
    const std::string rest = line.substr(2);
    const auto space = rest.find(' ');
    const std::string path = rest.substr(0, space);
    const std::string arg = space == std::string::npos ? "" : rest.substr(space + 1);
    if (kind == 'D') {
      fs::create_directories(m.root() + path);
    } else if (kind == 'F') {
      std::string text;
      for (std::size_t i = 0; i < arg.size(); ++i) {
        if (arg[i] == '\\' && i + 1 < arg.size() && arg[i + 1] == 'n') {
          text += '\n';
          ++i;
        } else {
          text += arg[i];
        }
      }
      m.write(path, text);
    } else if (kind == 'L') {
      fs::remove(m.root() + path);
      m.link(path, arg);
      // sysfs links point at directories that exist: make the target so the link resolves.
      if (arg[0] != '/') fs::create_directories(fs::path(m.root() + path).parent_path() / arg);
    }
  }
}

// Debian's real config for 6.1.0-57-amd64, edited the way a hand-made config differs.
std::string debian_config_edited(Fake& m, const std::vector<std::pair<std::string, std::string>>& edits) {
  m.real("config-6.1.0-57-amd64.gz", "/tmp/config");
  std::ifstream in(m.root() + "/tmp/config");
  std::stringstream buf;
  buf << in.rdbuf();
  std::string text = buf.str();
  for (const auto& [from, to] : edits) {
    const auto at = text.find(from + "\n");
    if (at != std::string::npos) text.replace(at, from.size(), to);
    else text += to + "\n";
  }
  m.remove("/tmp/config");
  return text;
}

// A new kernel 6.1.0-57-amd64 installed in /boot with its initramfs (one of the built images).
void new_kernel(Fake& m, const std::string& config, const std::string& initrd, const std::string& at) {
  m.write(std::string("/boot/vmlinuz-") + kDebian, std::string(8000, 'k'));
  m.write(std::string("/boot/config-") + kDebian, config);
  if (!initrd.empty()) m.real(initrd, at);
}

std::vector<Check> kernel_checks(const Fake& m, const std::string& kernel = kDebian) {
  const Machine machine = m.machine();
  Request r;
  r.kernel = kernel;
  return run_checks(machine, survey(machine, r));
}

}  // namespace

TEST_CASE("doctor --kernel: the seed machine (NVMe root, systemd-boot, CONFIG_RUST, no NVMe, no simpledrm)") {
  Fake m;
  m.healthy();
  replay(m, "seed-nvme-systemd-boot.list");
  const std::string config = debian_config_edited(m, {{"CONFIG_BLK_DEV_NVME=m", "# CONFIG_BLK_DEV_NVME is not set"},
                                                      {"CONFIG_FB_EFI=y", "# CONFIG_FB_EFI is not set"},
                                                      {"CONFIG_RUST", "CONFIG_RUST=y"}});
  new_kernel(m, config, "initrd-no-nvme-virtio.img",
             std::string("/efi/b1f4f3a2c9d04e7f8a1c2b3d4e5f6a7b/") + kDebian + "/initrd");
  debian_headers(m, kDebian);  // its headers package, without rust/ and target.json
  const auto checks = kernel_checks(m);
  CHECK(
      find(checks, "new-kernel").detail.find("initramfs /efi/b1f4f3a2c9d04e7f8a1c2b3d4e5f6a7b/6.1.0-57-amd64/initrd") !=
      std::string::npos);
  auto c = problem(checks, "root-drivers", "boot.missing-storage-driver");
  CHECK(evidence(c).find("driver nvme: CONFIG_BLK_DEV_NVME is not set in /boot/config-6.1.0-57-amd64") == 0);
  CHECK(evidence(c).find(
            "root: UUID=0b8e2f4c-7d1a-4e3b-9c55-2f6a1d9e8b70 (/proc/cmdline root=) is nvme0n1p2 on nvme0n1") !=
        std::string::npos);
  CHECK(c.finding->fix.at(0).find("scripts/config -e BLK_DEV_NVME") == 0);
  c = problem(checks, "console", "boot.no-console-after-efistub");
  CHECK(c.finding->fix.at(0).find("scripts/config -e DRM_SIMPLEDRM -e SYSFB_SIMPLEFB") == 0);
  CHECK(evidence(c).find("framebuffer now: simpledrm") != std::string::npos);
  ok(checks, "initramfs");
  problem(checks, "rust-headers", "rust.headers-missing-rust-dir");
  problem(checks, "rust-target-json", "rust.target-json-missing");
  // Ranked as the scorer ranks: the storage driver first, naming the option.
  const Result result = build_result(checks, doctor_rules());
  REQUIRE(!result.diagnoses.empty());
  CHECK(result.diagnoses[0].rule->id == "boot.missing-storage-driver");
  CHECK(result.diagnoses[0].fix.at(0).find("BLK_DEV_NVME") != std::string::npos);
  // The same machine with the driver built in and simpledrm: both fine.
  m.write(std::string("/boot/config-") + kDebian,
          debian_config_edited(m, {{"CONFIG_BLK_DEV_NVME=m", "CONFIG_BLK_DEV_NVME=y"},
                                   {"CONFIG_FB_EFI=y", "# CONFIG_FB_EFI is not set"},
                                   {"# CONFIG_DRM_SIMPLEDRM is not set", "CONFIG_DRM_SIMPLEDRM=y"},
                                   {"# CONFIG_SYSFB_SIMPLEFB is not set", "CONFIG_SYSFB_SIMPLEFB=y"}}));
  m.real("initrd-debian-6.1.0-57-amd64.img",
         std::string("/efi/b1f4f3a2c9d04e7f8a1c2b3d4e5f6a7b/") + kDebian + "/initrd");
  const auto fixed = kernel_checks(m);
  ok(fixed, "root-drivers");
  ok(fixed, "console");
  ok(fixed, "root-filesystem");
}

TEST_CASE("doctor --kernel: root drivers =m must be in the initramfs (this machine: virtio_blk + virtio-pci)") {
  Fake m;
  m.healthy();
  replay(m, "firecracker-vm.list");
  const std::string debian = debian_config_edited(m, {});
  // Debian's config has virtio_blk, virtio_pci and ext4 as modules; its real image holds them.
  new_kernel(m, debian, "initrd-debian-6.1.0-57-amd64.img", std::string("/boot/initrd.img-") + kDebian);
  auto checks = kernel_checks(m);
  ok(checks, "root-drivers");
  CHECK(find(checks, "root-drivers").detail.find("driver virtio_blk (CONFIG_VIRTIO_BLK=m, in the initramfs)") !=
        std::string::npos);
  ok(checks, "root-filesystem");
  ok(checks, "console");  // ttyS0: CONFIG_SERIAL_8250_CONSOLE=y
  ok(checks, "initramfs");
  CHECK(find(checks, "initramfs").detail.find("zstd compression, 1 early archive(s)") != std::string::npos);
  // An image made without them: the boot would wait for /dev/vda forever.
  m.real("initrd-no-nvme-virtio.img", std::string("/boot/initrd.img-") + kDebian);
  checks = kernel_checks(m);
  auto c = problem(checks, "root-drivers", "boot.missing-storage-driver");
  CHECK(evidence(c).find(
            "driver virtio_blk: CONFIG_VIRTIO_BLK=m, and virtio_blk.ko is not in /boot/initrd.img-6.1.0-57-amd64") ==
        0);
  CHECK(c.finding->fix.at(0).find("put virtio_blk in the initramfs") == 0);
  c = problem(checks, "root-filesystem", "boot.missing-storage-driver");
  CHECK(evidence(c).find("fs ext4: CONFIG_EXT4_FS=m, and ext4.ko is not in") == 0);
  // This machine's own config: everything built in.
  m.write(std::string("/boot/config-") + kDebian, "");
  m.real("config-6.18.44-fc-v1300.gz", std::string("/boot/config-") + kDebian);
  ok(kernel_checks(m), "root-drivers");
}

TEST_CASE("doctor --kernel: the suppliers a root controller waits for (power domain, PHY) are needs too") {
  Fake m;
  m.healthy();
  replay(m, "rk3399-emmc-suppliers.list");
  const std::string release = "6.6.63-current-rockchip64";
  m.write("/boot/vmlinuz-" + release, "k");
  const std::string built_in =
      "CONFIG_MMC_BLOCK=y\nCONFIG_MMC_SDHCI_OF_ARASAN=y\nCONFIG_PHY_ROCKCHIP_EMMC=y\nCONFIG_EXT4_FS=y\n"
      "CONFIG_DEVTMPFS=y\n";
  // The eMMC's power domain left out: sdhci-arasan would wait in deferred probe for ever.
  m.write("/boot/config-" + release, built_in);
  auto checks = kernel_checks(m, release);
  auto c = problem(checks, "root-drivers", "boot.missing-storage-driver");
  CHECK(evidence(c).find("driver rockchip-pm-domain: CONFIG_ROCKCHIP_PM_DOMAINS is not set in /boot/config-" +
                         release) == 0);
  CHECK(evidence(c).find("(a supplier of fe330000.mmc: /sys/devices/platform/fe330000.mmc/"
                         "supplier:platform:ff310000.power-management:power-controller)") != std::string::npos);
  CHECK(c.finding->fix.at(0).find("scripts/config -e ROCKCHIP_PM_DOMAINS") == 0);
  // Its PHY as a module and no initramfs to carry it.
  m.write("/boot/config-" + release,
          "CONFIG_MMC_BLOCK=y\nCONFIG_MMC_SDHCI_OF_ARASAN=y\nCONFIG_PHY_ROCKCHIP_EMMC=m\nCONFIG_EXT4_FS=y\n"
          "CONFIG_DEVTMPFS=y\nCONFIG_ROCKCHIP_PM_DOMAINS=y\n");
  c = problem(kernel_checks(m, release), "root-drivers", "boot.missing-storage-driver");
  CHECK(evidence(c).find("driver rockchip-emmc-phy: CONFIG_PHY_ROCKCHIP_EMMC=m") == 0);
  // Everything the chain and its suppliers need built in.
  m.write("/boot/config-" + release, built_in + "CONFIG_ROCKCHIP_PM_DOMAINS=y\n");
  checks = kernel_checks(m, release);
  ok(checks, "root-drivers");
  CHECK(find(checks, "root-drivers").detail.find("driver rockchip-pm-domain (CONFIG_ROCKCHIP_PM_DOMAINS=y)") !=
        std::string::npos);
}

TEST_CASE("doctor --kernel: an IOMMU on the root chain (a real q35 guest: NVMe behind Intel's DMAR)") {
  Fake m;
  m.healthy();
  replay(m, "qemu-nvme-intel-iommu.list");
  // Debian's config: nvme =m (its real initramfs holds it), INTEL_IOMMU=y.
  new_kernel(m, debian_config_edited(m, {}), "initrd-debian-6.1.0-57-amd64.img",
             std::string("/boot/initrd.img-") + kDebian);
  auto checks = kernel_checks(m);
  ok(checks, "root-drivers");
  CHECK(find(checks, "root-drivers").detail.find("iommu dmar (CONFIG_INTEL_IOMMU=y)") != std::string::npos);
  // A kernel without the IOMMU driver uses the controller untranslated: not a finding.
  m.write(std::string("/boot/config-") + kDebian,
          debian_config_edited(m, {{"CONFIG_INTEL_IOMMU=y", "# CONFIG_INTEL_IOMMU is not set"}}));
  checks = kernel_checks(m);
  ok(checks, "root-drivers");
  CHECK(find(checks, "root-drivers").detail.find("iommu dmar (CONFIG_INTEL_IOMMU not set: the controller is used without it)") !=
        std::string::npos);
  // The image made for other hardware lacks nvme.ko: the root never appears.
  m.real("initrd-no-nvme-virtio.img", std::string("/boot/initrd.img-") + kDebian);
  const auto c = problem(kernel_checks(m), "root-drivers", "boot.missing-storage-driver");
  CHECK(evidence(c).find("driver nvme: CONFIG_BLK_DEV_NVME=m, and nvme.ko is not in") == 0);
}

TEST_CASE("doctor --kernel: the initramfs generator's configuration (dracut, mkinitcpio) against the new kernel") {
  Fake m;
  m.healthy();
  replay(m, "firecracker-vm.list");  // virtio_blk on virtio-pci, ext4: all three =m in Debian's config
  new_kernel(m, debian_config_edited(m, {}), "initrd-debian-6.1.0-57-amd64.img",
             std::string("/boot/initrd.img-") + kDebian);
  m.real("modules.dep-6.1.0-57-amd64.gz", std::string("/lib/modules/") + kDebian + "/modules.dep");
  m.real("modules.builtin-6.1.0-57-amd64.gz", std::string("/lib/modules/") + kDebian + "/modules.builtin");
  // dracut, as Debian installs it, with nothing configured: fine.
  m.write("/etc/dracut.conf", "# PUT YOUR CONFIG IN separate files\n");
  m.write("/usr/lib/dracut/dracut.conf.d/01-dist.conf", "hostonly=\"yes\"\n");
  auto checks = kernel_checks(m);
  ok(checks, "initramfs-config-root");
  CHECK(find(checks, "initramfs-config-root").detail == "dracut's configuration keeps the root modules: virtio_blk virtio_pci ext4");
  ok(checks, "initramfs-config-modules");
  // drivers= replaces dracut's own choice: the next image has only what it names.
  m.write("/etc/dracut.conf.d/10-net.conf", "# network boot\ndrivers=\"virtio_net e1000e\"\n");
  auto c = problem(kernel_checks(m), "initramfs-config-root", "boot.missing-storage-driver");
  CHECK(evidence(c).find("/etc/dracut.conf.d/10-net.conf:2: drivers=\"...\" replaces dracut's own choice of drivers "
                         "and does not name virtio_blk, which the root device needs (driver virtio_blk)") == 0);
  CHECK(c.finding->fix.at(0).find("add_drivers+=\" virtio_blk \"") != std::string::npos);
  // add_drivers instead, one of them a module this kernel does not have.
  m.write("/etc/dracut.conf.d/10-net.conf", "add_drivers+=\" virtio_net nvidia \"\n");
  checks = kernel_checks(m);
  ok(checks, "initramfs-config-root");
  c = problem(checks, "initramfs-config-modules", "initramfs.module-not-found");
  CHECK(evidence(c) .find("/etc/dracut.conf.d/10-net.conf:1: nvidia is not a module of 6.1.0-57-amd64") == 0);
  // omit_drivers naming the root disk's driver; /etc hides /usr/lib's file of the same name.
  m.write("/etc/dracut.conf.d/10-net.conf", "omit_drivers+=\" virtio_blk \"\n");
  m.write("/usr/lib/dracut/dracut.conf.d/10-net.conf", "omit_drivers+=\" ext4 \"\n");
  c = problem(kernel_checks(m), "initramfs-config-root", "boot.missing-storage-driver");
  CHECK(evidence(c).find("/etc/dracut.conf.d/10-net.conf:1: omit_drivers lists virtio_blk, which the root device "
                         "needs (driver virtio_blk)") == 0);
  CHECK(evidence(c).find("ext4") == std::string::npos);
  // mkinitcpio: a preset for another kernel only, HOOKS without block, MODULES with a missing one.
  Fake a;
  a.healthy();
  replay(a, "firecracker-vm.list");
  new_kernel(a, debian_config_edited(a, {}), "initrd-debian-6.1.0-57-amd64.img",
             std::string("/boot/initrd.img-") + kDebian);
  a.real("modules.dep-6.1.0-57-amd64.gz", std::string("/lib/modules/") + kDebian + "/modules.dep");
  a.write("/etc/mkinitcpio.conf", "MODULES=(\n  vboxdrv # for the VMs\n  btrfs\n)\nBINARIES=()\n"
                                  "HOOKS=(base udev autodetect modconf block filesystems fsck)\n");
  a.write("/etc/mkinitcpio.d/linux.preset",
          "ALL_kver=\"/boot/vmlinuz-linux\"\nPRESETS=('default')\ndefault_image=\"/boot/initramfs-linux.img\"\n");
  checks = kernel_checks(a);
  ok(checks, "initramfs-config-root");
  c = problem(checks, "initramfs-config-modules", "initramfs.module-not-found");
  CHECK(evidence(c).find("/etc/mkinitcpio.conf:2: vboxdrv is not a module of 6.1.0-57-amd64 (not in its modules.dep "
                         "or modules.builtin)") == 0);
  c = problem(checks, "initramfs-preset", "boot.missing-initramfs");
  CHECK(evidence(c).find("no preset in /etc/mkinitcpio.d has ALL_kver=\"/boot/vmlinuz-6.1.0-57-amd64\"") == 0);
  a.write("/etc/mkinitcpio.d/debian.preset", "ALL_kver='/boot/vmlinuz-6.1.0-57-amd64'\n"
                                             "default_image='/boot/initrd.img-6.1.0-57-amd64'\n");
  a.write("/etc/mkinitcpio.conf.d/10-hooks.conf", "HOOKS=(base udev autodetect modconf filesystems)\n");
  checks = kernel_checks(a);
  ok(checks, "initramfs-preset");
  c = problem(checks, "initramfs-config-root", "boot.missing-storage-driver");
  CHECK(evidence(c).find("/etc/mkinitcpio.conf.d/10-hooks.conf:1: HOOKS has no block hook") == 0);
}

TEST_CASE("doctor --kernel: the initramfs is missing or truncated") {
  Fake m;
  m.healthy();
  replay(m, "firecracker-vm.list");
  const std::string debian = debian_config_edited(m, {});
  new_kernel(m, debian, "initrd-debian-6.1.0-57-amd64.img", std::string("/boot/initrd.img-") + kDebian);
  ok(kernel_checks(m), "initramfs");
  // Cut in the middle of the compressed archive, as a full /boot leaves it.
  const std::string image = m.root() + "/boot/initrd.img-" + kDebian;
  fs::resize_file(image, fs::file_size(image) / 2);
  auto c = problem(kernel_checks(m), "initramfs", "initramfs.boot-full");
  CHECK(evidence(c).find("truncated") != std::string::npos);
  // No image at all, with root drivers as modules.
  m.remove(std::string("/boot/initrd.img-") + kDebian);
  c = problem(kernel_checks(m), "initramfs", "boot.missing-initramfs");
  CHECK(evidence(c).find("/boot/initrd.img-6.1.0-57-amd64") != std::string::npos);
  CHECK(evidence(c).find("CONFIG_VIRTIO_BLK=m must be loaded from an initramfs") != std::string::npos);
  // Everything built in (this machine's config): no initramfs needed.
  m.real("config-6.18.44-fc-v1300.gz", std::string("/boot/config-") + kDebian);
  ok(kernel_checks(m), "initramfs");
}

TEST_CASE("doctor --kernel: the kernel named by a build tree or an image path") {
  Fake m;
  m.healthy();
  replay(m, "firecracker-vm.list");
  const std::string tree = "/home/me/linux";
  m.write(tree + "/Makefile", "");
  m.real("debian-headers-6.1.0-57-amd64/include/generated/utsrelease.h", tree + "/include/generated/utsrelease.h");
  m.write(tree + "/.config", debian_config_edited(m, {{"CONFIG_VIRTIO_BLK=m", "# CONFIG_VIRTIO_BLK is not set"}}));
  m.write(tree + "/arch/x86/boot/bzImage", "k");
  auto checks = kernel_checks(m, tree);
  CHECK(find(checks, "new-kernel")
            .detail.find("6.1.0-57-amd64: image /home/me/linux/arch/x86/boot/bzImage, config /home/me/linux/.config") ==
        0);
  const auto c = problem(checks, "root-drivers", "boot.missing-storage-driver");
  CHECK(c.finding->fix.at(0).find("scripts/config -e VIRTIO_BLK") == 0);
  m.write("/boot/vmlinuz-6.9.1-arch1-1", "k");
  m.write("/boot/config-6.9.1-arch1-1",
          "CONFIG_VIRTIO_BLK=y\nCONFIG_VIRTIO_PCI=y\nCONFIG_EXT4_FS=y\nCONFIG_DEVTMPFS=y\n");
  checks = kernel_checks(m, "/boot/vmlinuz-6.9.1-arch1-1");
  CHECK(find(checks, "kernel-release").detail == "6.9.1-arch1-1 (--kernel)");
  ok(checks, "root-drivers");
  CHECK(module_name_of("usr/lib/modules/6.1.0-57-amd64/kernel/drivers/usb/storage/usb-storage.ko.zst") ==
        "usb_storage");
  CHECK(module_name_of("usr/lib/modules/6.1.0-57-amd64/modules.dep").empty());
  CHECK(cmdline_value("BOOT_IMAGE=/vmlinuz root=/dev/sda1 ro -- root=/dev/x", "root") == "/dev/sda1");
}
