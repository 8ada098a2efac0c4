#pragma once
// Turns doctor's checks into a kdiag Result, so that the findings go through the same renderers
// (text, json, github, gitlab, sarif) and read the same as diagnoses of a log: each finding points
// to the knowledge base's rule with its id, and its evidence lines are what doctor found.
#include <ostream>
#include <string>
#include <vector>

#include "doctor/checks.h"
#include "kdiag.h"

namespace kdiag::doctor {

// The name of the one input a doctor Result has; its lines are the checks, in order.
inline constexpr const char* kInputName = "doctor";

// Findings become diagnoses (best first, like the scorer ranks them); a finding whose rule is not
// in rules becomes a note instead.
Result build_result(const std::vector<Check>& checks, const RuleSet& rules);

struct ReportOptions {
  std::string format = "text";  // text, json, github, gitlab, sarif
  bool color = false;
  std::string version;
};

// Renders result; text adds the passing and the skipped checks, json adds a "checks" array.
// False when the format is unknown.
bool render_report(const std::vector<Check>& checks, const Result& result, const ReportOptions& options,
                   std::ostream& out);

// The whole command on a given machine: survey, checks, render. Returns the exit status of
// exit_status.h (fail_on: "", error, warning or info).
int run(const RuleSet& rules, const Machine& machine, const Request& request, const ReportOptions& options,
        const std::string& fail_on, std::ostream& out, std::ostream& err);

}  // namespace kdiag::doctor
