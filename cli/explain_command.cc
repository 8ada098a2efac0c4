// kdiag explain ID (being written; see issue 10).
#include <iostream>

#include "commands.h"

namespace kdiag::cli {

int run_explain(const KnowledgeOptions&, const std::string& id, const std::string&) {
  std::cerr << "kdiag explain " << id << ": not available in this build yet\n";
  return kExitError;
}

}  // namespace kdiag::cli
