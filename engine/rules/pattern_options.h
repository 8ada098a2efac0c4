#pragma once
// How a signature's pattern is compiled, wherever it is: the matcher's regexes and sets, and the
// prefilter that derives its literals (rules/literals.h), which must read the pattern as the
// matcher does (UTF-8, the same case rules) for the literals to hold.
#include <re2/re2.h>

namespace kdiag {

inline RE2::Options signature_pattern_options() {
  RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(64 << 20);
  return options;
}

}  // namespace kdiag
