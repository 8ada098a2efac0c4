// From checks to a rendered report. Findings are dressed as the scorer's diagnoses (rule, score,
// evidence, cause and fix with the placeholders filled) so every existing renderer works on them;
// what only doctor has - the checks that passed or could not run - is added around that output.
#include "doctor/report.h"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "exit_status.h"
#include "kdiag.h"

namespace kdiag::doctor {
namespace {

std::string header(const std::vector<Check>& checks) {
  std::size_t ok = 0, problems = 0, skipped = 0;
  for (const auto& c : checks) {
    ok += c.status == CheckStatus::ok;
    problems += c.status == CheckStatus::problem;
    skipped += c.status == CheckStatus::skipped;
  }
  return fmt::format("{} checks: {} problem{}, {} ok, {} not checked", checks.size(), problems,
                     problems == 1 ? "" : "s", ok, skipped);
}

void render_text_report(const std::vector<Check>& checks, const Result& result, const ReportOptions& options,
                        std::ostream& out) {
  const auto paint = [&](Tone tone, std::string_view text) { return kdiag::paint(options.color, tone, text); };
  if (result.diagnoses.empty()) {
    out << paint(Tone::heading, "kdiag doctor") << ": " << header(checks)
        << "; no known cause of a build or boot failure found.\n";
    for (const auto& note : result.notes) out << paint(Tone::quiet, "note: " + terminal_safe(note)) << "\n";
  } else {
    // The diagnoses as kdiag prints them for a log, under doctor's own first line.
    RenderOptions render_options;
    render_options.top = 0;
    render_options.color = options.color;
    render_options.version = options.version;
    render_options.heading_tool = "kdiag doctor";
    render_options.heading_subject = header(checks);
    render_options.findings = true;
    render_text(result, render_options, out);
  }
  // Checks skipped for the same reason (all of Rust's, on a kernel without it) share one line.
  std::vector<std::pair<std::string, const Check*>> lines[2];
  for (const auto& c : checks) {
    if (c.status == CheckStatus::problem) continue;
    auto& list = lines[c.status == CheckStatus::ok ? 0 : 1];
    if (c.status == CheckStatus::skipped && !list.empty() && list.back().second->detail == c.detail) {
      list.back().first += ", " + c.name;
    } else {
      list.push_back({c.name, &c});
    }
  }
  std::size_t width = 0;
  for (const auto& list : lines) {
    for (const auto& [names, _] : list) width = std::max(width, std::min<std::size_t>(names.size(), 24));
  }
  bool blank = result.diagnoses.empty();  // the diagnoses end with a blank line already
  for (int k = 0; k < 2; ++k) {
    if (lines[k].empty()) continue;
    out << (blank ? "\n" : "") << paint(Tone::heading, k == 0 ? "Checked, fine:" : "Not checked:") << "\n";
    blank = true;
    for (const auto& [names, c] : lines[k]) {
      // A check's detail quotes what the machine's files say: shown, never obeyed.
      const std::string detail = terminal_safe(c->detail);
      if (names.size() > width) out << fmt::format("  {}\n  {:<{}}  {}\n", names, "", width, detail);
      else out << fmt::format("  {:<{}}  {}\n", names, width, detail);
    }
  }
}

void render_json_report(const std::vector<Check>& checks, const Result& result, const ReportOptions& options,
                        std::ostream& out) {
  using json = nlohmann::ordered_json;
  RenderOptions render_options;
  render_options.top = 0;
  render_options.version = options.version;
  // The normal document, plus the list of checks.
  json doc = json_document(result, render_options);
  json list = json::array();
  for (const auto& c : checks) {
    json item = {{"name", c.name}, {"status", std::string(status_name(c.status))}, {"detail", c.detail}};
    if (c.finding) item["id"] = c.finding->rule_id;
    list.push_back(std::move(item));
  }
  doc["checks"] = std::move(list);
  out << doc.dump(2, ' ', false, json::error_handler_t::replace) << '\n';
}

}  // namespace

Result build_result(const std::vector<Check>& checks, const RuleSet& rules) {
  // Doctor produces evidence; the engine makes and ranks the diagnoses, as for a log.
  std::vector<kdiag::Finding> findings;
  std::vector<std::string> notes;
  for (std::size_t i = 0; i < checks.size(); ++i) {
    const Check& check = checks[i];
    if (check.note) notes.push_back(fmt::format("{}: {}", check.name, check.detail));
    if (!check.finding) continue;
    kdiag::Finding finding = *check.finding;
    finding.source = check.name;
    finding.position = i + 1;  // the check's position: the "line" of the doctor input
    if (finding.evidence.empty()) finding.evidence.push_back(check.detail);
    findings.push_back(std::move(finding));
  }
  Result result = diagnose_findings(rules, findings);
  notes.insert(notes.end(), result.notes.begin(), result.notes.end());
  result.notes = std::move(notes);
  InputInfo input;
  input.name = kInputName;
  input.lines = checks.size();
  for (const auto& c : checks) input.bytes += c.name.size() + 2 + c.detail.size() + 1;
  input.any_nonblank = !checks.empty();
  input.last_nonblank_ordinal = checks.size();
  result.inputs.push_back(std::move(input));
  return result;
}

bool render_report(const std::vector<Check>& checks, const Result& result, const ReportOptions& options,
                   std::ostream& out) {
  if (options.format == "text") {
    render_text_report(checks, result, options, out);
    return true;
  }
  if (options.format == "json") {
    render_json_report(checks, result, options, out);
    return true;
  }
  RenderOptions render_options;
  render_options.top = 0;
  render_options.version = options.version;
  return render(options.format, result, render_options, out);
}

int run(const RuleSet& rules, const Machine& machine, const Request& request, const ReportOptions& options,
        const std::string& fail_on, std::ostream& out, std::ostream& err) {
  Severity threshold = Severity::none;
  if (!fail_on.empty() && !parse_severity(fail_on, threshold)) {
    err << "kdiag doctor: --fail-on takes error, warning or info, not '" << fail_on << "'\n";
    return cli::kExitError;
  }
  const Facts facts = survey(machine, request);
  const std::vector<Check> checks = run_checks(machine, facts);
  const Result result = build_result(checks, rules);
  if (!render_report(checks, result, options, out)) {
    err << "kdiag doctor: unknown format '" << options.format << "'\n";
    return cli::kExitError;
  }
  out.flush();
  return fails(result, threshold) ? cli::kExitFound : cli::kExitOk;
}

}  // namespace kdiag::doctor
