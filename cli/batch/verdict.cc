#include "batch/verdict.h"

namespace kdiag::cli {

std::string_view verdict_of(const Result& result) {
  if (result.diagnoses.empty()) return "unknown";
  // Diagnoses are ranked best first, and an info never outranks an error or warning.
  if (result.diagnoses.front().rule->id.rfind("infra.", 0) == 0) return "infrastructure";
  for (const auto& d : result.diagnoses) {
    if (d.rule->id.rfind("infra.", 0) == 0) continue;
    if (d.severity == Severity::error || d.severity == Severity::warning) return "kernel-failure";
  }
  return "clean";
}

}  // namespace kdiag::cli
