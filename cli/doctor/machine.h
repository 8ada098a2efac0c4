#pragma once
// The machine kdiag doctor looks at, behind one small interface: files are read under a root
// directory (so tests and chroots can hand in a fake tree), host tools are found on a search path
// and run with a timeout, and the free space of /boot can be injected. The checks never touch the
// real file system or environment any other way, so every check runs on a fake machine in a test.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kdiag.h"

namespace kdiag::doctor {

struct MachineOptions {
  std::string root = "/";  // files are read under this tree
  std::string tool_path;   // search path for rustc, bindgen, cc, pahole...
  // The tool path's directories are the root's own (/usr/bin of a chroot under --root), not the
  // host's: a chroot without rustc must not borrow the host's ~/.cargo/bin/rustc.
  bool tools_in_root = false;
  std::string system_path = "/usr/bin:/bin";  // for helpers doctor itself needs (gzip, sh)
  std::optional<std::uint64_t> boot_free;     // bytes free in /boot (tests: a full /boot)
  std::optional<std::uint64_t> esp_free;      // bytes free on the ESP
  std::string running_release;                // uname -r when root is "/" ("" under another root)
  int tool_timeout_seconds = 20;
};

struct ToolRun {
  bool started = false;  // false: could not be executed at all
  int status = -1;       // exit status (-1 when killed or not started)
  bool timed_out = false;
  std::string output;  // stdout and stderr together
  std::string first_line() const;
};

// Why a file could not be read: "missing", "permission denied (not root?)", ...
struct ReadResult {
  std::optional<std::string> content;
  std::string error;
  bool cut = false;  // read_prefix: the file goes on past content
};

class Machine {
 public:
  explicit Machine(MachineOptions options);

  const MachineOptions& options() const { return options_; }
  bool is_real_root() const { return options_.root == "/"; }

  // The host path of an absolute path of the machine, symlinks resolved inside the root (so an
  // absolute link such as build -> /usr/src/linux-headers-X stays inside a fake tree).
  // "" when the path cannot be resolved inside the root (a link loop): it then names nothing.
  std::string host_path(std::string_view path) const;
  // The same, with why not.
  std::optional<std::string> resolve(std::string_view path, std::string& error) const;
  // Symbolic links followed on one path at most, as the kernel's own limit.
  static constexpr int kMaxLinks = 40;
  bool exists(std::string_view path) const;
  bool is_dir(std::string_view path) const;
  bool is_file(std::string_view path) const;
  // The target of a symlink, as written ("" when path is not a symlink).
  std::string link_target(std::string_view path) const;
  // A regular file whole (never a FIFO or device: they are refused, not waited on); a file longer
  // than max_bytes is refused with an error that names the limit.
  ReadResult read(std::string_view path, std::size_t max_bytes = 16 << 20) const;
  // The first max_bytes of a regular file (cut says whether there is more): for headers.
  ReadResult read_prefix(std::string_view path, std::size_t max_bytes) const;
  // Opens a regular file of the machine for reading, confined to the root (openat2's
  // RESOLVE_IN_ROOT, or the same resolution in user space); -1 with error otherwise.
  int open_file(std::string_view path, std::string& error) const;
  std::optional<std::uint64_t> file_size(std::string_view path) const;
  // Names in a directory, sorted ("." and ".." left out); empty when unreadable.
  std::vector<std::string> list_dir(std::string_view path) const;
  // Whether path is the root of a mount of its own (another device than its parent).
  bool is_mount_point(std::string_view path) const;
  // Free bytes on the file system holding path (for root, who writes boot images); the injected
  // numbers win for /boot and the ESP.
  std::optional<std::uint64_t> free_bytes(std::string_view path, bool esp) const;

  // The host path of a tool on the tool search path (inside the root when tools_in_root), or "".
  std::string find_tool(std::string_view name) const;
  // A helper (gzip, sh) on the system path, or "".
  std::string find_helper(std::string_view name) const;
  // Runs program (an absolute path) with args in cwd ("" = current directory), PATH set to the
  // tool path; at most timeout seconds and 1 MiB of output.
  ToolRun run(const std::string& program, const std::vector<std::string>& args, const std::string& cwd = "") const;

 private:
  MachineOptions options_;
};

// Splits "a:b:c" search paths; empty entries are left out.
std::vector<std::string> split_path(std::string_view path);

// The first version number in text ("gcc (Debian 12.2.0-14) 12.2.0" -> {12, 2, 0}; "v1.25" ->
// {1, 25}); empty when there is none. A number needs a dot to count, so "gcc-12" is skipped.
std::vector<int> parse_version(std::string_view text);
std::string version_string(const std::vector<int>& v);
// Compared as everywhere in kdiag (rules/version.h).
using kdiag::compare_versions;

std::string trim(std::string_view s);
// "1.5 GiB", "300.0 MiB", "12.0 KiB" for people reading disk sizes.
std::string human_bytes(std::uint64_t bytes);

}  // namespace kdiag::doctor
