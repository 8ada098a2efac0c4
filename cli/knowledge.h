#pragma once
// Which rule packs a command uses: the built-in ones, plus --rules DIR/FILE, minus --no-builtin.
#include <string>
#include <vector>

#include "kdiag.h"

namespace kdiag::cli {

struct KnowledgeOptions {
  bool builtin = true;
  std::vector<std::string> rule_paths;  // directories of packs, or single pack files
};

// Loads and validates; on failure prints every error to stderr and returns false.
bool load_knowledge(const KnowledgeOptions& options, RuleSet& out, std::vector<std::string>* warnings = nullptr);

}  // namespace kdiag::cli
