// The facts every check needs, gathered once: which kernel (release), how it was configured
// (config), and where its build tree is. The config is looked for where a user would look:
// /proc/config.gz of the running kernel, /boot/config-<release>, then the build tree's .config.
#include <fmt/format.h>

#include "doctor/checks.h"

namespace kdiag::doctor {

std::string_view status_name(Status s) {
  switch (s) {
    case Status::ok: return "ok";
    case Status::problem: return "problem";
    case Status::skipped: return "skipped";
  }
  return "skipped";
}

void Checks::ok(std::string name, std::string detail) {
  checks_.push_back({std::move(name), Status::ok, std::move(detail), std::nullopt});
}

void Checks::skipped(std::string name, std::string why) {
  checks_.push_back({std::move(name), Status::skipped, std::move(why), std::nullopt});
}

void Checks::problem(std::string name, std::string detail, Finding&& finding) {
  checks_.push_back({std::move(name), Status::problem, std::move(detail), std::move(finding)});
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

KernelConfig read_config(const Machine& machine, const Facts& facts) {
  KernelConfig config;
  std::vector<std::string> tried;
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
  if (!facts.build_dir.empty()) {
    candidates.push_back(facts.build_dir + "/.config");
    candidates.push_back(facts.build_dir + "/include/config/auto.conf");
  }
  for (const auto& path : candidates) {
    const ReadResult r = machine.read(path);
    if (r.content && r.content->find("CONFIG_") != std::string::npos) {
      config.source = path;
      config.values = parse_config(*r.content);
      return config;
    }
    tried.push_back(path + ": " + (r.content ? "no CONFIG_ lines" : r.error));
  }
  for (std::size_t k = 0; k < tried.size(); ++k) config.why_missing += (k ? "; " : "") + tried[k];
  if (config.why_missing.empty()) config.why_missing = "kernel release unknown";
  return config;
}

}  // namespace

Facts survey(const Machine& machine, const std::string& release, const std::string& kernel_dir) {
  Facts facts;
  std::string running;
  std::string running_source;
  if (machine.is_real_root() && !machine.options().running_release.empty()) {
    running = machine.options().running_release;
    running_source = "uname -r";
  } else if (const ReadResult r = machine.read("/proc/sys/kernel/osrelease"); r.content) {
    running = trim(*r.content);
    running_source = "/proc/sys/kernel/osrelease";
  }
  if (!release.empty()) {
    facts.release = release;
    facts.release_source = "--release";
  } else {
    facts.release = running;
    facts.release_source = running_source;
  }
  facts.release_is_running = !running.empty() && facts.release == running;
  if (!kernel_dir.empty()) facts.build_dir = kernel_dir;
  else if (!facts.release.empty()) facts.build_dir = "/lib/modules/" + facts.release + "/build";
  while (facts.build_dir.size() > 1 && facts.build_dir.back() == '/') facts.build_dir.pop_back();
  facts.build_dir_usable =
      !facts.build_dir.empty() && machine.is_dir(facts.build_dir) && machine.is_file(facts.build_dir + "/Makefile");
  facts.config = read_config(machine, facts);
  return facts;
}

std::vector<Check> run_checks(const Machine& machine, const Facts& facts) {
  Checks checks;
  check_kernel(machine, facts, checks);
  check_rust(machine, facts, checks);
  check_signing(machine, facts, checks);
  check_boot(machine, facts, checks);
  return checks.all();
}

}  // namespace kdiag::doctor
