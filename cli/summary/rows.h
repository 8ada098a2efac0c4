#pragma once
// The rows kdiag summary reads: kdiag batch's JSON Lines, from files or standard input. Only the
// fields the summary needs are kept; a line that is not a JSON object is reported, not fatal.
#include <istream>
#include <string>
#include <vector>

namespace kdiag::cli {

struct LogRow {
  std::string path;
  std::string error;     // an unreadable log (batch's error row)
  std::string cause;     // the best diagnosis' id; empty: no known cause
  std::string severity;  // its severity
  std::string title;     // its title
  std::string verdict;
};

// Appends the rows of one JSON Lines stream; bad lines are described in problems
// ("name:line: why") and skipped.
void read_rows(std::istream& in, const std::string& name, std::vector<LogRow>& rows,
               std::vector<std::string>& problems);

}  // namespace kdiag::cli
