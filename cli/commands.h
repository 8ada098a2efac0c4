#pragma once
// The kdiag subcommands. Each returns the process exit code:
//   0 ran; 1 a --fail-on threshold or a check failed; 2 usage error, unreadable input, bad packs.
#include <cstddef>
#include <string>
#include <vector>

#include "exit_status.h"
#include "knowledge.h"

namespace kdiag::cli {

struct DiagnoseOptions {
  std::vector<std::string> files;
  std::string format = "text";
  std::size_t top = 5;
  bool explain = false;
  std::string fail_on;                     // "", error, warning, info
  std::string color = "auto";              // auto, always, never
  bool quiet = false;                      // no progress line on stderr
  std::size_t max_line_bytes = 64 * 1024;  // longer lines are cut (and the output says so)
  std::size_t jobs = 0;                    // threads for a big input; 0: as many as the cores (at most 2 used)
};

int run_diagnose(const KnowledgeOptions& knowledge, const DiagnoseOptions& options);
int run_rules_list(const KnowledgeOptions& knowledge, const std::string& format);
int run_rules_check(const KnowledgeOptions& knowledge, const std::vector<std::string>& files, bool strict,
                    const std::string& taxonomy);
int run_rules_patterns(const KnowledgeOptions& knowledge, bool literals);
int run_corpus(const KnowledgeOptions& knowledge, const std::string& dir, const std::string& format, bool verbose);

struct DoctorOptions {
  std::string root = "/";  // check this tree instead of / (tests build fake machines)
  std::string kernel_dir;  // the kernel build/headers dir; default /lib/modules/<release>/build
  std::string release;     // the kernel release to check; default: the running one
  bool rust = false;       // the user builds Rust modules: a kernel without Rust is a finding
  std::string kernel;      // --kernel VERSION|PATH: check the kernel about to be booted
  std::string format = "text";
  std::string color = "auto";
  std::string fail_on;
};
// kdiag doctor: checks the machine for the causes in the knowledge base before a build fails.
int run_doctor(const KnowledgeOptions& knowledge, const DoctorOptions& options);

// kdiag explain ID: the whole text of one rule (cause, fix, references, examples).
int run_explain(const KnowledgeOptions& knowledge, const std::string& id, const std::string& format);

// kdiag batch: many logs, each diagnosed on its own, as JSON Lines in input order (one object per
// log: the --format json object plus "path", "verdict" and per-diagnosis "excerpt"; or "path" and
// "error" for a log that could not be read). Exit 0 when every log was read, 2 otherwise.
struct BatchOptions {
  std::vector<std::string> paths;  // files, directories (walked), '-' (a list of paths on stdin)
  std::vector<std::string> globs;  // which files of a directory to read (default: all)
  std::size_t jobs = 0;            // logs in parallel; 0: the number of cores
  std::size_t top = 5;             // diagnoses per log, as --top
  std::size_t max_line_bytes = 64 * 1024;
  bool quiet = false;
};
int run_batch(const KnowledgeOptions& knowledge, const BatchOptions& options);

// kdiag summary: the triage table (per root cause: logs, share, severity, two example paths; then
// the logs with no known cause) over kdiag batch's JSON Lines. Exit 2 when an input or a line of
// it could not be read (the table is still printed).
struct SummaryOptions {
  std::vector<std::string> files;  // JSON Lines files; '-' or none: standard input
  std::string format = "text";     // text, json, markdown
  std::string by;                  // a second key: board, tree, arch...
  std::string by_path_regex;       // ... taken from the log's path (a group named as --by)
  std::string meta;                // ... or from a CSV with 'path' and --by columns
};
int run_summary(const SummaryOptions& options);

// Whether to colour output on stdout, from --color and the environment (NO_COLOR, TERM=dumb,
// CLICOLOR_FORCE).
bool use_color(const std::string& mode);

}  // namespace kdiag::cli
