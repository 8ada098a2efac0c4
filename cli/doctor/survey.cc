// The facts every check needs, gathered once: which kernel (release), how it was configured
// (config), and where its build tree is. The config is looked for where a user would look:
// /proc/config.gz of the running kernel, /boot/config-<release>, then the build tree's .config.
#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "doctor/checks.h"
#include "doctor/ikconfig.h"

namespace kdiag::doctor {

std::string_view status_name(CheckStatus s) {
  switch (s) {
    case CheckStatus::ok: return "ok";
    case CheckStatus::problem: return "problem";
    case CheckStatus::skipped: return "skipped";
  }
  return "skipped";
}

void Checks::ok(std::string name, std::string detail) {
  checks_.push_back({std::move(name), CheckStatus::ok, std::move(detail), std::nullopt});
}

void Checks::note(std::string name, std::string detail) {
  checks_.push_back({std::move(name), CheckStatus::ok, std::move(detail), std::nullopt, true});
}

void Checks::skipped(std::string name, std::string why) {
  checks_.push_back({std::move(name), CheckStatus::skipped, std::move(why), std::nullopt});
}

void Checks::problem(std::string name, std::string detail, Finding&& finding) {
  checks_.push_back({std::move(name), CheckStatus::problem, std::move(detail), std::move(finding)});
}

const Check* Checks::find(std::string_view name) const {
  for (const auto& c : checks_) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

bool KernelConfig::enabled(const std::string& name) const { return get(name) == "y"; }

std::string KernelConfig::get(const std::string& name) const {
  const auto it = values.find(name);
  return it == values.end() ? "" : it->second;
}

std::map<std::string, std::string> parse_config(std::string_view text) {
  std::map<std::string, std::string> values;
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t end = std::min(text.find('\n', i), text.size());
    const std::string line = trim(text.substr(i, end - i));
    i = end + 1;
    if (line.rfind("CONFIG_", 0) != 0) continue;
    const auto eq = line.find('=');
    if (eq == std::string::npos) continue;
    std::string value = line.substr(eq + 1);
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      // Kconfig escapes \" and \\ inside strings.
      std::string unquoted;
      for (std::size_t k = 1; k + 1 < value.size(); ++k) {
        if (value[k] == '\\' && k + 2 < value.size()) ++k;
        unquoted += value[k];
      }
      value = std::move(unquoted);
    }
    values[line.substr(0, eq)] = std::move(value);
  }
  return values;
}

namespace {

// Reads the first of paths that holds CONFIG_ lines; false (and what went wrong in tried) otherwise.
bool read_first_config(const Machine& machine, const std::vector<std::string>& paths, KernelConfig& config,
                       std::vector<std::string>& tried) {
  for (const auto& path : paths) {
    const ReadResult r = machine.read(path);
    if (r.content && r.content->find("CONFIG_") != std::string::npos) {
      config.source = path;
      config.values = parse_config(*r.content);
      return true;
    }
    tried.push_back(path + ": " + (r.content ? "no CONFIG_ lines" : r.error));
  }
  return false;
}

KernelConfig read_config(const Machine& machine, const Facts& facts, const std::optional<NewKernel>& new_kernel) {
  KernelConfig config;
  std::vector<std::string> tried;
  // A tree named by --kernel-dir is the kernel the user builds for: its own .config describes it,
  // whatever kernel runs now.
  if (facts.build_dir_given &&
      read_first_config(machine, {facts.build_dir + "/.config", facts.build_dir + "/include/config/auto.conf"}, config,
                        tried)) {
    return config;
  }
  if (facts.release_is_running) {
    if (machine.is_file("/proc/config.gz")) {
      const std::string gzip = machine.find_helper("gzip");
      if (gzip.empty()) {
        tried.push_back("/proc/config.gz: gzip not found to read it");
      } else {
        const ToolRun run = machine.run(gzip, {"-dc", machine.host_path("/proc/config.gz")});
        if (run.started && run.status == 0 && run.output.find("CONFIG_") != std::string::npos) {
          config.source = "/proc/config.gz";
          config.values = parse_config(run.output);
          return config;
        }
        tried.push_back("/proc/config.gz: unreadable (" + run.first_line() + ")");
      }
    } else {
      tried.push_back("/proc/config.gz: missing (CONFIG_IKCONFIG_PROC off)");
    }
  }
  std::vector<std::string> candidates;
  if (!facts.release.empty()) candidates.push_back("/boot/config-" + facts.release);
  if (!facts.build_dir.empty() && !facts.build_dir_given) {
    candidates.push_back(facts.build_dir + "/.config");
    candidates.push_back(facts.build_dir + "/include/config/auto.conf");
  }
  if (read_first_config(machine, candidates, config, tried)) return config;
  // The kernel image itself, when it was built with CONFIG_IKCONFIG: the new kernel's, else the
  // installed image of the release.
  std::string image = new_kernel ? new_kernel->image : "";
  if (image.empty() && !facts.release.empty() && machine.is_file("/boot/vmlinuz-" + facts.release)) {
    image = "/boot/vmlinuz-" + facts.release;
  }
  if (!image.empty()) {
    const EmbeddedConfig embedded = embedded_config(machine, image);
    if (embedded.text) {
      config.source = image + " (embedded, CONFIG_IKCONFIG)";
      config.values = parse_config(*embedded.text);
      return config;
    }
    tried.push_back(embedded.error);
  }
  for (std::size_t k = 0; k < tried.size(); ++k) config.why_missing += (k ? "; " : "") + tried[k];
  if (config.why_missing.empty()) config.why_missing = "kernel release unknown";
  return config;
}

// Kernels installed in the root: /lib/modules/<release> directories and /boot/vmlinuz-<release>.
std::vector<std::string> installed_releases(const Machine& machine) {
  std::vector<std::string> out;
  for (const auto& name : machine.list_dir("/lib/modules")) {
    if (machine.is_dir("/lib/modules/" + name)) out.push_back(name);
  }
  for (const auto& name : machine.list_dir("/boot")) {
    if (name.rfind("vmlinuz-", 0) == 0 && name.size() > 8) out.push_back(name.substr(8));
  }
  std::sort(out.begin(), out.end(), release_less);
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// Why Rust matters for this run ("" when nobody asked): --rust, or a Rust module or Rust outputs
// in the tree named by --kernel-dir.
std::string rust_asked(const Machine& machine, const Request& request, const std::string& build_dir) {
  if (request.rust) return "--rust";
  if (request.kernel_dir.empty()) return "";
  for (const auto& name : machine.list_dir(build_dir)) {
    if (name.size() > 3 && name.ends_with(".rs")) return fmt::format("{}/{}: a Rust module", build_dir, name);
  }
  for (const auto& name : machine.list_dir(build_dir + "/rust")) {
    if (name.ends_with(".rmeta")) return fmt::format("{}/rust/{}: Rust outputs in the tree", build_dir, name);
  }
  return "";
}

}  // namespace

std::string uts_release(std::string_view text) {
  // #define UTS_RELEASE "6.1.0-57-amd64"
  const auto at = text.find("UTS_RELEASE");
  if (at == std::string_view::npos) return "";
  const auto q = text.find('"', at);
  const auto e = q == std::string_view::npos ? q : text.find('"', q + 1);
  if (e == std::string_view::npos || text.substr(at, q - at).find('\n') != std::string_view::npos) return "";
  return std::string(text.substr(q + 1, e - q - 1));
}

bool plausible_release(std::string_view release) {
  // What uname(2) can hold (__NEW_UTS_LEN), in the characters kernel releases are made of.
  if (release.empty() || release.size() > 64) return false;
  return std::all_of(release.begin(), release.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_' || c == '+' || c == '~';
  });
}

std::string tree_release(const Machine& machine, const std::string& dir, std::string* where) {
  if (const ReadResult u = machine.read(dir + "/include/generated/utsrelease.h", 4096); u.content) {
    if (std::string found = uts_release(*u.content); plausible_release(found)) {
      if (where) *where = dir + "/include/generated/utsrelease.h";
      return found;
    }
  }
  if (const ReadResult r = machine.read(dir + "/include/config/kernel.release", 4096); r.content) {
    if (std::string found = trim(*r.content); plausible_release(found)) {
      if (where) *where = dir + "/include/config/kernel.release";
      return found;
    }
  }
  return "";
}

bool release_less(const std::string& a, const std::string& b) {
  // Compare the runs of digits as numbers, then the text: 6.1.0-9 < 6.1.0-10.
  const auto numbers = [](const std::string& s) {
    std::vector<long> out;
    for (std::size_t i = 0; i < s.size();) {
      if (!std::isdigit(static_cast<unsigned char>(s[i]))) {
        ++i;
        continue;
      }
      long n = 0;
      for (; i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])); ++i)
        n = std::min(n * 10 + (s[i] - '0'), 1L << 40);
      out.push_back(n);
    }
    return out;
  };
  const auto x = numbers(a), y = numbers(b);
  if (x != y) return x < y;
  return a < b;
}

Facts survey(const Machine& machine, const Request& request) {
  Facts facts;
  std::string running;
  std::string running_source;
  if (machine.is_real_root() && !machine.options().running_release.empty()) {
    running = machine.options().running_release;
    running_source = "uname -r";
  } else if (const ReadResult r = machine.read("/proc/sys/kernel/osrelease", 256); r.content) {
    if (plausible_release(trim(*r.content))) {
      running = trim(*r.content);
      running_source = "/proc/sys/kernel/osrelease";
    } else {
      facts.release_refused = "/proc/sys/kernel/osrelease does not hold a kernel release";
    }
  } else if (r.error != "missing") {
    facts.release_refused = "/proc/sys/kernel/osrelease: " + r.error;
  }
  if (!request.kernel_dir.empty()) {
    facts.build_dir = request.kernel_dir;
    facts.build_dir_given = true;
    while (facts.build_dir.size() > 1 && facts.build_dir.back() == '/') facts.build_dir.pop_back();
  }
  std::optional<NewKernel> new_kernel;
  if (!request.kernel.empty()) {
    new_kernel = locate_new_kernel(machine, request.kernel);
    if (!new_kernel->tree.empty() && !facts.build_dir_given) {
      facts.build_dir = new_kernel->tree;
      facts.build_dir_given = true;
    }
  }
  std::string tree_source;
  const std::string tree = facts.build_dir_given ? tree_release(machine, facts.build_dir, &tree_source) : "";
  if (!request.release.empty()) {
    facts.release = request.release;
    facts.release_source = "--release";
  } else if (new_kernel && !new_kernel->release.empty()) {
    facts.release = new_kernel->release;
    facts.release_source = new_kernel->tree.empty() ? "--kernel" : "--kernel " + tree_source;
  } else if (!tree.empty()) {
    // --kernel-dir: the tree's own release, not the running kernel's.
    facts.release = tree;
    facts.release_source = tree_source;
  } else if (!machine.is_real_root()) {
    // A chroot or another system's tree: the kernel installed in it, not the host's. Its /proc
    // (often the host's, bind-mounted) counts only when that release is installed in the root.
    const std::vector<std::string> installed = installed_releases(machine);
    if (!running.empty() && std::find(installed.begin(), installed.end(), running) != installed.end()) {
      facts.release = running;
      facts.release_source = running_source;
    } else if (!installed.empty()) {
      facts.release = installed.back();
      facts.release_source = machine.is_dir("/lib/modules/" + facts.release) ? "newest in /lib/modules under --root"
                                                                             : "newest /boot/vmlinuz-* under --root";
    } else {
      facts.release = running;
      facts.release_source = running_source;
    }
  } else {
    facts.release = running;
    facts.release_source = running_source;
  }
  facts.release_is_running = !running.empty() && facts.release == running;
  if (!facts.build_dir_given && !facts.release.empty()) facts.build_dir = "/lib/modules/" + facts.release + "/build";
  facts.build_dir_usable =
      !facts.build_dir.empty() && machine.is_dir(facts.build_dir) && machine.is_file(facts.build_dir + "/Makefile");
  facts.config = read_config(machine, facts, new_kernel);
  if (new_kernel) {
    if (new_kernel->release.empty()) new_kernel->release = facts.release;
    find_initramfs(machine, *new_kernel);
    facts.new_kernel = std::move(new_kernel);
  }
  facts.rust_asked = rust_asked(machine, request, facts.build_dir);
  if (facts.rust_asked.empty() && facts.config.enabled("CONFIG_RUST")) {
    facts.rust_asked = fmt::format("CONFIG_RUST=y ({})", facts.config.source);
  }
  return facts;
}

std::vector<Check> run_checks(const Machine& machine, const Facts& facts) {
  Checks checks;
  // The kernel about to be booted first: whether it boots at all matters most.
  if (facts.new_kernel) check_new_kernel(machine, facts, checks);
  check_kernel(machine, facts, checks);
  check_rust(machine, facts, checks);
  check_signing(machine, facts, checks);
  check_boot(machine, facts, checks);
  return checks.all();
}

}  // namespace kdiag::doctor
