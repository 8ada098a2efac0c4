// kdiag explain ID: the whole text of one rule, for a person who saw its id in kdiag's output
// or in a CI annotation and wants to know what it means, how it is recognised, and how to fix it.
#include <iostream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "kdiag.h"

namespace kdiag::cli {
namespace {

// Examples are log excerpts: shown verbatim, each line behind a bar so that blank lines and
// leading spaces stay visible.
std::string quote(const std::string& text, std::size_t indent) {
  std::string out;
  const std::string pad(indent, ' ');
  std::size_t i = 0;
  std::string body = text;
  while (!body.empty() && body.back() == '\n') body.pop_back();
  while (i <= body.size()) {
    const std::size_t nl = body.find('\n', i);
    const std::size_t end = nl == std::string::npos ? body.size() : nl;
    out += pad + "| " + body.substr(i, end - i) + "\n";
    if (nl == std::string::npos) break;
    i = nl + 1;
  }
  return out;
}

std::string where(const SourceMark& mark) {
  return mark.line > 0 ? fmt::format("{}:{}", mark.file, mark.line) : mark.file;
}

void explain_text(const Rule& r, std::ostream& out) {
  out << fmt::format("{}  ({})\n", r.id, severity_name(r.severity));
  out << wrap_text(r.title, 2);
  out << fmt::format("\nPack        {} ({})\n", r.pack, where(r.mark));
  out << "\nCause\n" << wrap_text(r.cause, 2);
  out << "\nFix\n";
  for (std::size_t i = 0; i < r.fix.size(); ++i) {
    const std::string body = wrap_text(r.fix[i], 5);
    out << fmt::format("  {}.", i + 1) << body.substr(std::min<std::size_t>(body.size(), 4));
  }
  if (!r.references.empty()) {
    out << "\nReferences\n";
    for (const auto& ref : r.references) out << "  " << ref << "\n";
  }
  out << "\nSignatures\n";
  for (const auto& s : r.signatures) {
    std::string scope;
    if (!s.dialect.empty()) scope += "dialect " + s.dialect;
    if (!s.kind.empty()) scope += (scope.empty() ? "" : ", ") + std::string("kind ") + s.kind;
    scope += (scope.empty() ? "" : ", ") + std::string("field ") + s.field;
    out << fmt::format("  {}  weight {:.2f}  {}  ({})\n", s.name, s.weight, scope, where(s.mark));
    out << "    " << s.pattern << "\n";
  }
  out << "\nCondition   " << (r.condition_text.empty() ? "any signature" : r.condition_text) << "\n";
  if (!r.suppresses.empty()) {
    out << "Suppresses  ";
    for (std::size_t i = 0; i < r.suppresses.size(); ++i) {
      out << (i ? ", " : "") << r.suppresses[i];
      if (i < r.suppress_when.size() && !r.suppress_when[i].empty()) out << " (when " << r.suppress_when[i] << ")";
    }
    out << "\n";
  }
  out << "\nExamples that fire it (match)\n";
  for (const auto& e : r.match_examples) out << quote(e, 2) << "\n";
  out << "Examples that must not fire it (no_match)\n";
  for (const auto& e : r.no_match_examples) out << quote(e, 2) << "\n";
}

nlohmann::json source_json(const SourceMark& mark) { return {{"file", mark.file}, {"line", mark.line}}; }

void explain_json(const Rule& r, std::ostream& out) {
  nlohmann::json signatures = nlohmann::json::array();
  for (const auto& s : r.signatures) {
    signatures.push_back({{"name", s.name},
                          {"pattern", s.pattern},
                          {"dialect", s.dialect},
                          {"kind", s.kind},
                          {"field", s.field},
                          {"weight", s.weight},
                          {"source", source_json(s.mark)}});
  }
  const nlohmann::json rule = {
      {"id", r.id},
      {"title", r.title},
      {"severity", std::string(severity_name(r.severity))},
      {"pack", r.pack},
      {"source", source_json(r.mark)},
      {"cause", r.cause},
      {"fix", r.fix},
      {"references", r.references},
      {"signatures", signatures},
      {"condition", r.condition_text},
      {"suppresses", r.suppresses},
      {"examples", {{"match", r.match_examples}, {"no_match", r.no_match_examples}}},
  };
  out << rule.dump(2) << "\n";
}

}  // namespace

int run_explain(const KnowledgeOptions& knowledge, const std::string& id, const std::string& format) {
  RuleSet rules;
  if (!load_knowledge(knowledge, rules)) return kExitError;
  const Rule* rule = rules.find(id);
  if (!rule) {
    std::vector<std::string> ids;
    for (const auto& r : rules.rules) ids.push_back(r.id);
    std::cerr << "kdiag explain: no rule '" << id << "'";
    const std::string guess = closest_word(id, ids);
    if (!guess.empty()) std::cerr << "; did you mean '" << guess << "'?";
    std::cerr << "\n(kdiag rules list shows every rule id)\n";
    return kExitError;
  }
  if (format == "json") explain_json(*rule, std::cout);
  else {
    // A pack's text (a --rules pack may be anyone's) is shown, never obeyed by the terminal.
    std::ostringstream text;
    explain_text(*rule, text);
    std::cout << terminal_safe(text.str(), true);
  }
  return kExitOk;
}

}  // namespace kdiag::cli
