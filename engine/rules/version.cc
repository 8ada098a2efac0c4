#include "rules/version.h"

#include <algorithm>
#include <cctype>

namespace kdiag {

std::vector<int> leading_version(std::string_view text) {
  std::vector<int> out;
  std::size_t k = 0;
  while (out.size() < 8 && k < text.size() && std::isdigit(static_cast<unsigned char>(text[k]))) {
    int v = 0;
    while (k < text.size() && std::isdigit(static_cast<unsigned char>(text[k]))) {
      if (v < 100000000) v = v * 10 + (text[k] - '0');
      ++k;
    }
    out.push_back(v);
    if (k + 1 < text.size() && text[k] == '.' && std::isdigit(static_cast<unsigned char>(text[k + 1]))) ++k;
    else break;
  }
  return out;
}

int compare_versions(const std::vector<int>& a, const std::vector<int>& b) {
  for (std::size_t i = 0; i < std::max(a.size(), b.size()); ++i) {
    const int x = i < a.size() ? a[i] : 0, y = i < b.size() ? b[i] : 0;
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

}  // namespace kdiag
