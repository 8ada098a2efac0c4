#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

#include "commands.h"
#include "progress.h"
#include "cores.h"
#include "kdiag.h"

namespace kdiag::cli {
namespace {

// Reads fd as one input of session, with a progress line on stderr when show_progress and the
// input takes a while. The bytes read before a read error are still diagnosed.
Status read_input(Session& session, int fd, const std::string& name, bool show_progress) {
  // Someone typing a log into the terminal needs no progress line across what they type.
  if (::isatty(fd) == 1) show_progress = false;
  Progress progress(show_progress, name, show_progress ? remaining_size(fd) : std::nullopt);
  Status status = session.read_input(fd, name, [&](std::size_t n) { progress.advance(n); });
  progress.finish();
  return status;
}

// Ctrl-C while reading a long log: stop at once with the conventional 130, saying so, and print
// no half-made report (nothing is written to stdout before the whole input is read).
extern "C" void on_interrupt(int) {
  constexpr char kMessage[] = "kdiag: interrupted\n";
  [[maybe_unused]] const ssize_t n = ::write(STDERR_FILENO, kMessage, sizeof kMessage - 1);
  ::_exit(130);
}

// Blocks SIGINT for its lifetime; one that came meanwhile is delivered (and ends kdiag with 130)
// when it ends.
class InterruptsHeld {
 public:
  InterruptsHeld() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    ::sigprocmask(SIG_BLOCK, &set, &old_);
  }
  ~InterruptsHeld() { ::sigprocmask(SIG_SETMASK, &old_, nullptr); }
  InterruptsHeld(const InterruptsHeld&) = delete;
  InterruptsHeld& operator=(const InterruptsHeld&) = delete;

 private:
  sigset_t old_;
};

// The directory CI reports make paths relative to: the checkout a CI job runs in (GitLab's
// CI_PROJECT_DIR, GitHub's GITHUB_WORKSPACE), else the working directory.
std::string project_dir() {
  for (const char* name : {"CI_PROJECT_DIR", "GITHUB_WORKSPACE"}) {
    const char* value = std::getenv(name);
    if (value && *value == '/') return value;
  }
  std::error_code ec;
  const auto cwd = std::filesystem::current_path(ec);
  return ec ? std::string() : cwd.string();
}

}  // namespace

bool use_color(const std::string& mode) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  const char* force = std::getenv("CLICOLOR_FORCE");
  if (force && *force && std::string(force) != "0") return true;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  const char* term = std::getenv("TERM");
  if (term && std::string(term) == "dumb") return false;
  return ::isatty(STDOUT_FILENO) == 1;
}

int run_diagnose(const KnowledgeOptions& knowledge, const DiagnoseOptions& options) {
  RuleSet rules;
  if (!load_knowledge(knowledge, rules)) return kExitError;
  Severity threshold = Severity::none;
  if (!options.fail_on.empty() && !parse_severity(options.fail_on, threshold)) {
    std::cerr << "kdiag: --fail-on takes error, warning or info, not '" << options.fail_on << "'\n";
    return kExitError;
  }
  EngineOptions engine_options;
  engine_options.max_line_bytes = options.max_line_bytes;
  engine_options.threads = options.jobs != 0 ? options.jobs : usable_cores();
  // Never freed, on purpose: the process ends right after the report, and tearing down the rule
  // set, the matcher's regexes and the evidence (thousands of allocations) would cost as much
  // as loading them (~0.5 M instructions, a tenth of start-up). Held by statics, so LeakSanitizer
  // sees them as reachable.
  static const Engine* const kept_engine = new Engine(std::move(rules), engine_options);
  static Session* const kept_session = new Session(*kept_engine);
  Session& session = *kept_session;
  // (A shell that started us with Ctrl-C ignored, e.g. `kdiag log &`, keeps it ignored.)
  if (std::signal(SIGINT, on_interrupt) == SIG_IGN) std::signal(SIGINT, SIG_IGN);
  std::vector<std::string> files = options.files;
  if (files.empty()) {
    files.push_back("-");
    if (::isatty(STDIN_FILENO)) {
      std::cerr << "kdiag: reading a log from standard input (end with Ctrl-D); "
                   "usually: make 2>&1 | kdiag, or kdiag FILE... (see kdiag --help)\n";
    }
  }
  bool input_error = false;
  // What could not be read goes into the report too (the CI formats say so, not "no cause found"):
  // the session lists it among the result's unread inputs.
  const bool show_progress = progress_allowed(options.quiet);
  for (const auto& file : files) {
    if (!session.accepts_input()) {
      // Bounded memory: the rest is named in the result's notes, and the exit status is 2.
      session.skip_input(file);
      input_error = true;
      continue;
    }
    const bool is_stdin = file == "-";
    int fd = STDIN_FILENO;
    if (!is_stdin) {
      struct stat st {};
      if (::stat(file.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
        std::cerr << "kdiag: " << terminal_safe(file) << ": is a directory, not a log\n";
        session.note_unread(file, "is a directory, not a log");
        input_error = true;
        continue;
      }
      fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
      if (fd < 0) {
        const std::string why = std::strerror(errno);
        session.note_unread(file, why);
        std::cerr << "kdiag: " << terminal_safe(file) << ": " << why << "\n";
        input_error = true;
        continue;
      }
    }
    const Status read = read_input(session, fd, is_stdin ? "<stdin>" : file, show_progress);
    for (const auto& e : read.errors) std::cerr << "kdiag: " << terminal_safe(e) << "\n";
    if (!read.ok()) input_error = true;
    if (!is_stdin) ::close(fd);
  }
  Result result = session.finish();
  if (!files.empty() && !session.accepts_input() && files.size() > engine_options.max_inputs) {
    std::cerr << "kdiag: " << files.size() - engine_options.max_inputs << " input(s) not read: more than "
              << engine_options.max_inputs << " inputs\n";
  }
  RenderOptions render_options;
  render_options.top = options.top;
  render_options.explain = options.explain;
  render_options.color = options.format == "text" && use_color(options.color);
  render_options.version = std::string(kVersion);
  render_options.project_dir = project_dir();
  // The report is made whole in memory, then written with Ctrl-C held back: an interrupt now
  // takes effect once the report is complete, never half-way through a JSON document.
  std::ostringstream report;
  if (!render(options.format, result, render_options, report)) {
    std::cerr << "kdiag: unknown format '" << options.format << "'\n";
    return kExitError;
  }
  const InterruptsHeld held;
  std::cout << report.str();
  std::cout.flush();
  if (!std::cout) {
    // A reader that closed the pipe early (kdiag ... | head) wanted no more: not an error.
    if (errno == EPIPE) return input_error ? kExitError : kExitOk;
    std::cerr << "kdiag: cannot write the report: " << std::strerror(errno) << "\n";
    return kExitError;
  }
  // In a GitHub Actions job, the annotations come with a readable summary on the job page.
  if (const char* summary = std::getenv("GITHUB_STEP_SUMMARY"); summary && *summary && options.format == "github") {
    std::ofstream file(summary, std::ios::app);
    if (file) render_markdown_summary(result, render_options, file);
    else std::cerr << "kdiag: cannot append to GITHUB_STEP_SUMMARY (" << summary << ")\n";
  }
  if (input_error) return kExitError;
  return fails(result, threshold) ? kExitFound : kExitOk;
}

}  // namespace kdiag::cli
