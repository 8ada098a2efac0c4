#include "entries.h"

#include <cstdlib>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "kdiag.h"
#include "rules/condition.h"  // the condition target fuzzes the parser itself, below the front door

namespace kdiag::fuzz {

void require(bool ok) {
  if (!ok) std::abort();
}

namespace {

const Engine& engine_with(std::size_t max_line_bytes) {
  static const RuleSet rules = builtin_rules();
  static std::map<std::size_t, std::unique_ptr<Engine>> engines;
  auto& e = engines[max_line_bytes];
  if (!e) e = std::make_unique<Engine>(rules, EngineOptions{max_line_bytes});
  return *e;
}

// Every format, twice: as the web page renders (no project directory), and as the CLI in a CI job
// does (a project directory, one input that could not be read). The JSON formats must stay valid
// JSON whatever the log held (numbers of any size included); github's lines are all commands.
void render_all(const Result& result) {
  RenderOptions options;
  options.top = 0;
  options.explain = true;
  options.version = "fuzz";
  Result incomplete = result;
  incomplete.unread.push_back({"missing dir/build.log", "No such file or directory"});
  for (const Result* r : {&result, static_cast<const Result*>(&incomplete)}) {
    for (const auto format : format_names()) {
      std::ostringstream out;
      require(render(format, *r, options, out));
      if (format == "json" || format == "gitlab" || format == "sarif") require(nlohmann::json::accept(out.str()));
      if (format == "github") {
        std::istringstream lines(out.str());
        for (std::string line; std::getline(lines, line);) require(line.rfind("::", 0) == 0);
      }
    }
    std::ostringstream summary;
    render_markdown_summary(*r, options, summary);
    options.project_dir = "/home/u/src/linux";
  }
}

}  // namespace

int session_one_input(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const unsigned control = data[0];
  const std::string_view log(reinterpret_cast<const char*>(data + 1), size - 1);
  // Low 5 bits: chunk size (0 = everything at once); bit 5: a 64-byte line cap.
  const std::size_t chunk = (control & 0x1F) == 0 ? log.size() + 1 : (control & 0x1F);
  const Engine& engine = engine_with((control & 0x20) ? 64 : 64 * 1024);
  Session session(engine);
  session.begin_input("fuzz.log");
  for (std::size_t at = 0; at < log.size(); at += chunk) session.feed(log.substr(at, chunk));
  session.end_input();
  const Result result = session.finish();
  require(result.inputs.size() == 1 && result.inputs[0].bytes == log.size());
  render_all(result);
  return 0;
}

int loader_one_input(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const LoadResult loaded = load_packs({{"fuzz.yaml", text}});
  if (!loaded.ok()) {
    // Refused whole, and every error says where: "fuzz.yaml..." first.
    require(loaded.rules.rules.empty());
    for (const auto& e : loaded.errors) require(e.rfind("fuzz.yaml", 0) == 0);
    return 0;
  }
  std::size_t signatures = 0;
  for (const auto& rule : loaded.rules.rules) signatures += rule.signatures.size();
  if (signatures == 0 || signatures > 64) return 0;  // compiling big sets is slow, not interesting
  const Engine engine(loaded.rules);
  for (const auto& rule : engine.rules().rules) {
    for (const auto& example : rule.match_examples) render_all(engine.diagnose_text("example", example));
    for (const auto& example : rule.no_match_examples) engine.diagnose_text("example", example);
  }
  return 0;
}

int condition_one_input(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::string error;
  const ConditionPtr c = parse_condition(text, error);
  if (!c) {
    require(!error.empty());
    return 0;
  }
  const std::string printed = to_string(*c);
  std::string error2;
  const ConditionPtr again = parse_condition(printed, error2);
  require(again && to_string(*again) == printed);
  std::vector<std::string> names;
  condition_names(*c, names);
  require(!names.empty());
  satisfiable(*c);
  // Facts for each name from a hash of it and the input, so evaluation sees varied inputs.
  std::map<std::string, SignatureFacts> facts;
  std::size_t seed = std::hash<std::string>{}(text);
  for (const auto& n : names) {
    const std::size_t h = std::hash<std::string>{}(n) ^ seed;
    SignatureFacts f;
    f.count = h % 4;
    f.first_ordinal = (h >> 4) % 16;
    f.last_ordinal = f.first_ordinal + (h >> 8) % 16;
    f.lines_after_last = (h >> 12) % 4;
    facts[n] = f;
  }
  struct Lookup {
    const std::map<std::string, SignatureFacts>& facts;
    std::size_t seed;
    const SignatureFacts& operator()(const std::string& n) const { return facts.at(n); }
    bool within(const std::string& a, const std::string& b, std::size_t lines, const std::string&) const {
      return facts.at(a).count > 0 && facts.at(b).count > 0 && (seed + lines) % 2 == 0;
    }
    // version(): a version string that depends on the seed, so both outcomes are exercised.
    const std::string* capture(const std::string& sig, const std::string&) const {
      static thread_local std::string value;
      if (facts.at(sig).count == 0) return nullptr;
      value = std::to_string(seed % 7) + "." + std::to_string(seed % 23);
      return &value;
    }
  };
  evaluate(*c, Lookup{facts, seed});
  return 0;
}

}  // namespace kdiag::fuzz
