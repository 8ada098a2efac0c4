#pragma once
// How many cores this process may run on: the CPUs of its affinity mask (taskset, a container's
// cpuset), not every CPU the machine has, so that `taskset -c 0 kdiag` does not start threads
// that can only take turns on one core.
#include <cstddef>

namespace kdiag::cli {

std::size_t usable_cores();

}  // namespace kdiag::cli
