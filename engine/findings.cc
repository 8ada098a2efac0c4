// Findings a front-end established itself (doctor's checks) become diagnoses exactly as a log's
// evidence does: the rule's severity, its cause and fix filled from the captures, the same
// ranking and margin. Front-ends produce evidence; the scorer alone ranks.
#include <algorithm>

#include "kdiag.h"
#include "scorer/scorer.h"

namespace kdiag {

Result diagnose_findings(const RuleSet& rules, const std::vector<Finding>& findings) {
  Result result;
  for (const Finding& finding : findings) {
    const Rule* rule = rules.find(finding.rule_id);
    if (!rule) {
      result.notes.push_back(finding.source + ": " + (finding.evidence.empty() ? "" : finding.evidence.front() + " ") +
                             "(rule " + finding.rule_id + " is not in the loaded knowledge base)");
      continue;
    }
    Diagnosis d;
    d.rule = rule;
    d.severity = rule->severity;
    d.score = std::clamp(finding.score, 0.0, 1.0);
    for (const auto& text : finding.evidence) {
      EvidenceLine e;
      e.line = e.ordinal = finding.position;
      e.text = e.body = text;
      e.signature = finding.source;
      d.evidence.push_back(std::move(e));
    }
    d.captures = finding.captures;
    // A placeholder naming a capture the front-end did not fill reads "<name>", as in a log
    // diagnosis; the names it filled count as defined too.
    std::vector<std::string> names = capture_names(*rule);
    for (const auto& [name, _] : finding.captures) names.push_back(name);
    d.cause = fill_placeholders(rule->cause, d.captures, names);
    d.fix = finding.fix;
    for (const auto& step : rule->fix) d.fix.push_back(fill_placeholders(step, d.captures, names));
    d.signatures_hit.push_back(finding.source);
    result.diagnoses.push_back(std::move(d));
  }
  rank(result);
  return result;
}

bool fails(const Result& result, Severity threshold) {
  if (threshold == Severity::none) return false;
  for (const auto& d : result.diagnoses) {
    if (d.severity >= threshold) return true;
  }
  return false;
}

}  // namespace kdiag
