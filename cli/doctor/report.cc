// From checks to a rendered report. Findings are dressed as the scorer's diagnoses (rule, score,
// evidence, cause and fix with the placeholders filled) so every existing renderer works on them;
// what only doctor has - the checks that passed or could not run - is added around that output.
#include "doctor/report.h"

#include <algorithm>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "render/renderer.h"
#include "render/style.h"
#include "render/terminal_text.h"

namespace kdiag::doctor {
namespace {

// The capture names a rule defines ((?P<name>...) in its signatures): a placeholder naming one
// that doctor could not fill reads "<name>", as in a log diagnosis.
std::vector<std::string> capture_names(const Rule& rule, const Captures& captures) {
  std::vector<std::string> names;
  for (const auto& sig : rule.signatures) {
    for (std::size_t at = sig.pattern.find("(?P<"); at != std::string::npos; at = sig.pattern.find("(?P<", at + 1)) {
      const auto end = sig.pattern.find('>', at);
      if (end != std::string::npos) names.push_back(sig.pattern.substr(at + 4, end - at - 4));
    }
  }
  for (const auto& [name, _] : captures) names.push_back(name);
  return names;
}

bool ranks_before(const Diagnosis& a, const Diagnosis& b) {
  const auto cls = [](const Diagnosis& d) { return d.severity == Severity::info ? 0 : 1; };
  if (cls(a) != cls(b)) return cls(a) > cls(b);
  if (a.score != b.score) return a.score > b.score;
  if (a.severity != b.severity) return a.severity > b.severity;
  return a.evidence.front().ordinal < b.evidence.front().ordinal;
}

std::string header(const std::vector<Check>& checks) {
  std::size_t ok = 0, problems = 0, skipped = 0;
  for (const auto& c : checks) {
    ok += c.status == Status::ok;
    problems += c.status == Status::problem;
    skipped += c.status == Status::skipped;
  }
  return fmt::format("{} checks: {} problem{}, {} ok, {} not checked", checks.size(), problems,
                     problems == 1 ? "" : "s", ok, skipped);
}

void render_text_report(const std::vector<Check>& checks, const Result& result, const ReportOptions& options,
                        std::ostream& out) {
  const auto paint = [&](Tone tone, std::string_view text) { return kdiag::paint(options.color, tone, text); };
  out << paint(Tone::heading, "kdiag doctor") << ": " << header(checks);
  if (result.diagnoses.empty()) {
    out << "; no known cause of a build or boot failure found.\n";
    for (const auto& note : result.notes) out << paint(Tone::quiet, "note: " + terminal_safe(note)) << "\n";
  } else {
    // The diagnoses as kdiag prints them for a log, without its "N lines read" header line.
    std::ostringstream body;
    RenderOptions render_options;
    render_options.top = 0;
    render_options.color = options.color;
    render_options.version = options.version;
    render_text(result, render_options, body);
    const std::string text = body.str();
    const auto first_line_end = text.find('\n');
    out << fmt::format(
        "; {} finding{}.\n", result.diagnoses.size(), result.diagnoses.size() == 1 ? "" : "s");
    out << (first_line_end == std::string::npos ? "" : text.substr(first_line_end + 1));
  }
  // Checks skipped for the same reason (all of Rust's, on a kernel without it) share one line.
  std::vector<std::pair<std::string, const Check*>> lines[2];
  for (const auto& c : checks) {
    if (c.status == Status::problem) continue;
    auto& list = lines[c.status == Status::ok ? 0 : 1];
    if (c.status == Status::skipped && !list.empty() && list.back().second->detail == c.detail) {
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
  std::ostringstream body;
  RenderOptions render_options;
  render_options.top = 0;
  render_options.version = options.version;
  render_json(result, render_options, body);
  // The normal document, untouched, plus the list of checks.
  json doc = json::parse(body.str());
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
  Result result;
  InputInfo input;
  input.name = kInputName;
  input.lines = checks.size();
  for (const auto& c : checks) input.bytes += c.name.size() + 2 + c.detail.size() + 1;
  input.any_nonblank = !checks.empty();
  input.last_nonblank_ordinal = checks.size();
  result.inputs.push_back(std::move(input));
  for (std::size_t i = 0; i < checks.size(); ++i) {
    const Check& check = checks[i];
    if (check.note) result.notes.push_back(fmt::format("{}: {}", check.name, check.detail));
    if (!check.finding) continue;
    const Finding& finding = *check.finding;
    const Rule* rule = rules.find(finding.rule_id);
    if (!rule) {
      result.notes.push_back(fmt::format("{}: {} (rule {} is not in the loaded knowledge base)", check.name,
                                         check.detail, finding.rule_id));
      continue;
    }
    Diagnosis d;
    d.rule = rule;
    d.severity = rule->severity;
    d.score = std::clamp(finding.score, 0.0, 1.0);
    for (const auto& text : finding.evidence) {
      EvidenceLine e;
      e.input = 0;
      e.line = i + 1;  // the check's position: the "line" of the doctor input
      e.ordinal = i + 1;
      e.text = text;
      e.body = text;
      e.signature = check.name;
      d.evidence.push_back(std::move(e));
    }
    if (d.evidence.empty()) {
      EvidenceLine e;
      e.line = e.ordinal = i + 1;
      e.text = e.body = check.detail;
      e.signature = check.name;
      d.evidence.push_back(std::move(e));
    }
    for (const auto& capture : finding.captures) d.captures.push_back(capture);
    const auto names = capture_names(*rule, d.captures);
    d.cause = fill_placeholders(rule->cause, d.captures, names);
    // Doctor knows the exact option or command for this machine: that step comes first.
    d.fix = finding.fix;
    for (const auto& step : rule->fix) d.fix.push_back(fill_placeholders(step, d.captures, names));
    d.signatures_hit.push_back("doctor:" + check.name);
    result.diagnoses.push_back(std::move(d));
  }
  std::stable_sort(result.diagnoses.begin(), result.diagnoses.end(), ranks_before);
  if (result.diagnoses.size() >= 2) result.margin = result.diagnoses[0].score - result.diagnoses[1].score;
  else if (result.diagnoses.size() == 1) result.margin = result.diagnoses[0].score;
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
  if (threshold != Severity::none) {
    for (const auto& d : result.diagnoses) {
      if (d.severity >= threshold) return cli::kExitFound;
    }
  }
  return cli::kExitOk;
}

}  // namespace kdiag::doctor
