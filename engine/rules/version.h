#pragma once
// Version numbers, compared one way everywhere: conditions' version(sig.capture) >= 6.14 and
// kdiag doctor's tool and kernel versions.
#include <string_view>
#include <vector>

namespace kdiag {

// The dotted numbers text starts with ("6.14.0-rc1" -> {6, 14, 0}; "x" -> {}), at most 8, each
// bounded, so any text from a log is safe.
std::vector<int> leading_version(std::string_view text);
// <0, 0, >0 like strcmp; missing components count as 0 (1.78 == 1.78.0).
int compare_versions(const std::vector<int>& a, const std::vector<int>& b);

}  // namespace kdiag
