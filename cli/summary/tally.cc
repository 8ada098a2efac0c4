#include "summary/tally.h"

#include <algorithm>
#include <map>

namespace kdiag::cli {

Summary tally(const std::vector<LogRow>& rows, GroupKey* key, const std::string& by) {
  Summary s;
  s.by = by;
  s.logs = rows.size();
  std::map<std::pair<std::string, std::string>, CauseGroup> groups;
  for (const auto& row : rows) {
    if (!row.error.empty()) {
      s.unreadable.push_back(row);
      continue;
    }
    if (row.cause.empty()) {
      s.unknown.push_back(row.path);
      continue;
    }
    const std::string k = key ? key->of(row.path) : std::string();
    CauseGroup& g = groups[{row.cause, k}];
    if (g.logs++ == 0) {
      g.cause = row.cause;
      g.key = k;
      g.severity = row.severity;
      g.title = row.title;
    }
    if (g.examples.size() < kExamples) g.examples.push_back(row.path);
  }
  for (auto& [id, g] : groups) s.causes.push_back(std::move(g));
  // Most logs first; ties in id then key order, so the table is the same whatever the input order.
  std::stable_sort(s.causes.begin(), s.causes.end(), [](const CauseGroup& a, const CauseGroup& b) {
    if (a.logs != b.logs) return a.logs > b.logs;
    return std::tie(a.cause, a.key) < std::tie(b.cause, b.key);
  });
  return s;
}

}  // namespace kdiag::cli
