#include "knowledge.h"

#include <iostream>

namespace kdiag::cli {

bool load_knowledge(const KnowledgeOptions& options, RuleSet& out, std::vector<std::string>* warnings) {
  std::vector<PackText> packs;
  Status status;
  // The common case, the built-in packs alone, needs no YAML: they were validated when kdiag was
  // built. Merging with other packs (or asking for load warnings) goes through the YAML loader, so
  // duplicates and suppressions are checked across all of them.
  if (options.builtin && options.rule_paths.empty() && !warnings) {
    out = builtin_rules();
    return true;
  }
  if (options.builtin) packs = builtin_packs();
  for (const auto& path : options.rule_paths) {
    Outcome<std::vector<PackText>> more = read_pack_dir(path);
    status.absorb(more);
    packs.insert(packs.end(), std::make_move_iterator(more.value.begin()), std::make_move_iterator(more.value.end()));
  }
  if (status.ok()) {
    LoadResult loaded = load_packs(packs);
    status.absorb(loaded);
    if (warnings) *warnings = std::move(loaded.warnings);
    out = std::move(loaded.rules);
  }
  if (!status.ok()) {
    const std::size_t n = status.errors.size();
    for (const auto& e : status.errors) std::cerr << e << "\n";
    std::cerr << "kdiag: refusing the rule packs (" << n << " error" << (n == 1 ? "" : "s")
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
