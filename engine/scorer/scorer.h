#pragma once
// Turns the evidence book into ranked diagnoses: evaluates each rule's condition, scores it from
// its signatures' weights, applies suppressions and orders the candidates.
#include "rules/rule_table.h"
#include "scorer/evidence.h"
#include "scorer/diagnosis.h"

namespace kdiag {

struct InputPosition {
  std::size_t nonblank_lines = 0;  // non-blank lines in the input, to tell what came after a hit
};

// Candidates: fired rules first by (not info, score, severity); info diagnoses never outrank
// an error or warning.
Result score(const RuleTable& table, const EvidenceBook& book, const std::vector<InputPosition>& positions,
             std::vector<InputInfo> inputs);

// Orders diagnoses (and the suppressed and near misses) as score() does, and sets the margin:
// for front-ends that make diagnoses of their own (doctor's findings).
void rank(Result& result);

// Registers the within(a, b, n) windows of every rule's condition with the book (before reading).
void watch_windows(const RuleTable& table, EvidenceBook& book);

// "{module}" in text replaced by the capture's value; a placeholder naming a capture the rule
// defines but the log did not reveal becomes "<module>"; anything else stays as written.
std::string fill_placeholders(const std::string& text, const Captures& captures,
                              const std::vector<std::string>& capture_names);

}  // namespace kdiag
