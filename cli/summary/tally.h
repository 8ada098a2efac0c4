#pragma once
// The triage table: logs grouped by root cause (their best diagnosis), optionally also by a
// second key (--by), most logs first; then the logs with no known cause and those unreadable.
#include <cstddef>
#include <string>
#include <vector>

#include "summary/group_key.h"
#include "summary/rows.h"

namespace kdiag::cli {

struct CauseGroup {
  std::string cause;
  std::string key;  // the --by value ("" without --by)
  std::string severity;
  std::string title;
  std::size_t logs = 0;
  std::vector<std::string> examples;  // the first paths seen, at most kExamples
};

struct Summary {
  std::string by;        // the --by field ("" without)
  std::size_t logs = 0;  // every row, unreadable ones included: the shares' base
  std::vector<CauseGroup> causes;
  std::vector<std::string> unknown;  // read, no diagnosis
  std::vector<LogRow> unreadable;
};

inline constexpr std::size_t kExamples = 2;

// key: null without --by.
Summary tally(const std::vector<LogRow>& rows, GroupKey* key, const std::string& by);

}  // namespace kdiag::cli
