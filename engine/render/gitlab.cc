// --format gitlab: a GitLab Code Quality report (a JSON array of issues), shown in the merge
// request widget. GitLab matches location.path against the files of the merge request's diff,
// which are relative to the project directory: so is every path inside it (CI_PROJECT_DIR).
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "render/fingerprint.h"
#include "render/location.h"
#include "render/renderer.h"

namespace kdiag {
namespace {

using json = nlohmann::ordered_json;

json issue(std::string description, std::string check_name, std::string fingerprint, const char* severity,
           std::string body, std::string path, std::size_t line) {
  return {{"description", std::move(description)},
          {"check_name", std::move(check_name)},
          {"fingerprint", std::move(fingerprint)},
          {"severity", severity},
          {"content", {{"body", std::move(body)}}},
          {"location", {{"path", std::move(path)}, {"lines", {{"begin", line}}}}}};
}

}  // namespace

void render_gitlab(const Result& result, const RenderOptions& options, std::ostream& out) {
  json issues = json::array();
  // An input that could not be read is a finding of its own: without it the report would be an
  // empty list, which GitLab shows as "no code quality changes".
  for (const auto& u : result.unread) {
    const std::string path = report_path(u.name == "<stdin>" ? "stdin" : u.name, options.project_dir);
    issues.push_back(issue(fmt::format("kdiag could not read the log {}: {}", u.name, u.error),
                           "kdiag.input-unreadable", fingerprint_of({"kdiag.input-unreadable", path}), "blocker",
                           "kdiag could not read this input, so nothing in it was diagnosed (kdiag exited with "
                           "status 2). Check that the job wrote the log where kdiag was told to read it.",
                           path, 1));
  }
  std::size_t shown = 0;
  for (const auto& d : result.diagnoses) {
    if (options.top && shown++ >= options.top) break;
    const AnnotationLocation loc = annotation_location(d, result);
    const char* severity = d.severity == Severity::error     ? "critical"
                           : d.severity == Severity::warning ? "major"
                                                             : "info";
    std::string description = d.rule->title;
    if (loc.evidence) description += ": " + loc.evidence->body;
    issues.push_back(issue(std::move(description), d.rule->id, fingerprint(d), severity,
                           d.cause + "\n\nFix:\n" + numbered_steps(d, "\n"), report_path(loc.path, options.project_dir),
                           loc.line));
  }
  out << issues.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
}

}  // namespace kdiag
