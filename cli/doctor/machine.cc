// Reading files under a root and running host tools. Kept apart from the checks so that each
// check is a few lines of "what do I expect" and a fake machine can stand in for the real one.
#include "doctor/machine.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include <dirent.h>
#include <linux/openat2.h>
#include <sys/syscall.h>
#include <fmt/format.h>

#include "kdiag.h"

extern char** environ;

namespace kdiag::doctor {
namespace {

constexpr std::size_t kMaxToolOutput = 1 << 20;

std::vector<std::string> components(std::string_view path) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < path.size()) {
    const std::size_t j = std::min(path.find('/', i), path.size());
    if (j > i) out.emplace_back(path.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

bool executable_file(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

std::string find_on(std::string_view search_path, std::string_view name) {
  if (name.find('/') != std::string_view::npos) return executable_file(std::string(name)) ? std::string(name) : "";
  for (const auto& dir : split_path(search_path)) {
    const std::string candidate = dir + "/" + std::string(name);
    if (executable_file(candidate)) return candidate;
  }
  return "";
}

}  // namespace

std::string ToolRun::first_line() const {
  const std::string t = trim(output);
  return t.substr(0, t.find('\n'));
}

Machine::Machine(MachineOptions options) : options_(std::move(options)) {
  while (options_.root.size() > 1 && options_.root.back() == '/') options_.root.pop_back();
  if (options_.root.empty()) options_.root = "/";
}

std::optional<std::string> Machine::resolve(std::string_view path, std::string& error) const {
  if (is_real_root()) return std::string(path);
  // Resolve component by component so that absolute symlinks are taken relative to the root and
  // ".." stops at it, the way the path would be seen from a chroot into it (the semantics of
  // openat2's RESOLVE_IN_ROOT). The kernel never follows a link of the tree: every link is read
  // here, and a chain longer than the kernel's own limit is refused, never handed on.
  std::vector<std::string> todo = components(path);
  std::reverse(todo.begin(), todo.end());
  std::vector<std::string> done;
  int links = 0;
  while (!todo.empty()) {
    std::string part = std::move(todo.back());
    todo.pop_back();
    if (part == ".") continue;
    if (part == "..") {
      if (!done.empty()) done.pop_back();
      continue;
    }
    std::string host = options_.root;
    for (const auto& d : done) host += "/" + d;
    host += "/" + part;
    char buf[4096];
    const ssize_t n = ::readlink(host.c_str(), buf, sizeof buf);
    if (n > 0) {
      if (++links > kMaxLinks) {
        error = fmt::format("more than {} symbolic links on the way (a loop?)", kMaxLinks);
        return std::nullopt;
      }
      if (static_cast<std::size_t>(n) == sizeof buf) {
        error = "a symbolic link longer than PATH_MAX on the way";
        return std::nullopt;
      }
      const std::string target(buf, static_cast<std::size_t>(n));
      if (target[0] == '/') done.clear();
      auto more = components(target);
      for (auto it = more.rbegin(); it != more.rend(); ++it) todo.push_back(*it);
      continue;
    }
    done.push_back(std::move(part));
  }
  std::string out = options_.root;
  for (const auto& d : done) out += "/" + d;
  return out;
}

std::string Machine::host_path(std::string_view path) const {
  std::string error;
  // "" names nothing: every system call on it fails (ENOENT), so a refused path is "missing".
  return resolve(path, error).value_or("");
}

int Machine::open_file(std::string_view path, std::string& error) const {
  const int flags = O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC;
  int fd = -1;
  if (is_real_root()) {
    fd = ::open(std::string(path).c_str(), flags);
  } else {
    // The kernel's own confinement where it has it (Linux 5.6+), the same rules in user space
    // otherwise.
    fd = -1;
    errno = ENOSYS;
    const int root = ::open(options_.root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (root >= 0) {
      open_how how{};
      how.flags = static_cast<std::uint64_t>(flags);
      how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
      const std::string relative = path.empty() || path[0] != '/' ? std::string(path) : std::string(path.substr(1));
      fd = static_cast<int>(::syscall(SYS_openat2, root, relative.empty() ? "." : relative.c_str(), &how, sizeof how));
      const int saved = errno;
      ::close(root);
      errno = saved;
    }
    if (fd < 0 && (errno == ENOSYS || errno == EPERM)) {  // EPERM: a seccomp filter that denies openat2
      const auto host = resolve(path, error);
      if (!host) return -1;
      fd = ::open(host->c_str(), flags | O_NOFOLLOW);
    }
  }
  if (fd < 0) {
    if (errno == ENOENT || errno == ENOTDIR) error = "missing";
    else if (errno == EACCES || errno == EPERM) error = "permission denied (not root?)";
    else if (errno == ELOOP) error = "too many symbolic links on the way (a loop?)";
    else if (errno == EXDEV) error = "a link out of the root";
    else error = std::strerror(errno);
    return -1;
  }
  Outcome<int> checked = check_regular_file(fd, "");
  if (!checked.ok()) error = checked.errors.front();
  return checked.value;
}

bool Machine::exists(std::string_view path) const {
  struct stat st {};
  return ::stat(host_path(path).c_str(), &st) == 0;
}

bool Machine::is_dir(std::string_view path) const {
  struct stat st {};
  return ::stat(host_path(path).c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

bool Machine::is_file(std::string_view path) const {
  struct stat st {};
  return ::stat(host_path(path).c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

std::string Machine::link_target(std::string_view path) const {
  // Resolve the parent only: the link itself is what we want to read.
  const std::string p(path);
  const auto slash = p.find_last_of('/');
  const std::string parent = slash == std::string::npos || slash == 0 ? "/" : p.substr(0, slash);
  const std::string dir = host_path(parent);
  if (dir.empty()) return "";
  const std::string host = dir + "/" + p.substr(slash == std::string::npos ? 0 : slash + 1);
  char buf[4096];
  const ssize_t n = ::readlink(host.c_str(), buf, sizeof buf);
  return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : "";
}

ReadResult Machine::read(std::string_view path, std::size_t max_bytes) const {
  ReadResult r = read_prefix(path, max_bytes);
  if (r.content && r.cut) {
    // Past what such a file can hold: not the file it should be, and never half-read silently.
    r.content.reset();
    r.error = fmt::format("larger than {} (the limit for this file): not read", human_bytes(max_bytes));
  }
  return r;
}

ReadResult Machine::read_prefix(std::string_view path, std::size_t max_bytes) const {
  ReadResult r;
  const int fd = open_file(path, r.error);
  if (fd < 0) return r;
  FileRead f = read_opened_file(fd, "", max_bytes);
  if (!f.ok()) {
    r.error = f.error_number == EACCES || f.error_number == EPERM ? "permission denied (not root?)" : f.errors.front();
    return r;
  }
  r.content = std::move(f.content);
  r.cut = f.over_limit;
  return r;
}

std::optional<std::uint64_t> Machine::file_size(std::string_view path) const {
  struct stat st {};
  if (::stat(host_path(path).c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  return static_cast<std::uint64_t>(st.st_size);
}

std::vector<std::string> Machine::list_dir(std::string_view path) const {
  std::vector<std::string> names;
  DIR* dir = ::opendir(host_path(path).c_str());
  if (!dir) return names;
  while (const dirent* e = ::readdir(dir)) {
    const std::string name = e->d_name;
    if (name != "." && name != "..") names.push_back(name);
  }
  ::closedir(dir);
  std::sort(names.begin(), names.end());
  return names;
}

bool Machine::is_mount_point(std::string_view path) const {
  struct stat here {
  }, parent{};
  const std::string host = host_path(path);
  if (::stat(host.c_str(), &here) != 0 || ::stat((host + "/..").c_str(), &parent) != 0) return false;
  return here.st_dev != parent.st_dev;
}

std::optional<std::uint64_t> Machine::free_bytes(std::string_view path, bool esp) const {
  if (esp && options_.esp_free) return options_.esp_free;
  if (!esp && options_.boot_free) return options_.boot_free;
  struct statvfs vfs {};
  if (::statvfs(host_path(path).c_str(), &vfs) != 0) return std::nullopt;
  // f_bfree, not f_bavail: boot images are written by root, who may use the reserved blocks.
  return static_cast<std::uint64_t>(vfs.f_bfree) * vfs.f_frsize;
}

std::string Machine::find_tool(std::string_view name) const {
  if (!options_.tools_in_root || is_real_root()) return find_on(options_.tool_path, name);
  if (name.find('/') != std::string_view::npos) return "";
  for (const auto& dir : split_path(options_.tool_path)) {
    if (dir.empty() || dir[0] != '/') continue;  // a relative PATH entry means nothing in a root
    const std::string candidate = host_path(dir + "/" + std::string(name));
    if (executable_file(candidate)) return candidate;
  }
  return "";
}

std::string Machine::find_helper(std::string_view name) const {
  std::string found = find_on(options_.system_path, name);
  return found.empty() ? find_on("/usr/bin:/bin", name) : found;
}

ToolRun Machine::run(const std::string& program, const std::vector<std::string>& args, const std::string& cwd) const {
  ToolRun r;
  int out[2], err[2];
  if (::pipe2(out, O_CLOEXEC) != 0) return r;
  if (::pipe2(err, O_CLOEXEC) != 0) {
    ::close(out[0]);
    ::close(out[1]);
    return r;
  }
  // Everything the child needs is built before fork: after it only async-signal-safe calls.
  std::vector<std::string> argv_s{program};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_s;
  for (char** e = environ; e && *e; ++e) {
    if (std::strncmp(*e, "PATH=", 5) != 0) env_s.emplace_back(*e);
  }
  env_s.push_back("PATH=" + options_.tool_path);
  std::vector<char*> envp;
  for (auto& e : env_s) envp.push_back(e.data());
  envp.push_back(nullptr);

  const pid_t pid = ::fork();
  if (pid < 0) {
    for (int fd : {out[0], out[1], err[0], err[1]}) ::close(fd);
    return r;
  }
  if (pid == 0) {
    ::setpgid(0, 0);  // its own group, so a timeout also ends what it started
    const int null = ::open("/dev/null", O_RDONLY);
    if (null >= 0) ::dup2(null, 0);
    ::dup2(out[1], 1);
    ::dup2(out[1], 2);
    if (!cwd.empty() && ::chdir(cwd.c_str()) != 0) {
      const int e = errno;
      (void)!::write(err[1], &e, sizeof e);
      ::_exit(127);
    }
    ::execve(program.c_str(), argv.data(), envp.data());
    const int e = errno;
    (void)!::write(err[1], &e, sizeof e);
    ::_exit(127);
  }
  ::close(out[1]);
  ::close(err[1]);
  int exec_errno = 0;
  const bool exec_failed = ::read(err[0], &exec_errno, sizeof exec_errno) == sizeof exec_errno;
  ::close(err[0]);

  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(options_.tool_timeout_seconds);
  char buf[8192];
  while (true) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      r.timed_out = true;
      break;
    }
    pollfd p{out[0], POLLIN, 0};
    const int ready = ::poll(&p, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) continue;
    const ssize_t n = ::read(out[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    if (r.output.size() < kMaxToolOutput) r.output.append(buf, static_cast<std::size_t>(n));
  }
  ::close(out[0]);
  if (r.timed_out) ::kill(-pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (exec_failed) {
    r.output = std::strerror(exec_errno);
    return r;
  }
  r.started = true;
  r.status = WIFEXITED(status) && !r.timed_out ? WEXITSTATUS(status) : -1;
  return r;
}

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i <= path.size()) {
    const std::size_t j = std::min(path.find(':', i), path.size());
    if (j > i) out.emplace_back(path.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

std::vector<int> parse_version(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) continue;
    if (i > 0 && (std::isalnum(static_cast<unsigned char>(text[i - 1])) || text[i - 1] == '.')) {
      // Inside a word such as "x86_64" or "gcc12": only "v1.25" style prefixes are allowed.
      if (!(text[i - 1] == 'v' && (i == 1 || !std::isalnum(static_cast<unsigned char>(text[i - 2]))))) {
        while (i < text.size() && (std::isalnum(static_cast<unsigned char>(text[i])) || text[i] == '.')) ++i;
        continue;
      }
    }
    std::vector<int> v;
    std::size_t j = i;
    while (j < text.size() && std::isdigit(static_cast<unsigned char>(text[j]))) {
      int n = 0;
      while (j < text.size() && std::isdigit(static_cast<unsigned char>(text[j])) && n < 100000000) {
        n = n * 10 + (text[j] - '0');
        ++j;
      }
      v.push_back(n);
      if (j + 1 < text.size() && text[j] == '.' && std::isdigit(static_cast<unsigned char>(text[j + 1]))) ++j;
      else break;
    }
    if (v.size() >= 2) return v;
    i = j;
  }
  return {};
}

std::string version_string(const std::vector<int>& v) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) out += (i ? "." : "") + std::to_string(v[i]);
  return out;
}

std::string trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return "";
  const auto last = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(first, last - first + 1));
}

std::string human_bytes(std::uint64_t bytes) {
  const double b = static_cast<double>(bytes);
  if (bytes >= (1ull << 30)) return fmt::format("{:.1f} GiB", b / (1ull << 30));
  if (bytes >= (1ull << 20)) return fmt::format("{:.1f} MiB", b / (1ull << 20));
  if (bytes >= 1024) return fmt::format("{:.1f} KiB", b / 1024);
  return fmt::format("{} bytes", bytes);
}

}  // namespace kdiag::doctor
