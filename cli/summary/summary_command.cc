// kdiag summary: the triage table over kdiag batch's JSON Lines (files or stdin; several merge).
#include <fstream>
#include <iostream>

#include "commands.h"
#include "summary/group_key.h"
#include "summary/render.h"
#include "summary/rows.h"
#include "summary/tally.h"

namespace kdiag::cli {

int run_summary(const SummaryOptions& options) {
  std::vector<LogRow> rows;
  std::vector<std::string> problems;
  std::vector<std::string> files = options.files;
  if (files.empty()) files.push_back("-");
  bool unreadable_input = false;
  for (const auto& f : files) {
    if (f == "-") {
      read_rows(std::cin, "<stdin>", rows, problems);
      continue;
    }
    std::ifstream in(f);
    if (!in) {
      std::cerr << "kdiag summary: " << f << ": cannot read it\n";
      unreadable_input = true;
      continue;
    }
    read_rows(in, f, rows, problems);
  }
  for (const auto& p : problems) std::cerr << "kdiag summary: " << p << "\n";

  std::string by = options.by;
  GroupKey key;
  const bool keyed = !by.empty() || !options.by_path_regex.empty();
  if (keyed) {
    if (by.empty()) {
      std::cerr << "kdiag summary: --by-path-regex needs --by FIELD, the name of its group\n";
      return kExitError;
    }
    // The JSON format names the key's column after the field, beside its own columns.
    for (const char* reserved : {"id", "logs", "share", "severity", "title", "examples"}) {
      if (by == reserved) {
        std::cerr << "kdiag summary: --by " << by << ": a column of the table already has that name\n";
        return kExitError;
      }
    }
    std::string error;
    if (!key.init(by, options.by_path_regex, options.meta, error)) {
      std::cerr << "kdiag summary: " << error << "\n";
      return kExitError;
    }
  }
  const Summary s = tally(rows, keyed ? &key : nullptr, by);
  if (options.format == "json") render_summary_json(s, std::cout);
  else if (options.format == "markdown") render_summary_markdown(s, std::cout);
  else render_summary_text(s, std::cout);
  std::cout.flush();
  return (unreadable_input || !problems.empty()) ? kExitError : kExitOk;
}

}  // namespace kdiag::cli
