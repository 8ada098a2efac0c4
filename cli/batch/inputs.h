#pragma once
// Which logs kdiag batch reads, in a fixed order: the arguments as given; a directory stands for
// the files under it (walked in name order, so the output order never depends on the file
// system); '-' for a list of paths read from standard input, one per line.
#include <istream>
#include <string>
#include <vector>

namespace kdiag::cli {

struct BatchInput {
  std::string path;
  std::string error;  // set when the input could not be listed (an unreadable directory)
};

// globs: fnmatch patterns for files found in directories (a pattern with '/' is matched against
// the path below the directory, else against the file name); empty: every file. Files named on
// the command line or on stdin are taken whatever their name. Sidecar metadata files
// (*.meta.json, read by kdiag summary --by) are never taken from directories.
std::vector<BatchInput> collect_inputs(const std::vector<std::string>& args, const std::vector<std::string>& globs,
                                       std::istream& stdin_list);

}  // namespace kdiag::cli
