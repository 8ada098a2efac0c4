#include "rules/rule.h"

namespace kdiag {

std::string SourceMark::str() const {
  std::string s = file;
  if (line > 0) s += ":" + std::to_string(line);
  if (col > 0) s += ":" + std::to_string(col);
  return s;
}

const Rule* RuleSet::find(const std::string& id) const {
  for (const auto& r : rules) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

std::vector<std::string> capture_names(const Rule& rule) {
  std::vector<std::string> names;
  for (const auto& sig : rule.signatures) names.insert(names.end(), sig.capture_names.begin(), sig.capture_names.end());
  return names;
}

bool suppression_covers(const std::string& entry, const std::string& id) {
  if (entry.size() >= 2 && entry.compare(entry.size() - 2, 2, ".*") == 0) {
    return id.compare(0, entry.size() - 1, entry, 0, entry.size() - 1) == 0;
  }
  return entry == id;
}

}  // namespace kdiag
