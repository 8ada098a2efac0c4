#include "rules/literal_rarity.h"

#include <algorithm>
#include <utility>
#include <vector>

namespace kdiag {
std::uint32_t pack_window(std::string_view bytes) {
  std::uint32_t v = 0;
  for (unsigned char c : bytes) v = v << 8 | c;
  return v;
}

namespace {

// The table, sorted by window for look-up, each with its rank (0 = commonest).
const std::vector<std::pair<std::uint32_t, int>>& common_grams() {
  static const std::vector<std::pair<std::uint32_t, int>> table = [] {
    static constexpr unsigned char kGrams[][4] = {
#include "rules/common_grams.inc"
    };
    std::vector<std::pair<std::uint32_t, int>> t;
    int rank = 0;
    for (const auto& g : kGrams)
      t.emplace_back(pack_window(std::string_view(reinterpret_cast<const char*>(g), 4)), rank++);
    std::sort(t.begin(), t.end());
    return t;
  }();
  return table;
}

}  // namespace

int window_commonness(std::string_view window) {
  const auto& table = common_grams();
  const std::uint32_t key = pack_window(window.substr(0, 4));
  const auto at = std::lower_bound(table.begin(), table.end(), std::make_pair(key, -1));
  if (at != table.end() && at->first == key) return 10000 - at->second;
  // Outside the table: digits and punctuation are likelier than letters.
  int score = 0;
  for (unsigned char c : window.substr(0, 4)) {
    score += (c == ' ' || c == '/' || c == '.' || c == ':' || c == '-' || c == '_' || (c >= '0' && c <= '9')) ? 3 : 1;
  }
  return score;
}

int literal_commonness(std::string_view literal) {
  int best = 1 << 30;
  for (std::size_t at = 0; at + 4 <= literal.size(); ++at)
    best = std::min(best, window_commonness(literal.substr(at, 4)));
  return best;
}

}  // namespace kdiag
