#include "rules/loader.h"

#include "dialects/dialects.h"

#include <algorithm>
#include <filesystem>
#include <functional>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <re2/re2.h>
#include <yaml-cpp/yaml.h>

#include "reader/normalize.h"
#include "reader/regular_file.h"
#include "rules/literals.h"
#include "rules/fragments.h"
#include "rules/pattern_options.h"

namespace kdiag {
namespace {

const std::vector<std::string> kPackFields = {"pack", "description", "signatures", "rules"};
const std::vector<std::string> kRuleFields = {"id",         "title",      "severity",  "cause",      "fix",
                                              "references", "signatures", "condition", "suppresses", "demote",
                                              "scope",      "examples",   "notes"};
const std::vector<std::string> kDemoteFields = {"when", "because"};
const std::vector<std::string> kSignatureFields = {"name", "pattern", "dialect", "kind", "field", "weight"};
// A rule's use of a signature the pack shares: {use: NAME}, optionally its own name and weight.
const std::vector<std::string> kUseFields = {"use", "name", "weight"};
const std::vector<std::string> kExampleFields = {"match", "no_match"};
// infra: the lab, not the kernel, failed (boot loader, power control, network, a cancelled job):
// kdiag batch's verdict says "infrastructure" when such a cause is the diagnosis.
const std::vector<std::string> kDomains = {"rust", "kbuild", "module", "initramfs", "boot", "kernel", "infra"};

// Collects errors for one pack, each placed at a YAML node.
class Reporter {
 public:
  Reporter(const std::string& file, std::vector<std::string>& errors) : file_(file), errors_(errors) {}
  void at(const YAML::Node& node, const std::string& rule_id, const std::string& message) {
    SourceMark mark = mark_of(node);
    std::string line = mark.str() + ": ";
    if (!rule_id.empty()) line += "rule '" + rule_id + "': ";
    errors_.push_back(line + message);
  }
  SourceMark mark_of(const YAML::Node& node) const {
    SourceMark mark{file_, 0, 0};
    if (node.IsDefined() && node.Mark().line >= 0) {
      mark.line = node.Mark().line + 1;
      mark.col = node.Mark().column + 1;
    }
    return mark;
  }
  std::size_t count() const { return errors_.size(); }

 private:
  std::string file_;
  std::vector<std::string>& errors_;
};

void check_fields(Reporter& report, const YAML::Node& map, const std::vector<std::string>& allowed,
                  const std::string& rule_id, const std::string& what) {
  for (const auto& kv : map) {
    const std::string key = kv.first.Scalar();
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    std::string message = "unknown field '" + key + "' in " + what;
    const std::string guess = closest_word(key, allowed);
    if (!guess.empty()) message += " (did you mean '" + guess + "'?)";
    report.at(kv.first, rule_id, message);
  }
}

// Reads a scalar string field; empty optional fields stay "".
bool read_string(Reporter& report, const YAML::Node& map, const char* key, const std::string& rule_id, bool required,
                 std::string& out, const YAML::Node& owner) {
  const YAML::Node node = map[key];
  if (!node.IsDefined() || node.IsNull()) {
    if (required) report.at(owner, rule_id, std::string("missing required field '") + key + "'");
    return !required;
  }
  if (!node.IsScalar()) {
    report.at(node, rule_id, std::string("field '") + key + "' must be a string");
    return false;
  }
  out = node.Scalar();
  // Folded YAML scalars (>) end in a newline that no renderer wants.
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  if (required && out.find_first_not_of(" \t\n") == std::string::npos) {
    report.at(node, rule_id, std::string("field '") + key + "' must not be empty");
    return false;
  }
  return true;
}

bool read_string_list(Reporter& report, const YAML::Node& map, const char* key, const std::string& rule_id,
                      bool required, std::vector<std::string>& out, const YAML::Node& owner) {
  const YAML::Node node = map[key];
  if (!node.IsDefined() || node.IsNull()) {
    if (required) report.at(owner, rule_id, std::string("missing required field '") + key + "'");
    return !required;
  }
  if (!node.IsSequence()) {
    report.at(node, rule_id, std::string("field '") + key + "' must be a list of strings");
    return false;
  }
  bool ok = true;
  for (const auto& item : node) {
    if (!item.IsScalar()) {
      report.at(item, rule_id, std::string("every entry of '") + key + "' must be a string");
      ok = false;
      continue;
    }
    out.push_back(item.Scalar());
  }
  if (required && out.empty()) {
    report.at(node, rule_id, std::string("field '") + key + "' must not be empty");
    ok = false;
  }
  return ok;
}

bool valid_id(const std::string& id) {
  // RE2, as everywhere else in kdiag: one regex engine, linear whatever the input.
  static const RE2 shape("([a-z0-9]+)\\.[a-z0-9][a-z0-9-]*");
  std::string domain;
  if (!RE2::FullMatch(id, shape, &domain)) return false;
  return std::find(kDomains.begin(), kDomains.end(), domain) != kDomains.end();
}

// The pack's top-level `signatures`, by name, each loaded (validated, compiled, its literals and
// capture names found) once: patterns several of its rules read the same way (the kernel came up,
// the boot reached a login prompt). Rules take copies with {use: NAME}.
using SharedSignatures = std::map<std::string, Signature>;

bool read_weight(Reporter& report, const YAML::Node& node, const std::string& rule_id, const std::string& sig_name,
                 double& weight) {
  try {
    weight = node.as<double>();
    if (weight >= 0.0 && weight <= 1.0) return true;
    report.at(node, rule_id, "signature '" + sig_name + "': weight must be in [0, 1]");
  } catch (const YAML::Exception&) {
    report.at(node, rule_id, "signature '" + sig_name + "': weight must be a number");
  }
  return false;
}

// {use: NAME, name: LOCAL, weight: W}: the shared signature as if written here, under its own
// name or LOCAL, with its weight or W. Its mark stays at its definition.
void use_shared_signature(Reporter& report, const YAML::Node& node, Rule& rule, std::set<std::string>& names,
                          const SharedSignatures& shared) {
  check_fields(report, node, kUseFields, rule.id, "signature");
  std::string use;
  if (!read_string(report, node, "use", rule.id, true, use, node) || use.empty()) return;
  const auto found = shared.find(use);
  if (found == shared.end()) {
    std::vector<std::string> known;
    for (const auto& [name, _] : shared) known.push_back(name);
    std::string message = "signature 'use: " + use + "': the pack's top-level 'signatures' has no '" + use + "'";
    const std::string guess = closest_word(use, known);
    if (!guess.empty()) message += " (did you mean '" + guess + "'?)";
    report.at(node["use"], rule.id, message);
    return;
  }
  Signature sig = found->second;
  std::string local;
  if (read_string(report, node, "name", rule.id, false, local, node) && !local.empty()) sig.name = local;
  if (node["weight"].IsDefined()) read_weight(report, node["weight"], rule.id, sig.name, sig.weight);
  if (!names.insert(sig.name).second) report.at(node, rule.id, "duplicate signature name '" + sig.name + "'");
  rule.signatures.push_back(std::move(sig));
}

void load_signature(Reporter& report, const YAML::Node& node, Rule& rule, std::set<std::string>& names) {
  if (!node.IsMap()) {
    report.at(node, rule.id, "every signature must be a mapping with 'name' and 'pattern'");
    return;
  }
  check_fields(report, node, kSignatureFields, rule.id, "signature");
  Signature sig;
  sig.mark = report.mark_of(node);
  read_string(report, node, "name", rule.id, true, sig.name, node);
  read_string(report, node, "pattern", rule.id, true, sig.pattern, node);
  if (!sig.pattern.empty()) {
    std::vector<std::string> unknown;
    sig.pattern = expand_fragments(sig.pattern, &unknown);
    for (const auto& name : unknown) {
      std::string known;
      for (const auto& f : pattern_fragments()) known += (known.empty() ? "{" : ", {") + std::string(f.name) + "}";
      report.at(node["pattern"], rule.id,
                "signature '" + sig.name + "': unknown fragment {" + name + "} (known: " + known + ")");
    }
  }
  read_string(report, node, "dialect", rule.id, false, sig.dialect, node);
  read_string(report, node, "kind", rule.id, false, sig.kind, node);
  std::string field;
  if (read_string(report, node, "field", rule.id, false, field, node) && !field.empty()) sig.field = field;
  if (node["weight"].IsDefined()) read_weight(report, node["weight"], rule.id, sig.name, sig.weight);
  if (!sig.name.empty() && !names.insert(sig.name).second) {
    report.at(node, rule.id, "duplicate signature name '" + sig.name + "'");
  }
  if (!sig.dialect.empty()) {
    const auto& known = known_dialects();
    if (std::find(known.begin(), known.end(), sig.dialect) == known.end()) {
      std::vector<std::string> names_list(known.begin(), known.end());
      std::string message = "signature '" + sig.name + "': unknown dialect '" + sig.dialect + "'";
      const std::string guess = closest_word(sig.dialect, names_list);
      if (!guess.empty()) message += " (did you mean '" + guess + "'?)";
      report.at(node["dialect"], rule.id, message);
    }
  }
  if (!sig.kind.empty() && (sig.dialect.empty() || find_dialect(sig.dialect)) && !known_kind(sig.dialect, sig.kind)) {
    std::vector<std::string> kinds;
    for (const auto& d : dialect_table()) {
      if (!sig.dialect.empty() && d.name != sig.dialect) continue;
      for (const auto& k : d.kinds) kinds.emplace_back(k);
    }
    std::string message = "signature '" + sig.name + "': unknown kind '" + sig.kind + "'" +
                          (sig.dialect.empty() ? "" : " for dialect '" + sig.dialect + "'");
    const std::string guess = closest_word(sig.kind, kinds);
    if (!guess.empty()) message += " (did you mean '" + guess + "'?)";
    report.at(node["kind"], rule.id, message);
  }
  {
    const auto& known = known_fields();
    if (std::find(known.begin(), known.end(), sig.field) == known.end()) {
      std::vector<std::string> names_list(known.begin(), known.end());
      std::string message = "signature '" + sig.name + "': unknown field '" + sig.field + "'";
      const std::string guess = closest_word(sig.field, names_list);
      if (!guess.empty()) message += " (did you mean '" + guess + "'?)";
      report.at(node["field"], rule.id, message);
    }
  }
  if (!sig.pattern.empty()) {
    // Compiled as the matcher compiles it (its memory budget too), so what loads also runs.
    RE2 re(sig.pattern, signature_pattern_options());
    if (!re.ok()) {
      report.at(node["pattern"], rule.id, "signature '" + sig.name + "': pattern does not compile: " + re.error());
    } else {
      sig.literals = required_literals(sig.pattern);
      for (const auto& [name, _] : re.NamedCapturingGroups()) sig.capture_names.push_back(name);
    }
  }
  rule.signatures.push_back(std::move(sig));
}

// fix: a list of steps; a step is a string, or {step: "...", when: "<condition>"} for a step that
// only applies when the evidence says so (e.g. a kernel version the log revealed).
void read_fix(Reporter& report, const YAML::Node& node, Rule& rule) {
  const YAML::Node fix = node["fix"];
  if (!fix.IsDefined() || !fix.IsSequence() || fix.size() == 0) {
    report.at(fix.IsDefined() ? fix : node, rule.id, "'fix' must be a non-empty list of steps");
    return;
  }
  for (const auto& item : fix) {
    if (item.IsScalar()) {
      rule.fix.push_back(item.Scalar());
      rule.fix_when.emplace_back();
      continue;
    }
    if (item.IsMap() && item["step"].IsDefined() && item["step"].IsScalar()) {
      check_fields(report, item, {"step", "when"}, rule.id, "fix step");
      rule.fix.push_back(item["step"].Scalar());
      rule.fix_when.push_back(item["when"].IsDefined() && item["when"].IsScalar() ? item["when"].Scalar()
                                                                                  : std::string());
      continue;
    }
    report.at(item, rule.id, "every fix step must be a string or a mapping {step: ..., when: ...}");
  }
}

// suppresses: [id, "domain.*", {id: ..., when: CONDITION}]: the mapping form explains the symptom
// only when the condition (on this rule's signatures) holds too.
void read_suppresses(Reporter& report, const YAML::Node& node, Rule& rule) {
  const YAML::Node list = node["suppresses"];
  if (!list.IsDefined()) return;
  if (!list.IsSequence()) {
    report.at(list, rule.id, "'suppresses' must be a list of rule ids or {id: ..., when: ...} mappings");
    return;
  }
  for (const auto& item : list) {
    if (item.IsScalar() && !item.Scalar().empty()) {
      rule.suppresses.push_back(item.Scalar());
      rule.suppress_when.emplace_back();
    } else if (item.IsMap() && item["id"].IsDefined() && item["id"].IsScalar() && item["when"].IsDefined() &&
               item["when"].IsScalar()) {
      check_fields(report, item, {"id", "when"}, rule.id, "suppresses entry");
      rule.suppresses.push_back(item["id"].Scalar());
      rule.suppress_when.push_back(item["when"].Scalar());
    } else {
      report.at(item, rule.id, "every suppresses entry must be a rule id or a mapping {id: ..., when: CONDITION}");
    }
  }
}

// demote: {when: CONDITION, because: TEXT}: the condition is checked like the rule's own.
void read_demote(Reporter& report, const YAML::Node& node, Rule& rule, const std::set<std::string>& names) {
  const YAML::Node demote = node["demote"];
  if (!demote.IsDefined()) return;
  if (!demote.IsMap()) {
    report.at(demote, rule.id, "'demote' must be a map with 'when' (a condition) and 'because' (a sentence)");
    return;
  }
  check_fields(report, demote, kDemoteFields, rule.id, "demote");
  read_string(report, demote, "when", rule.id, true, rule.demote_text, demote);
  read_string(report, demote, "because", rule.id, true, rule.demote_because, demote);
  if (rule.demote_text.empty()) return;
  std::string error;
  rule.demote = parse_condition(rule.demote_text, error);
  if (!rule.demote) {
    report.at(demote["when"], rule.id, error);
    rule.demote_text.clear();
    return;
  }
  std::vector<std::string> used;
  condition_names(*rule.demote, used);
  for (const auto& n : used) {
    if (!names.count(n)) report.at(demote["when"], rule.id, "demote condition names unknown signature '" + n + "'");
  }
}

// The conditions of fix steps and suppresses entries ("" = always) name the rule's own
// signatures, like its condition does; one parsed condition (or nullptr) per text.
std::vector<ConditionPtr> parse_when_list(Reporter& report, const YAML::Node& at, const std::vector<std::string>& whens,
                                          const std::string& rule_id, const std::string& what,
                                          const std::set<std::string>& names) {
  std::vector<ConditionPtr> out;
  for (const auto& when : whens) {
    if (when.empty()) {
      out.push_back(nullptr);
      continue;
    }
    std::string error;
    ConditionPtr c = parse_condition(when, error);
    if (!c) {
      report.at(at, rule_id, what + " condition: " + error);
    } else {
      std::vector<std::string> used;
      condition_names(*c, used);
      for (const auto& n : used) {
        if (!names.count(n)) report.at(at, rule_id, what + " condition names unknown signature '" + n + "'");
      }
    }
    out.push_back(c);
  }
  return out;
}

void load_rule(Reporter& report, const YAML::Node& node, const std::string& pack, const SharedSignatures& shared,
               RuleSet& set) {
  if (!node.IsMap()) {
    report.at(node, "", "every rule must be a mapping");
    return;
  }
  const std::size_t errors_before = report.count();
  Rule rule;
  rule.pack = pack;
  rule.mark = report.mark_of(node);
  read_string(report, node, "id", "", true, rule.id, node);
  if (!rule.id.empty() && !valid_id(rule.id)) {
    report.at(node["id"], rule.id,
              "id must be <domain>.<name> with domain one of rust, kbuild, module, initramfs, boot, kernel, infra");
  }
  check_fields(report, node, kRuleFields, rule.id, "rule");
  read_string(report, node, "title", rule.id, true, rule.title, node);
  std::string severity;
  if (read_string(report, node, "severity", rule.id, true, severity, node) && !severity.empty() &&
      !parse_severity(severity, rule.severity)) {
    report.at(node["severity"], rule.id, "severity must be error, warning or info, not '" + severity + "'");
  }
  read_string(report, node, "cause", rule.id, true, rule.cause, node);
  read_fix(report, node, rule);
  read_string_list(report, node, "references", rule.id, false, rule.references, node);
  read_suppresses(report, node, rule);
  std::string scope;
  if (read_string(report, node, "scope", rule.id, false, scope, node) && !scope.empty()) {
    if (scope == "device") rule.device_scope = true;
    else if (scope != "run")
      report.at(node["scope"], rule.id, "scope must be run (the default) or device, not '" + scope + "'");
  }

  const YAML::Node sigs = node["signatures"];
  std::set<std::string> names;
  if (!sigs.IsDefined() || !sigs.IsSequence() || sigs.size() == 0) {
    report.at(sigs.IsDefined() ? sigs : node, rule.id, "'signatures' must be a non-empty list");
  } else {
    for (const auto& s : sigs) {
      if (s.IsMap() && s["use"].IsDefined()) use_shared_signature(report, s, rule, names, shared);
      else load_signature(report, s, rule, names);
    }
  }

  if (read_string(report, node, "condition", rule.id, false, rule.condition_text, node) &&
      !rule.condition_text.empty()) {
    std::string error;
    rule.condition = parse_condition(rule.condition_text, error);
    if (!rule.condition) {
      report.at(node["condition"], rule.id, error);
    } else {
      std::vector<std::string> used;
      condition_names(*rule.condition, used);
      for (const auto& n : used) {
        if (names.count(n)) continue;
        std::string message = "condition names unknown signature '" + n + "'";
        const std::string guess = closest_word(n, std::vector<std::string>(names.begin(), names.end()));
        if (!guess.empty()) message += " (did you mean '" + guess + "'?)";
        report.at(node["condition"], rule.id, message);
      }
      if (!satisfiable(*rule.condition)) {
        report.at(node["condition"], rule.id, "condition can never be true: the rule could never fire");
      }
    }
  }

  rule.fix_conditions = parse_when_list(report, node["fix"], rule.fix_when, rule.id, "fix step", names);
  rule.suppress_conditions =
      parse_when_list(report, node["suppresses"], rule.suppress_when, rule.id, "suppresses", names);
  read_demote(report, node, rule, names);
  // Without a condition any signature's hit fires the rule, even one of weight 0 that is only
  // context (a login prompt for demote, a 'root mounted' guard): refuse that instead of a rule
  // that fires on every log holding the context line.
  if (rule.condition_text.empty()) {
    for (const auto& sig : rule.signatures) {
      if (sig.weight == 0.0) {
        report.at(node, rule.id,
                  "signature '" + sig.name +
                      "' has weight 0 (context only), so the rule needs a "
                      "condition; without one it would fire on that signature alone");
      }
    }
  }

  const YAML::Node examples = node["examples"];
  if (!examples.IsDefined() || !examples.IsMap()) {
    report.at(examples.IsDefined() ? examples : node, rule.id,
              "'examples' must give 'match' and 'no_match' log snippets (each rule proves itself)");
  } else {
    check_fields(report, examples, kExampleFields, rule.id, "examples");
    read_string_list(report, examples, "match", rule.id, true, rule.match_examples, examples);
    read_string_list(report, examples, "no_match", rule.id, true, rule.no_match_examples, examples);
  }
  if (report.count() == errors_before) set.rules.push_back(std::move(rule));
}

// Rejects suppress entries that name nothing and cycles (a suppresses b suppresses a).
void check_suppressions(const RuleSet& set, std::vector<std::string>& errors, std::vector<std::string>& warnings) {
  std::map<std::string, std::vector<std::string>> edges;
  for (const auto& rule : set.rules) {
    for (const auto& entry : rule.suppresses) {
      bool any = false;
      for (const auto& other : set.rules) {
        if (other.id != rule.id && suppression_covers(entry, other.id)) {
          edges[rule.id].push_back(other.id);
          any = true;
        }
      }
      if (!any) {
        // Not an error: a pack may name rules of another pack that is not loaded this time.
        warnings.push_back(rule.mark.str() + ": rule '" + rule.id + "': suppresses '" + entry +
                           "', which names no other loaded rule");
      }
    }
  }
  // Depth-first search for a cycle; report each cycle once, with its path.
  std::map<std::string, int> state;  // 0 new, 1 on stack, 2 done
  std::vector<std::string> path;
  std::function<bool(const std::string&)> visit = [&](const std::string& id) -> bool {
    state[id] = 1;
    path.push_back(id);
    for (const auto& next : edges[id]) {
      if (state[next] == 1) {
        std::string cycle;
        auto it = std::find(path.begin(), path.end(), next);
        for (; it != path.end(); ++it) cycle += *it + " -> ";
        cycle += next;
        const Rule* r = set.find(id);
        errors.push_back((r ? r->mark.str() : std::string("?")) + ": rule '" + id + "': suppression cycle: " + cycle);
        return true;
      }
      if (state[next] == 0 && visit(next)) return true;
    }
    path.pop_back();
    state[id] = 2;
    return false;
  };
  for (const auto& rule : set.rules) {
    if (state[rule.id] == 0) {
      path.clear();
      visit(rule.id);
    }
  }
}

void check_program_size(LoadResult& result) {
  for (const auto& rule : result.rules.rules) {
    for (const auto& sig : rule.signatures) {
      const RE2 re(sig.pattern, signature_pattern_options());
      result.program_size += static_cast<std::size_t>(std::max(re.ProgramSize(), 0));
      if (result.program_size > kMaxProgramSize) {
        result.errors.push_back(fmt::format(
            "{}: rule '{}': signature '{}': the patterns of the rule packs together exceed the budget of {} RE2 "
            "instructions (this one brings the total to {}); use fewer or simpler signatures (bounded repeats "
            "such as {{1000}} cost one instruction per repeat)",
            sig.mark.str(), rule.id, sig.name, kMaxProgramSize, result.program_size));
        return;
      }
    }
  }
}

}  // namespace

LoadResult load_packs(const std::vector<PackText>& packs) {
  LoadResult result;
  std::map<std::string, SourceMark> seen;
  for (const auto& pack : packs) {
    Reporter report(pack.name, result.errors);
    if (pack.content.size() > kMaxPackBytes) {
      result.errors.push_back(pack.name + ":1:1: rule pack is larger than the limit of " +
                              std::to_string(kMaxPackBytes >> 20) + " MiB; split it into several packs");
      continue;
    }
    // Every text of a pack reaches JSON, SARIF and terminals: refuse what is not UTF-8 here, where
    // the line can be named, rather than fail later in a renderer.
    if (const std::size_t bad = first_invalid_utf8(pack.content); bad < pack.content.size()) {
      const std::string_view before = std::string_view(pack.content).substr(0, bad);
      const std::size_t line = static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n')) + 1;
      const std::size_t line_start = before.rfind('\n');
      const std::size_t col = bad - (line_start == std::string_view::npos ? 0 : line_start + 1) + 1;
      result.errors.push_back(fmt::format("{}:{}:{}: invalid UTF-8 (byte 0x{:02X}); rule packs are UTF-8 text",
                                          pack.name, line, col, static_cast<unsigned char>(pack.content[bad])));
      continue;
    }
    YAML::Node root;
    try {
      root = YAML::Load(pack.content);
    } catch (const YAML::ParserException& e) {
      result.errors.push_back(pack.name + ":" + std::to_string(e.mark.line + 1) + ":" +
                              std::to_string(e.mark.column + 1) + ": invalid YAML: " + e.msg);
      continue;
    } catch (const YAML::Exception& e) {
      result.errors.push_back(pack.name + ": invalid YAML: " + e.what());
      continue;
    }
    if (!root.IsMap() || !root["rules"].IsDefined() || !root["rules"].IsSequence()) {
      report.at(root, "", "a rule pack is a mapping with a 'rules' list");
      continue;
    }
    check_fields(report, root, kPackFields, "", "pack");
    const std::string pack_name = root["pack"].IsScalar() ? root["pack"].Scalar() : pack.name;
    try {
      SharedSignatures shared;
      if (const YAML::Node list = root["signatures"]; list.IsDefined()) {
        if (!list.IsSequence())
          report.at(list, "", "'signatures' at the top of a pack is a list of signatures its rules use");
        // Checked as a rule's signatures are (fields, pattern, one name each), errors at the pack.
        Rule definitions;
        std::set<std::string> names;
        for (const auto& item : list.IsSequence() ? list : YAML::Node())
          load_signature(report, item, definitions, names);
        for (auto& sig : definitions.signatures) shared.emplace(sig.name, std::move(sig));
      }
      for (const auto& node : root["rules"]) {
        const std::size_t before = result.rules.rules.size();
        load_rule(report, node, pack_name, shared, result.rules);
        if (result.rules.rules.size() == before) continue;
        Rule& added = result.rules.rules.back();
        added.mark.file = pack.name;
        auto [it, fresh] = seen.emplace(added.id, added.mark);
        if (!fresh) {
          result.errors.push_back(added.mark.str() + ": rule '" + added.id + "': duplicate id (first defined at " +
                                  it->second.str() + ")");
        }
      }
    } catch (const YAML::Exception& e) {
      result.errors.push_back(pack.name + ": " + e.what());
    }
  }
  if (result.errors.empty()) check_suppressions(result.rules, result.errors, result.warnings);
  if (result.errors.empty()) check_program_size(result);
  if (!result.errors.empty()) result.rules.rules.clear();  // never half a knowledge base
  return result;
}

Outcome<PackText> read_pack_file(const std::string& path) {
  Outcome<PackText> out;
  // One byte past the limit, so that load_packs names the limit.
  FileRead r = read_regular_file(path, kMaxPackBytes + 1);
  if (!r.ok()) {
    for (const auto& e : r.errors) out.fail(e + " (cannot read the rule pack)");
    return out;
  }
  out.value = {path, std::move(r.content)};
  return out;
}

Outcome<std::vector<PackText>> read_pack_dir(const std::string& dir) {
  namespace fs = std::filesystem;
  Outcome<std::vector<PackText>> out;
  const auto add = [&](const std::string& path) {
    Outcome<PackText> pack = read_pack_file(path);
    if (pack.ok()) out.value.push_back(std::move(pack.value));
    out.absorb(pack);
  };
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    if (fs::is_regular_file(dir, ec)) {
      add(dir);
    } else {
      out.fail(dir + ": not a directory of rule packs (give a directory of *.yaml packs or one pack file)");
    }
    return out;
  }
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const auto ext = entry.path().extension().string();
    const auto stem = entry.path().stem().string();
    if ((ext == ".yaml" || ext == ".yml") && stem != "taxonomy") files.push_back(entry.path().string());
  }
  if (ec) out.fail(dir + ": " + ec.message());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) add(f);
  return out;
}

std::string closest_word(const std::string& word, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (const auto& c : candidates) {
    std::vector<std::size_t> row(c.size() + 1);
    for (std::size_t j = 0; j <= c.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= word.size(); ++i) {
      std::size_t diag = row[0];
      row[0] = i;
      for (std::size_t j = 1; j <= c.size(); ++j) {
        const std::size_t up = row[j];
        row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (word[i - 1] == c[j - 1] ? 0 : 1)});
        diag = up;
      }
    }
    if (row[c.size()] < best_distance) {
      best_distance = row[c.size()];
      best = c;
    }
  }
  return best;
}

}  // namespace kdiag
