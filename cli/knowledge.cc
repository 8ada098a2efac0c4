#include "knowledge.h"

#include <iostream>

namespace kdiag::cli {

bool load_knowledge(const KnowledgeOptions& options, RuleSet& out, std::vector<std::string>* warnings) {
  std::vector<PackText> packs;
  std::vector<std::string> errors;
  // The common case, the built-in packs alone, needs no YAML: they were validated when kdiag was
  // built. Merging with other packs (or asking for load warnings) goes through the YAML loader, so
  // duplicates and suppressions are checked across all of them.
  if (options.builtin && options.rule_paths.empty() && !warnings) {
    out = builtin_rules();
    return true;
  }
  if (options.builtin) packs = builtin_packs();
  for (const auto& path : options.rule_paths) {
    auto more = read_pack_dir(path, errors);
    packs.insert(packs.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
  }
  if (errors.empty()) {
    LoadResult loaded = load_packs(packs);
    errors = std::move(loaded.errors);
    if (warnings) *warnings = std::move(loaded.warnings);
    out = std::move(loaded.rules);
  }
  if (!errors.empty()) {
    for (const auto& e : errors) std::cerr << e << "\n";
    std::cerr << "kdiag: refusing the rule packs (" << errors.size() << " error" << (errors.size() == 1 ? "" : "s")
              << "); nothing was diagnosed\n";
    return false;
  }
  if (out.rules.empty()) {
    std::cerr << "kdiag: no rules loaded (--no-builtin without --rules?)\n";
    return false;
  }
  return true;
}

}  // namespace kdiag::cli
