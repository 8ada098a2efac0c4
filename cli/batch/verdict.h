#pragma once
// One word per log for CI pipelines, which must tell a kernel that failed from a lab that did
// (KernelCI turns a FAIL into an ERROR when the lab is to blame):
//   infrastructure  the best diagnosis is an infra.* cause (boot loader, lab power or network,
//                   job cancelled): the kernel was never really tested
//   kernel-failure  an error or warning of any other domain was found
//   clean           only notices (info) were found: the log reached its goal
//   unknown         nothing kdiag knows was found
#include <string_view>

#include "kdiag.h"

namespace kdiag::cli {

std::string_view verdict_of(const Result& result);

}  // namespace kdiag::cli
