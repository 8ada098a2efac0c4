// The engine for the browser (and Node): diagnose(text, options) returns the same JSON document
// as `kdiag --format json`. The built-in packs are compiled in, as in the CLI.
#include <sstream>
#include <string>

#include <emscripten/bind.h>
#include <nlohmann/json.hpp>

#include "engine.h"
#include "render/renderer.h"

namespace {

// Built once per module instance; a knowledge base that does not load is reported per call.
struct Loaded {
  std::unique_ptr<kdiag::Engine> engine;
  std::string error;
};

const Loaded& loaded() {
  static const Loaded instance = [] {
    Loaded l;
    l.engine = std::make_unique<kdiag::Engine>(kdiag::builtin_rules());
    return l;
  }();
  return instance;
}

// options: {"name": "paste", "top": 5, "explain": false}
std::string diagnose(const std::string& text, const std::string& options_json) {
  const Loaded& l = loaded();
  if (!l.engine) return nlohmann::json{{"error", "rule packs did not load: " + l.error}}.dump();
  nlohmann::json options = nlohmann::json::parse(options_json.empty() ? "{}" : options_json, nullptr, false);
  if (options.is_discarded() || !options.is_object()) options = nlohmann::json::object();
  kdiag::RenderOptions render;
  render.top = options.value("top", 5);
  render.explain = options.value("explain", false);
  render.version = std::string(kdiag::kVersion);
  const kdiag::Result result = l.engine->diagnose_text(options.value("name", std::string("paste")), text);
  std::ostringstream out;
  kdiag::render_json(result, render, out);
  return out.str();
}

std::string rules_json() {
  const Loaded& l = loaded();
  nlohmann::json out = nlohmann::json::array();
  if (!l.engine) return out.dump();
  for (const auto& r : l.engine->rules().rules) {
    out.push_back({{"id", r.id}, {"title", r.title}, {"severity", std::string(kdiag::severity_name(r.severity))}});
  }
  return out.dump();
}

std::string version() { return std::string(kdiag::kVersion); }

}  // namespace

EMSCRIPTEN_BINDINGS(kdiag) {
  emscripten::function("diagnose", &diagnose);
  emscripten::function("rules", &rules_json);
  emscripten::function("version", &version);
}
