#pragma once
// The kdiag subcommands. Each returns the process exit code:
//   0 ran; 1 a --fail-on threshold or a check failed; 2 usage error, unreadable input, bad packs.
#include <cstddef>
#include <string>
#include <vector>

#include "knowledge.h"

namespace kdiag::cli {

enum ExitCode { kExitOk = 0, kExitFound = 1, kExitError = 2 };

struct DiagnoseOptions {
  std::vector<std::string> files;
  std::string format = "text";
  std::size_t top = 5;
  bool explain = false;
  std::string fail_on;           // "", error, warning, info
  std::string color = "auto";    // auto, always, never
  bool quiet = false;            // no progress line on stderr
  std::size_t max_line_bytes = 64 * 1024;  // longer lines are cut (and the output says so)
};

int run_diagnose(const KnowledgeOptions& knowledge, const DiagnoseOptions& options);
int run_rules_list(const KnowledgeOptions& knowledge, const std::string& format);
int run_rules_check(const KnowledgeOptions& knowledge, const std::vector<std::string>& files, bool strict,
                    const std::string& taxonomy);
int run_rules_patterns(const KnowledgeOptions& knowledge, bool literals);
int run_corpus(const KnowledgeOptions& knowledge, const std::string& dir, const std::string& format,
               bool verbose);

struct DoctorOptions {
  std::string root = "/";        // check this tree instead of / (tests build fake machines)
  std::string kernel_dir;        // the kernel build/headers dir; default /lib/modules/<release>/build
  std::string release;           // the kernel release to check; default: the running one
  bool rust = false;             // the user builds Rust modules: a kernel without Rust is a finding
  std::string kernel;            // --kernel VERSION|PATH: check the kernel about to be booted
  std::string format = "text";
  std::string color = "auto";
  std::string fail_on;
};
// kdiag doctor: checks the machine for the causes in the knowledge base before a build fails.
int run_doctor(const KnowledgeOptions& knowledge, const DoctorOptions& options);

// kdiag explain ID: the whole text of one rule (cause, fix, references, examples).
int run_explain(const KnowledgeOptions& knowledge, const std::string& id, const std::string& format);

// Whether to colour output on stdout, from --color and the environment (NO_COLOR, TERM=dumb,
// CLICOLOR_FORCE).
bool use_color(const std::string& mode);

}  // namespace kdiag::cli
