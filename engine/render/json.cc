// --format json: one object, with names that scripts and CI integrations rely on:
// {"kdiag", "inputs": [{name, lines, bytes}], "diagnoses": [{id, title, severity, score, cause,
//  fix, references, evidence: [{input, line, text}]}]}, diagnoses best first.
#include <cmath>

#include <nlohmann/json.hpp>

#include "render/json_document.h"
#include "render/renderer.h"

namespace kdiag {
namespace {

using json = nlohmann::ordered_json;

double rounded(double score) { return std::round(score * 1000.0) / 1000.0; }

json diagnosis_json(const Diagnosis& d, const Result& result, bool explain) {
  json evidence = json::array();
  for (const auto& e : d.evidence) {
    json line = {{"input", result.inputs[e.input].name}, {"line", e.line}, {"text", e.text}};
    if (!e.file.empty()) {
      line["file"] = e.file;
      if (e.file_line > 0) line["file_line"] = e.file_line;
      if (e.file_col > 0) line["file_col"] = e.file_col;
    }
    evidence.push_back(std::move(line));
  }
  json out = {{"id", d.rule->id},
              {"title", d.rule->title},
              {"severity", std::string(severity_name(d.severity))},
              {"score", rounded(d.score)},
              {"cause", d.cause},
              {"fix", d.fix},
              {"references", d.rule->references},
              {"evidence", std::move(evidence)}};
  if (!d.captures.empty()) {
    json captures = json::object();
    for (const auto& [k, v] : d.captures) captures[k] = v;
    out["captures"] = std::move(captures);
  }
  if (explain) {
    out["signatures_hit"] = d.signatures_hit;
    if (!d.suppressed_by.empty()) out["suppressed_by"] = d.suppressed_by;
  }
  return out;
}

}  // namespace

nlohmann::ordered_json json_document(const Result& result, const RenderOptions& options) {
  json doc;
  doc["kdiag"] = options.version;
  json inputs = json::array();
  for (const auto& in : result.inputs) inputs.push_back({{"name", in.name}, {"lines", in.lines}, {"bytes", in.bytes}});
  doc["inputs"] = std::move(inputs);
  json diagnoses = json::array();
  std::size_t shown = 0;
  for (const auto& d : result.diagnoses) {
    if (options.top && shown++ >= options.top) break;
    diagnoses.push_back(diagnosis_json(d, result, options.explain));
  }
  doc["diagnoses"] = std::move(diagnoses);
  if (!result.notes.empty()) doc["notes"] = result.notes;
  if (options.explain) {
    json suppressed = json::array(), near = json::array();
    for (const auto& d : result.suppressed) suppressed.push_back(diagnosis_json(d, result, true));
    for (const auto& d : result.near_misses) near.push_back(diagnosis_json(d, result, true));
    doc["explain"] = {{"margin", rounded(result.margin)}, {"suppressed", suppressed}, {"near_misses", near}};
  }
  return doc;
}

void render_json(const Result& result, const RenderOptions& options, std::ostream& out) {
  const json doc = json_document(result, options);
  // Invalid UTF-8 cannot reach here (the reader repairs it), but never let a dump throw.
  out << doc.dump(2, ' ', false, json::error_handler_t::replace) << '\n';
}

}  // namespace kdiag
