#pragma once
// kdiag doctor's checks. Each looks at one thing on the machine and says ok, problem (with a
// finding that names a rule of the knowledge base, so doctor speaks the same words as a log
// diagnosis) or skipped (with the reason it could not run). The facts several checks share (the
// kernel release, its config, its build directory) are gathered once, by survey().
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "doctor/machine.h"
#include "kdiag.h"

namespace kdiag::doctor {

enum class CheckStatus { ok, problem, skipped };
std::string_view status_name(CheckStatus s);

// What a failed check proves: a kdiag::Finding (kdiag.h); doctor sets rule_id, score, evidence,
// captures and its own first fix steps, and the report adds the check's name and position.
using Finding = kdiag::Finding;

struct Check {
  std::string name;  // stable, for scripts: "headers-present"
  CheckStatus status = CheckStatus::skipped;
  std::string detail;              // what was found, or why it could not be checked
  std::optional<Finding> finding;  // set when status is problem
  bool note = false;               // ok, but worth a "note:" line (e.g. Rust absent, not asked)
};

class Checks {
 public:
  void ok(std::string name, std::string detail);
  // Fine for what was asked, yet the user should hear it (a note, not a finding).
  void note(std::string name, std::string detail);
  void skipped(std::string name, std::string why);
  // finding is taken by reference so that a detail made from its evidence is read before the move.
  void problem(std::string name, std::string detail, Finding&& finding);
  const std::vector<Check>& all() const { return checks_; }
  const Check* find(std::string_view name) const;

 private:
  std::vector<Check> checks_;
};

struct KernelConfig {
  std::string source;  // where it was read ("" when no config was found)
  std::string why_missing;
  std::map<std::string, std::string> values;  // CONFIG_X -> value, quotes removed
  bool known() const { return !source.empty(); }
  bool enabled(const std::string& name) const;  // =y
  std::string get(const std::string& name) const;
};

// Parses .config / auto.conf text ("# CONFIG_X is not set" lines leave X out).
std::map<std::string, std::string> parse_config(std::string_view text);

// What the user asked doctor about: the command-line options that choose the kernel.
struct Request {
  std::string release;     // --release ("" = the running kernel, or the newest under --root)
  std::string kernel_dir;  // --kernel-dir ("" = /lib/modules/<release>/build)
  bool rust = false;       // --rust: the user means to build Rust modules
  std::string kernel;      // --kernel VERSION|PATH: the kernel about to be booted ("" = none)
};

// The kernel named by --kernel and the files it boots with.
struct NewKernel {
  std::string arg;                           // as given
  std::string release;                       // "" when it cannot be told
  std::string tree;                          // a build tree given as PATH ("" otherwise)
  std::string image;                         // vmlinuz/bzImage/Image found ("" = none)
  std::string initramfs;                     // the initramfs it boots with ("" = none found)
  std::vector<std::string> initramfs_tried;  // where it was looked for
};

struct Facts {
  std::string release;              // "" when unknown
  std::string release_source;       // "uname -r", "--release", "/proc/sys/kernel/osrelease"
  bool release_is_running = false;  // whether /proc describes this release
  KernelConfig config;
  std::string build_dir;                // path on the machine (under --root)
  bool build_dir_given = false;         // named by --kernel-dir: its own .config and release count
  bool build_dir_usable = false;        // exists and holds a Makefile
  std::string rust_asked;               // why Rust matters here ("" = nobody asked about Rust)
  std::optional<NewKernel> new_kernel;  // set with --kernel
  std::string release_refused;          // why the running release was not taken ("" = it was, or none)
};

// Reads the release, the config and where the build directory is.
Facts survey(const Machine& machine, const Request& request);

// The release in the text of include/generated/utsrelease.h ("" when there is none).
std::string uts_release(std::string_view utsrelease_h);
// The release a build tree is for: utsrelease.h's UTS_RELEASE first (what vermagic carries; Debian
// keeps the upstream version in include/config/kernel.release), else kernel.release. where is set
// to the file it came from.
// Whether text can be a kernel release (what uname -r prints): at most 64 characters, no spaces or
// control characters. Files that claim to hold one are checked with it before they are believed.
bool plausible_release(std::string_view release);
std::string tree_release(const Machine& machine, const std::string& dir, std::string* where = nullptr);
// Orders kernel releases by their numbers ("6.1.0-57-amd64" < "6.1.0-58-amd64" < "6.10.2").
bool release_less(const std::string& a, const std::string& b);

// new_kernel.cc: the release, build tree and image --kernel names (VERSION, a build tree, or an
// image file such as /boot/vmlinuz-VERSION); then the initramfs images of release.
NewKernel locate_new_kernel(const Machine& machine, const std::string& arg);
void find_initramfs(const Machine& machine, NewKernel& kernel);
// new_kernel_checks.cc: the new kernel against this machine: the root device's drivers and file
// system, a console, its initramfs.
void check_new_kernel(const Machine& machine, const Facts& facts, Checks& out);

// kernel_checks.cc: release, config, headers dir, its release and generated files, the compiler,
// pahole for BTF.
void check_kernel(const Machine& machine, const Facts& facts, Checks& out);
// rust_checks.cc: CONFIG_RUST, the Rust outputs in the headers, rustc, bindgen, libclang,
// rust-src, and their versions against the kernel's.
void check_rust(const Machine& machine, const Facts& facts, Checks& out);
// signing_checks.cc: signature enforcement, lockdown and Secure Boot.
void check_signing(const Machine& machine, const Facts& facts, Checks& out);
// What the running kernel enforces now: module.sig_enforce=1 (/sys/module/module/parameters), and
// the lockdown mode ("none", "integrity", "confidentiality"; "" with why when it cannot be read).
bool sig_enforced_now(const Machine& machine);
std::string lockdown_mode(const Machine& machine, std::string& why);
// boot_checks.cc: room in /boot and on the ESP for the next initramfs.
void check_boot(const Machine& machine, const Facts& facts, Checks& out);

// All of the above, in the order they are reported.
std::vector<Check> run_checks(const Machine& machine, const Facts& facts);

// The kernel's C compiler text, from CONFIG_CC_VERSION_TEXT or /proc/version's "(gcc ...)".
std::string compiler_from_proc_version(std::string_view proc_version);

}  // namespace kdiag::doctor
