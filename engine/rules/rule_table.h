#pragma once
// The knowledge base as the stages address it: every signature numbered once, rule by rule, in
// pack order. Built once when an Engine is made; the matcher's hits, the evidence book's slots
// and the scorer's lookups all use these numbers, so nothing re-derives them.
#include <cstddef>
#include <string>
#include <vector>

#include "rules/rule.h"

namespace kdiag {

struct SignatureRef {
  std::size_t rule = 0;       // index into RuleSet::rules
  std::size_t signature = 0;  // index into Rule::signatures
};

class RuleTable {
 public:
  // Keeps a reference: rules must outlive the table (an Engine owns both).
  explicit RuleTable(const RuleSet& rules);

  const RuleSet& rules() const { return rules_; }
  std::size_t size() const { return refs_.size(); }
  const Signature& signature(std::size_t i) const;
  const Rule& rule_of(std::size_t signature) const { return rules_.rules[refs_[signature].rule]; }
  // Rule r's signatures are numbered [first(r), end(r)).
  std::size_t first(std::size_t rule) const { return first_[rule]; }
  std::size_t end(std::size_t rule) const { return first_[rule + 1]; }
  // The number of rule r's signature called name; size() when it has none.
  std::size_t find(std::size_t rule, const std::string& name) const;

 private:
  const RuleSet& rules_;
  std::vector<SignatureRef> refs_;
  std::vector<std::size_t> first_;  // per rule, and one past the last
};

}  // namespace kdiag
