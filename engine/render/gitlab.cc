// --format gitlab: a GitLab Code Quality report (a JSON array of issues), shown in the merge
// request widget.
#include <nlohmann/json.hpp>

#include "render/fingerprint.h"
#include "render/location.h"
#include "render/renderer.h"

namespace kdiag {

void render_gitlab(const Result& result, const RenderOptions& options, std::ostream& out) {
  nlohmann::ordered_json issues = nlohmann::ordered_json::array();
  std::size_t shown = 0;
  for (const auto& d : result.diagnoses) {
    if (options.top && shown++ >= options.top) break;
    const AnnotationLocation loc = annotation_location(d, result);
    const char* severity = d.rule->severity == Severity::error     ? "critical"
                           : d.rule->severity == Severity::warning ? "major"
                                                                    : "info";
    std::string description = d.rule->title;
    if (loc.evidence) description += ": " + loc.evidence->body;
    issues.push_back({{"description", description},
                      {"check_name", d.rule->id},
                      {"fingerprint", fingerprint(d)},
                      {"severity", severity},
                      {"content", {{"body", d.cause + "\n\nFix:\n" + numbered_steps(d, "\n")}}},
                      {"location", {{"path", loc.path}, {"lines", {{"begin", loc.line}}}}}});
  }
  out << issues.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
}

}  // namespace kdiag
