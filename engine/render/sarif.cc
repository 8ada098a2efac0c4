// --format sarif: SARIF 2.1.0, for code-scanning tabs. Rules carry the cause and fix; results
// carry the evidence line, a rank from the score and a fingerprint stable across runs.
#include <cmath>
#include <map>

#include <nlohmann/json.hpp>

#include "render/fingerprint.h"
#include "render/location.h"
#include "render/renderer.h"

namespace kdiag {

void render_sarif(const Result& result, const RenderOptions& options, std::ostream& out) {
  using json = nlohmann::ordered_json;
  json rules = json::array();
  json results = json::array();
  std::map<std::string, std::size_t> rule_index;
  std::size_t shown = 0;
  for (const auto& d : result.diagnoses) {
    if (options.top && shown++ >= options.top) break;
    const char* level = d.rule->severity == Severity::error     ? "error"
                        : d.rule->severity == Severity::warning ? "warning"
                                                                 : "note";
    auto [it, fresh] = rule_index.emplace(d.rule->id, rules.size());
    if (fresh) {
      std::string help = "Fix:\n" + numbered_steps(*&d, "\n");
      json rule = {{"id", d.rule->id},
                   {"name", d.rule->id},
                   {"shortDescription", {{"text", d.rule->title}}},
                   {"fullDescription", {{"text", d.cause}}},
                   {"help", {{"text", help}}},
                   {"defaultConfiguration", {{"level", level}}}};
      if (!d.rule->references.empty()) rule["helpUri"] = d.rule->references.front();
      rules.push_back(std::move(rule));
    }
    const AnnotationLocation loc = annotation_location(d, result);
    json region = {{"startLine", std::max<std::size_t>(loc.line, 1)}};
    if (loc.evidence) region["snippet"] = {{"text", loc.evidence->text}};
    json res = {{"ruleId", d.rule->id},
                {"ruleIndex", it->second},
                {"level", level},
                {"message", {{"text", d.rule->title + ". " + d.cause}}},
                {"locations", json::array({{{"physicalLocation",
                                             {{"artifactLocation", {{"uri", path_to_uri(loc.path)}}},
                                              {"region", region}}}}})},
                {"rank", std::round(d.score * 1000.0) / 10.0},
                {"partialFingerprints", {{"kdiagCause/v1", fingerprint(d)}}}};
    results.push_back(std::move(res));
  }
  json doc = {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
              {"version", "2.1.0"},
              {"runs", json::array({{{"tool", {{"driver", {{"name", "kdiag"},
                                                           {"version", options.version},
                                                           {"rules", rules}}}}},
                                     {"results", results}}})}};
  out << doc.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
}

}  // namespace kdiag
