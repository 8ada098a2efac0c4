// kdiag doctor (being written; see issue 9).
#include <iostream>

#include "commands.h"

namespace kdiag::cli {

int run_doctor(const KnowledgeOptions&, const DoctorOptions&) {
  std::cerr << "kdiag doctor: not available in this build yet\n";
  return kExitError;
}

}  // namespace kdiag::cli
