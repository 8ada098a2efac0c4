#pragma once
// A rule of the knowledge base, as loaded from a YAML pack: the root cause it names, the
// signatures that are its evidence, the condition that makes it fire, and its own examples.
#include <string>
#include <vector>

#include "dialects/event.h"
#include "rules/condition.h"

namespace kdiag {

struct SourceMark {
  std::string file;
  int line = 0;  // 1-based; 0 when unknown
  int col = 0;
  std::string str() const;  // "file:line:col"
};

struct Signature {
  std::string name;
  std::string pattern;  // RE2 syntax; named groups (?P<module>...) become captures
  std::string dialect;  // only events of this dialect ("" = any)
  std::string kind;     // only events of this kind ("" = any)
  std::string field = "text";
  double weight = 0.8;  // how much one hit says for the cause, in [0, 1]
  // Strings one of which every line the pattern matches holds (rules/literals.h), found
  // when the pack is loaded or compiled; "(?i)..." ones ignoring case, the others as spelled.
  // Empty: the signature is checked on every line.
  std::vector<std::string> literals;
  // The names of its (?P<name>...) groups, found when the pack is loaded or compiled: a
  // placeholder naming one that the log did not reveal reads "<name>".
  std::vector<std::string> capture_names;
  SourceMark mark;
};

struct Rule {
  std::string id;  // taxonomy id, e.g. rust.target-json-missing
  std::string title;
  Severity severity = Severity::error;
  std::string cause;
  std::vector<std::string> fix;              // ordered steps; "{capture}" is filled from the evidence
  std::vector<std::string> fix_when;         // per step: a condition that must hold to show it ("" = always),
  std::vector<ConditionPtr> fix_conditions;  // e.g. a step only for kernels 6.14 and later
  std::vector<std::string> references;
  std::vector<Signature> signatures;
  std::string condition_text;  // empty: any signature
  ConditionPtr condition;
  std::vector<std::string> suppresses;  // rule ids (or "prefix.*") this cause explains
  // per entry: a condition that must hold too ("" = always), e.g. a WARNING explains the panic
  // only when panic_on_warn turned it into one
  std::vector<std::string> suppress_when;
  std::vector<ConditionPtr> suppress_conditions;
  // demote: when this condition holds too, the cause is real but did not stop the run (the boot
  // reached a login prompt, the build finished): it is reported as info, with demote_because,
  // and explains (suppresses) nothing.
  std::string demote_text;
  ConditionPtr demote;
  std::string demote_because;
  // scope: device: the failure stays with one device (a driver that did not probe for want of
  // its firmware): the build or boot went on. It ranks after any error or warning that is not
  // so confined, unless it explains one, whatever the scores.
  bool device_scope = false;
  std::vector<std::string> match_examples;
  std::vector<std::string> no_match_examples;
  std::string pack;  // the pack (file) it came from
  SourceMark mark;
};

struct RuleSet {
  std::vector<Rule> rules;
  const Rule* find(const std::string& id) const;
};

// The capture names of all the rule's signatures: what its cause and fix may name.
std::vector<std::string> capture_names(const Rule& rule);

// Whether a suppresses entry ("kbuild.compile-error" or "kbuild.*") names id.
bool suppression_covers(const std::string& entry, const std::string& id);

}  // namespace kdiag
