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
};

int run_diagnose(const KnowledgeOptions& knowledge, const DiagnoseOptions& options);
int run_rules_list(const KnowledgeOptions& knowledge, const std::string& format);
int run_rules_check(const KnowledgeOptions& knowledge, const std::vector<std::string>& files, bool strict,
                    const std::string& taxonomy);
int run_rules_patterns(const KnowledgeOptions& knowledge);
int run_corpus(const KnowledgeOptions& knowledge, const std::string& dir, const std::string& format,
               bool verbose);

// Whether to colour output on stdout, from --color and the environment (NO_COLOR, TERM=dumb,
// CLICOLOR_FORCE).
bool use_color(const std::string& mode);

}  // namespace kdiag::cli
