// --format sarif: SARIF 2.1.0 (OASIS, errata 01), for code-scanning tabs. Rules carry the generic
// cause and fix of each rule; results carry this case's cause, the evidence line, a rank from the
// score and a fingerprint stable across runs. Files inside the project directory are named
// relative to the SRCROOT base URI (run.originalUriBaseIds), others by absolute file:// URIs; the
// invocation says whether every input could be read.
#include <cctype>
#include <cmath>
#include <map>

#include <nlohmann/json.hpp>

#include "render/fingerprint.h"
#include "render/location.h"
#include "render/renderer.h"

namespace kdiag {
namespace {

using json = nlohmann::ordered_json;

// kdiag has no web home page yet: its documentation is the manual page installed with it. (SARIF
// viewers and the SARIF Multitool want tool.driver.informationUri; a project URL belongs here.)
constexpr const char* kInformationUri = "man:kdiag(1)";
constexpr const char* kBaseId = "SRCROOT";

// A rule's name for people, distinct from its id (SARIF 3.49.7): rust.target-json-missing ->
// RustTargetJsonMissing.
std::string pascal_case(std::string_view id) {
  std::string out;
  bool start = true;
  for (char c : id) {
    if (!std::isalnum(static_cast<unsigned char>(c))) {
      start = true;
    } else {
      out += start ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
      start = false;
    }
  }
  return out;
}

// The rule's own fix, as written in its pack ("{placeholders}" and all): the same for every case.
std::string generic_help(const Rule& rule) {
  std::string help = "Fix:";
  for (std::size_t i = 0; i < rule.fix.size(); ++i) help += "\n" + std::to_string(i + 1) + ". " + rule.fix[i];
  return help;
}

const char* level_of(Severity s) {
  return s == Severity::error ? "error" : s == Severity::warning ? "warning" : "note";
}

// An artifactLocation: relative to SRCROOT inside the project, an absolute file:// URI outside it.
json artifact(const std::string& path, const std::string& project_dir) {
  const ProjectPath p = project_path(path, project_dir);
  if (p.inside && !p.absolute.empty()) return {{"uri", path_to_uri(p.relative)}, {"uriBaseId", kBaseId}};
  if (!p.absolute.empty()) return {{"uri", file_uri(p.absolute)}};
  return {{"uri", path_to_uri(p.inside ? p.relative : path)}};  // no project directory known
}

json rule_json(const Rule& rule) {
  json out = {{"id", rule.id}};
  if (const std::string name = pascal_case(rule.id); name != rule.id) out["name"] = name;
  out["shortDescription"] = {{"text", rule.title}};
  out["fullDescription"] = {{"text", rule.cause}};
  out["help"] = {{"text", generic_help(rule)}};
  if (!rule.references.empty()) out["helpUri"] = rule.references.front();
  out["defaultConfiguration"] = {{"level", level_of(rule.severity)}};
  return out;
}

json result_json(const Diagnosis& d, std::size_t rule_index, const Result& result, const std::string& project_dir) {
  const AnnotationLocation loc = annotation_location(d, result);
  json region = {{"startLine", std::max<std::size_t>(loc.line, 1)}};
  if (loc.column > 0) region["startColumn"] = loc.column;
  if (loc.evidence) region["snippet"] = {{"text", loc.evidence->text}};
  return {{"ruleId", d.rule->id},
          {"ruleIndex", rule_index},
          {"level", level_of(d.severity)},
          {"message", {{"text", d.rule->title + ". " + d.cause}}},
          {"locations", json::array({{{"physicalLocation",
                                       {{"artifactLocation", artifact(loc.path, project_dir)}, {"region", region}}}}})},
          {"rank", std::round(d.score * 1000.0) / 10.0},
          {"partialFingerprints", {{"kdiagCause/v1", fingerprint(d)}}}};
}

// The run's invocation: successful only when every input was read. Unread inputs are error
// notifications naming the input; the result's notes (cut lines, decoding...) are notes.
json invocation_json(const Result& result, const std::string& project_dir) {
  json notifications = json::array();
  for (const auto& u : result.unread) {
    const std::string path = u.name == "<stdin>" ? "stdin" : u.name;
    notifications.push_back(
        {{"level", "error"},
         {"message", {{"text", "kdiag could not read " + u.name + ": " + u.error + "."}}},
         {"locations", json::array({{{"physicalLocation", {{"artifactLocation", artifact(path, project_dir)}}}}})}});
  }
  for (const auto& note : result.notes) notifications.push_back({{"level", "note"}, {"message", {{"text", note}}}});
  json invocation = {{"executionSuccessful", result.unread.empty()}};
  if (!notifications.empty()) invocation["toolExecutionNotifications"] = std::move(notifications);
  return invocation;
}

}  // namespace

void render_sarif(const Result& result, const RenderOptions& options, std::ostream& out) {
  json rules = json::array();
  json results = json::array();
  std::map<std::string, std::size_t> rule_index;
  std::size_t shown = 0;
  for (const auto& d : result.diagnoses) {
    if (options.top && shown++ >= options.top) break;
    auto [it, fresh] = rule_index.emplace(d.rule->id, rules.size());
    if (fresh) rules.push_back(rule_json(*d.rule));
    results.push_back(result_json(d, it->second, result, options.project_dir));
  }
  json driver = {
      {"name", "kdiag"}, {"version", options.version}, {"informationUri", kInformationUri}, {"rules", rules}};
  json run = {{"tool", {{"driver", std::move(driver)}}},
              {"invocations", json::array({invocation_json(result, options.project_dir)})}};
  if (!options.project_dir.empty() && options.project_dir.front() == '/') {
    std::string root = file_uri(project_path(".", options.project_dir).absolute);
    if (root.back() != '/') root += '/';
    run["originalUriBaseIds"] = {{kBaseId, {{"uri", root}}}};
  }
  run["results"] = std::move(results);
  json doc = {{"$schema", "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"},
              {"version", "2.1.0"},
              {"runs", json::array({std::move(run)})}};
  out << doc.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
}

}  // namespace kdiag
