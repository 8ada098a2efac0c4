// kdiag doctor (issue 9): checks this machine for the causes in the knowledge base before a
// build or boot fails. This file is only the shell: it reads the environment once (PATH,
// KDIAG_DOCTOR_PATH, the injected free space) and hands an explicit Machine to doctor::run, so the
// checks themselves never read global state and tests can run them on fake machines.
#include <cerrno>
#include <cstdlib>
#include <iostream>
#include <sys/stat.h>
#include <sys/utsname.h>

#include "commands.h"
#include "doctor/report.h"

namespace kdiag::cli {
namespace {

// A byte count from the environment ("" when unset); false when set but not a number.
bool env_bytes(const char* name, std::optional<std::uint64_t>& out) {
  const char* value = std::getenv(name);
  if (!value || !*value) return true;
  char* end = nullptr;
  errno = 0;
  const unsigned long long n = std::strtoull(value, &end, 10);
  if (errno != 0 || *end != '\0' || value[0] == '-') {
    std::cerr << "kdiag doctor: " << name << " must be a number of bytes, not '" << value << "'\n";
    return false;
  }
  out = n;
  return true;
}

}  // namespace

int run_doctor(const KnowledgeOptions& knowledge, const DoctorOptions& options) {
  RuleSet rules;
  if (!load_knowledge(knowledge, rules)) return kExitError;

  doctor::MachineOptions machine;
  machine.root = options.root.empty() ? "/" : options.root;
  struct stat st {};
  if (::stat(machine.root.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    std::cerr << "kdiag doctor: --root " << machine.root << ": not a directory\n";
    return kExitError;
  }
  const char* path = std::getenv("PATH");
  machine.system_path = path && *path ? path : "/usr/local/bin:/usr/bin:/bin";
  // Tests point KDIAG_DOCTOR_PATH at a directory of fake tools; otherwise the tools are the ones
  // a build in this shell would find.
  // Under --root the tools are the root's: its /usr/bin etc., looked up inside it.
  const char* tool_path = std::getenv("KDIAG_DOCTOR_PATH");
  machine.tool_path = tool_path ? tool_path : machine.system_path;
  machine.tools_in_root = !tool_path && machine.root != "/";
  if (!env_bytes("KDIAG_DOCTOR_BOOT_FREE", machine.boot_free) ||
      !env_bytes("KDIAG_DOCTOR_ESP_FREE", machine.esp_free)) {
    return kExitError;
  }
  if (struct utsname u{}; ::uname(&u) == 0) machine.running_release = u.release;

  doctor::ReportOptions report;
  report.format = options.format;
  report.color = options.format == "text" && use_color(options.color);
  report.version = std::string(kVersion);
  doctor::Request request;
  request.release = options.release;
  request.kernel_dir = options.kernel_dir;
  request.rust = options.rust;
  request.kernel = options.kernel;
  return doctor::run(rules, doctor::Machine(machine), request, report, options.fail_on, std::cout, std::cerr);
}

}  // namespace kdiag::cli
