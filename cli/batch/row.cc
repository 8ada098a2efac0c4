#include "batch/row.h"

#include "batch/excerpt.h"
#include "batch/log_source.h"
#include "batch/verdict.h"
#include "kdiag.h"

namespace kdiag::cli {
namespace {

using json = nlohmann::ordered_json;

// Log text reaches the row only through nlohmann's dump, which escapes every control character;
// invalid UTF-8 (the reader repairs it, but never let a dump throw) is replaced.
std::string dump(const json& row) { return row.dump(-1, ' ', false, json::error_handler_t::replace); }

Row error_row(const std::string& path, const std::string& error) {
  return {dump(json{{"path", path}, {"error", error}}), false};
}

}  // namespace

Row diagnose_row(const Engine& engine, const BatchInput& input, const RenderOptions& options) {
  if (!input.error.empty()) return error_row(input.path, input.error);
  Session session(engine);
  session.begin_input(input.path);
  std::string error;
  const bool ok = read_log_bytes(
      input.path, [&](std::string_view bytes) { session.feed(bytes); }, error);
  session.end_input();
  // A log that fails part-way (a truncated .gz) is an error row too: its diagnosis would be of a
  // part of the log, and the batch's exit status must say that something was not read.
  if (!ok) return error_row(input.path, error);
  const Result result = session.finish();

  json row;
  row["path"] = input.path;
  json doc = json_document(result, options);
  for (auto& [key, value] : doc.items()) row[key] = std::move(value);
  row["verdict"] = std::string(verdict_of(result));
  json& diagnoses = row["diagnoses"];
  if (!diagnoses.empty()) {
    const auto excerpts =
        collect_excerpts(result, diagnoses.size(), engine.options().max_line_bytes,
                         [&](const ByteSink& sink, std::string& err) { return read_log_bytes(input.path, sink, err); });
    for (std::size_t i = 0; i < excerpts.size(); ++i) {
      json lines = json::array();
      for (const auto& l : excerpts[i]) lines.push_back({{"line", l.line}, {"text", l.text}, {"evidence", l.evidence}});
      diagnoses[i]["excerpt"] = std::move(lines);
    }
  }
  return {dump(row), true, result.inputs.empty() ? 0 : result.inputs[0].bytes};
}

}  // namespace kdiag::cli
