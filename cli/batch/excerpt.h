#pragma once
// Per diagnosis, the evidence lines with a few lines of context on each side: what a CI report
// pastes under an issue. The renderers never re-read a log, and the engine keeps only the
// evidence lines, so kdiag batch reads the log a second time (only when there is evidence) and
// picks the lines out, through the same LineReader, so numbers and cleaning match the evidence.
// Bounded, because log text is untrusted: at most kMaxLines lines per diagnosis, each cut to
// kMaxLineBytes (at a UTF-8 character boundary).
#include <cstddef>
#include <string>
#include <vector>

#include "batch/log_source.h"
#include "kdiag.h"

namespace kdiag::cli {

struct ExcerptLine {
  std::size_t line = 0;   // 1-based line number in the log
  std::string text;       // the cleaned line, prefixes kept (as evidence shows it)
  bool evidence = false;  // one of the diagnosis' evidence lines (the others are context)
};
using Excerpt = std::vector<ExcerptLine>;

inline constexpr std::size_t kContextLines = 3;
inline constexpr std::size_t kMaxExcerptLines = 40;
inline constexpr std::size_t kMaxExcerptLineBytes = 512;

// The excerpts of the first `count` diagnoses of result (one input, index 0), re-reading the log
// with reread. A line the second read does not deliver (the file changed) is left out.
std::vector<Excerpt> collect_excerpts(const Result& result, std::size_t count, std::size_t max_line_bytes,
                                      const std::function<bool(const ByteSink&, std::string&)>& reread);

}  // namespace kdiag::cli
