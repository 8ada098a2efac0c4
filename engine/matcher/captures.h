#pragma once
// The named groups of a signature that took part in a match, as (name, value) pairs in the
// pattern's order: what a rule's "{name}" placeholders are filled from.
#include <string>
#include <utility>
#include <vector>

namespace kdiag {

using Captures = std::vector<std::pair<std::string, std::string>>;

}  // namespace kdiag
