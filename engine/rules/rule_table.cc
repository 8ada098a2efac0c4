#include "rules/rule_table.h"

namespace kdiag {

RuleTable::RuleTable(const RuleSet& rules) : rules_(rules) {
  first_.reserve(rules.rules.size() + 1);
  for (std::size_t r = 0; r < rules.rules.size(); ++r) {
    first_.push_back(refs_.size());
    for (std::size_t s = 0; s < rules.rules[r].signatures.size(); ++s) refs_.push_back({r, s});
  }
  first_.push_back(refs_.size());
}

const Signature& RuleTable::signature(std::size_t i) const {
  return rules_.rules[refs_[i].rule].signatures[refs_[i].signature];
}

std::size_t RuleTable::find(std::size_t rule, const std::string& name) const {
  for (std::size_t i = first(rule); i < end(rule); ++i) {
    if (signature(i).name == name) return i;
  }
  return size();
}

}  // namespace kdiag
