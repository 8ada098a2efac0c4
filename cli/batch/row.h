#pragma once
// One line of kdiag batch's JSON Lines output: the diagnosis of one log on its own.
//   {"path", <every field of `kdiag --format json PATH`>, "verdict"}, and per diagnosis an
//   "excerpt": [{"line", "text", "evidence"}]
//   or, for a log that could not be read: {"path", "error"}.
#include <string>

#include "batch/inputs.h"
#include "kdiag.h"

namespace kdiag::cli {

struct Row {
  std::string json;       // one line, no newline
  bool read = false;      // false: an error row
  std::size_t bytes = 0;  // the log's (decompressed) size
};

// Diagnoses one log in a Session of its own on engine (which the calling thread must own: see
// batch_command.cc).
Row diagnose_row(const Engine& engine, const BatchInput& input, const RenderOptions& options);

}  // namespace kdiag::cli
