#include "matcher/literal_scanner.h"

#include <algorithm>
#include <stdexcept>

#include "rules/literal_rarity.h"
#include "rules/literals.h"

namespace kdiag {
namespace {

std::array<std::uint8_t, 256> fold_table() {
  std::array<std::uint8_t, 256> table{};
  for (int c = 0; c < 256; ++c) table[c] = static_cast<std::uint8_t>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return table;
}

}  // namespace

const std::array<std::uint8_t, 256> LiteralScanner::kFold = fold_table();

LiteralScanner::LiteralScanner(const std::vector<std::string>& literals) : literals_(literals) {
  for (std::uint32_t id = 0; id < literals_.size(); ++id) {
    const bool ignore_case = literals_[id].starts_with(kIgnoreCase);
    if (ignore_case) literals_[id].erase(0, kIgnoreCase.size());
    exact_.push_back(!ignore_case);
    std::string literal = literals_[id];  // folded: the window is looked for ignoring case
    for (char& c : literal) c = static_cast<char>(kFold[static_cast<unsigned char>(c)]);
    if (ignore_case) literals_[id] = literal;
    if (literal.size() < kWindow)
      throw std::invalid_argument("literal scanner: literal shorter than 4 bytes: " + literal);
    std::size_t best = 0;
    int best_score = 1 << 30;
    for (std::size_t at = 0; at + kWindow <= literal.size(); ++at) {
      const int score = window_commonness(std::string_view(literal).substr(at, kWindow));
      if (score < best_score) best_score = score, best = at;
    }
    const Window w{pack_window(std::string_view(literal).substr(best, kWindow)), id, static_cast<std::uint32_t>(best)};
    const std::uint32_t h = hash(w.bytes);
    bloom_[h >> 6] |= std::uint64_t{1} << (h & 63);
    windows_.push_back(w);
  }
  auto bucket_of = [](const Window& w) { return hash(w.bytes) >> (16 - kBucketBits); };
  std::sort(windows_.begin(), windows_.end(),
            [&](const Window& a, const Window& b) { return bucket_of(a) < bucket_of(b); });
  bucket_begin_.assign((1u << kBucketBits) + 1, 0);
  for (const Window& w : windows_) ++bucket_begin_[bucket_of(w) + 1];
  for (std::size_t b = 1; b < bucket_begin_.size(); ++b) bucket_begin_[b] += bucket_begin_[b - 1];
}

std::string LiteralScanner::window_of(std::size_t id) const {
  for (const Window& w : windows_) {
    if (w.literal == id) return literals_[id].substr(w.offset, kWindow);  // as spelled
  }
  return {};
}

bool LiteralScanner::equal_folded(std::string_view text, const std::string& literal) {
  for (std::size_t k = 0; k < literal.size(); ++k) {
    if (kFold[static_cast<unsigned char>(text[k])] != static_cast<unsigned char>(literal[k])) return false;
  }
  return true;
}

}  // namespace kdiag
