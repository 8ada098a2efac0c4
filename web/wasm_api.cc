// The engine for the browser (and Node). Two ways in:
//   diagnose(text, options)  one whole text; returns the same JSON document as `kdiag --format json`.
//   new Run(options) ... begin(name), feed(bytes), end(), finish()  the same, streamed: the page
//     feeds a log in chunks (progress between them, cancel by dropping the Run), and several
//     files as one story, in order, exactly as `kdiag a.log b.log` reads them.
//   load_rules(bytes) / compile_rules()  the knowledge base from / to its compiled form.
// The whole module has the built-in packs compiled in, as the CLI has; the page's module
// (-DKDIAG_WASM_PAGE) has none and takes them from load_rules.
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>

#include <emscripten/bind.h>
#include <nlohmann/json.hpp>

#include "kdiag.h"

namespace {

// The knowledge base, built once per module instance (the page's worker holds one) and shared by
// every run; each run has its own Session (kdiag.h: per-run scratch belongs to it). The page
// loads it from the compiled form (load_rules: kdiag_rules.bin, written at build time by
// compile_rules) because parsing the packs' YAML in wasm takes most of a cold start; without
// that, the built-in packs are parsed on first use, as before.
std::unique_ptr<kdiag::Engine>& engine_slot() {
  static std::unique_ptr<kdiag::Engine> slot;
  return slot;
}

#ifdef KDIAG_WASM_PAGE
// The page's build (web/build-wasm.sh): the knowledge base comes only from load_rules, so
// nothing references the built-in YAML packs or the YAML loader, and the linker leaves them
// (and yaml-cpp) out: a third of the module.
const kdiag::Engine& engine() {
  auto& slot = engine_slot();
  if (!slot) throw std::runtime_error("no rules loaded: call load_rules(kdiag_rules.bin) first");
  return *slot;
}
#else
const kdiag::Engine& engine() {
  auto& slot = engine_slot();
  if (!slot) slot = std::make_unique<kdiag::Engine>(kdiag::builtin_rules());
  return *slot;
}

// The built-in rule set in the compiled form (rules/serialize.h), as a view the caller copies.
emscripten::val compile_rules() {
  static std::string compiled;
  compiled = kdiag::serialize_rules(engine().rules());
  return emscripten::val(emscripten::typed_memory_view(compiled.size(), compiled.data()));
}
#endif

// Makes the engine from a compiled rule set (a Uint8Array); "" when it loaded, else why not (and
// the built-in packs stay in use). Call before the first run.
std::string load_rules(const std::string& compiled) {
  kdiag::Outcome<kdiag::RuleSet> rules = kdiag::deserialize_rules(compiled);
  if (!rules.ok()) return rules.errors.front();
  engine_slot() = std::make_unique<kdiag::Engine>(std::move(rules.value));
  return "";
}

// The options a call passes as JSON; anything but an object counts as no options.
nlohmann::json options_object(const std::string& options_json) {
  nlohmann::json options = nlohmann::json::parse(options_json.empty() ? "{}" : options_json, nullptr, false);
  return options.is_discarded() || !options.is_object() ? nlohmann::json::object() : options;
}

// options: {"top": 0, "explain": false}
kdiag::RenderOptions render_options(const nlohmann::json& options) {
  kdiag::RenderOptions render;
  render.top = options.value("top", 5);
  render.explain = options.value("explain", false);
  render.version = std::string(kdiag::kVersion);
  return render;
}

std::string to_json(const kdiag::Result& result, const kdiag::RenderOptions& render) {
  std::ostringstream out;
  kdiag::render_json(result, render, out);
  return out.str();
}

// options: {"name": "paste", "top": 5, "explain": false}
std::string diagnose(const std::string& text, const std::string& options_json) {
  const nlohmann::json options = options_object(options_json);
  return to_json(engine().diagnose_text(options.value("name", std::string("paste")), text), render_options(options));
}

// One streamed diagnosis. The bytes cross from JS as a Uint8Array, copied once into the wasm heap,
// so a 1 MiB chunk costs one memcpy; the Session reads them unchanged, CR progress lines included,
// which keeps line numbers equal to the CLI's.
class Run {
 public:
  explicit Run(const std::string& options_json)
      : render_(render_options(options_object(options_json))), session_(engine()) {}

  // Whether the input was taken; past EngineOptions::max_inputs it is skipped and noted, as the
  // CLI does.
  bool begin(const std::string& name) {
    if (!session_.accepts_input()) {
      session_.skip_input(name);
      return false;
    }
    session_.begin_input(name);
    return true;
  }
  // bytes: a Uint8Array (embind copies it into the wasm heap once).
  void feed(const std::string& bytes) { session_.feed(bytes); }
  void end() { session_.end_input(); }
  std::string finish() { return to_json(session_.finish(), render_); }

 private:
  kdiag::RenderOptions render_;
  kdiag::Session session_;
};

std::string rules_json() {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& r : engine().rules().rules) {
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
#ifndef KDIAG_WASM_PAGE
  emscripten::function("compile_rules", &compile_rules);
#endif
  emscripten::function("load_rules", &load_rules);
  emscripten::class_<Run>("Run")
      .constructor<std::string>()
      .function("begin", &Run::begin)
      .function("feed", &Run::feed)
      .function("end", &Run::end)
      .function("finish", &Run::finish);
}
