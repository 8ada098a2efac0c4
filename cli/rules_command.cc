// kdiag rules list | check | patterns: the knowledge base, inspected and proven.
#include <iostream>
#include <map>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include "commands.h"
#include "kdiag.h"

namespace kdiag::cli {
namespace {

// Whether rule fires on text when it is the only rule loaded.
bool fires_alone(const Engine& engine, const std::string& text) {
  const Result r = engine.diagnose_text("example", text);
  return !r.diagnoses.empty();
}

std::string first_line(const std::string& text) {
  const auto nl = text.find('\n');
  std::string line = text.substr(0, nl);
  if (line.size() > 100) line = line.substr(0, 97) + "...";
  return line;
}

}  // namespace

int run_rules_list(const KnowledgeOptions& knowledge, const std::string& format) {
  RuleSet rules;
  if (!load_knowledge(knowledge, rules)) return kExitError;
  if (format == "json") {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& r : rules.rules) {
      out.push_back({{"id", r.id},
                     {"title", r.title},
                     {"severity", std::string(severity_name(r.severity))},
                     {"pack", r.pack},
                     {"signatures", r.signatures.size()},
                     {"source", r.mark.str()}});
    }
    std::cout << out.dump(2) << "\n";
    return kExitOk;
  }
  std::map<std::string, std::size_t> per_pack;
  for (const auto& r : rules.rules) {
    std::cout << fmt::format("{:<42} {:<8} {}\n", terminal_safe(r.id), severity_name(r.severity),
                             terminal_safe(r.title));
    ++per_pack[r.pack];
  }
  std::cout << fmt::format("\n{} rules in {} packs\n", rules.rules.size(), per_pack.size());
  return kExitOk;
}

int run_rules_patterns(const KnowledgeOptions& knowledge, bool literals) {
  RuleSet rules;
  if (!load_knowledge(knowledge, rules)) return kExitError;
  std::size_t signatures = 0, every_line = 0;
  for (const auto& r : rules.rules) {
    for (const auto& s : r.signatures) {
      ++signatures;
      if (!literals) {
        std::cout << s.pattern << "\n";
        continue;
      }
      // A signature without literals is tried on every line: fine for a few, slow for many.
      if (s.literals.empty()) ++every_line;
      std::cout << fmt::format(
          "{}/{}\t{}\n", r.id, s.name,
          s.literals.empty() ? "(none: tried on every line)" : fmt::format("{}", fmt::join(s.literals, " | ")));
    }
  }
  if (literals) {
    std::cerr << fmt::format("{} signatures, {} without a required literal\n", signatures, every_line);
  }
  return kExitOk;
}

int run_rules_check(const KnowledgeOptions& base, const std::vector<std::string>& files, bool strict,
                    const std::string& taxonomy) {
  KnowledgeOptions knowledge = base;
  if (!files.empty()) {
    // Checking given files: those packs alone, so their examples are judged on their own rules.
    knowledge.builtin = false;
    knowledge.rule_paths = files;
  }
  RuleSet rules;
  std::vector<std::string> load_warnings;
  if (!load_knowledge(knowledge, rules, &load_warnings)) return kExitError;

  std::size_t failures = 0, warnings = load_warnings.size(), examples = 0;
  for (const auto& w : load_warnings) std::cout << "warning " << w << "\n";
  // One engine per rule: an example proves its own rule, whatever the others do.
  std::vector<std::unique_ptr<Engine>> alone;
  for (const auto& rule : rules.rules) alone.push_back(std::make_unique<Engine>(RuleSet{{rule}}));

  for (std::size_t i = 0; i < rules.rules.size(); ++i) {
    const Rule& rule = rules.rules[i];
    for (std::size_t k = 0; k < rule.match_examples.size(); ++k) {
      ++examples;
      if (!fires_alone(*alone[i], rule.match_examples[k])) {
        std::cout << fmt::format("FAIL {}: {}: match example {} does not fire: {}\n", rule.mark.str(), rule.id, k + 1,
                                 first_line(rule.match_examples[k]));
        ++failures;
      }
    }
    for (std::size_t k = 0; k < rule.no_match_examples.size(); ++k) {
      ++examples;
      if (fires_alone(*alone[i], rule.no_match_examples[k])) {
        std::cout << fmt::format("FAIL {}: {}: no_match example {} fires: {}\n", rule.mark.str(), rule.id, k + 1,
                                 first_line(rule.no_match_examples[k]));
        ++failures;
      }
    }
  }
  // A rule that fires on another rule's no_match example: that example was written as a near
  // miss of the other cause, so the overlap deserves a look (it may be intended).
  for (std::size_t i = 0; i < rules.rules.size(); ++i) {
    for (std::size_t j = 0; j < rules.rules.size(); ++j) {
      if (i == j) continue;
      const Rule& other = rules.rules[j];
      for (std::size_t k = 0; k < other.no_match_examples.size(); ++k) {
        if (fires_alone(*alone[i], other.no_match_examples[k])) {
          std::cout << fmt::format("{} {}: {} fires on no_match example {} of {}: {}\n", strict ? "FAIL" : "warning",
                                   rules.rules[i].mark.str(), rules.rules[i].id, k + 1, other.id,
                                   first_line(other.no_match_examples[k]));
          ++(strict ? failures : warnings);
        }
      }
    }
  }
  // Coverage and severities against the taxonomy, when one is given.
  if (!taxonomy.empty()) {
    try {
      const YAML::Node root = YAML::LoadFile(taxonomy);
      std::size_t ids = 0;
      for (const auto& domain : root) {
        for (const auto& entry : domain.second) {
          ++ids;
          const std::string id = entry.first.Scalar();
          const Rule* rule = rules.find(id);
          if (!rule) {
            std::cout << fmt::format("FAIL {}: taxonomy id {} has no rule\n", taxonomy, id);
            ++failures;
            continue;
          }
          const std::string severity = entry.second["severity"].Scalar();
          if (severity != severity_name(rule->severity)) {
            std::cout << fmt::format("FAIL {}: {} has severity {}, the taxonomy says {}\n", rule->mark.str(), id,
                                     severity_name(rule->severity), severity);
            ++failures;
          }
        }
      }
      std::cout << fmt::format("taxonomy: {} ids checked\n", ids);
    } catch (const YAML::Exception& e) {
      std::cerr << "kdiag: " << taxonomy << ": " << e.what() << "\n";
      return kExitError;
    }
  }
  std::size_t signatures = 0;
  for (const auto& r : rules.rules) signatures += r.signatures.size();
  {
    // What would only show on a long log: the signature sets RE2 cannot compile.
    const Engine all{RuleSet(rules)};
    for (const auto& problem : all.set_problems()) {
      std::cout << "warning " << problem << "\n";
      ++warnings;
    }
  }
  std::cout << fmt::format("{} rules, {} signatures, {} examples: {} failed, {} warnings\n", rules.rules.size(),
                           signatures, examples, failures, warnings);
  return failures ? kExitFound : kExitOk;
}

}  // namespace kdiag::cli
