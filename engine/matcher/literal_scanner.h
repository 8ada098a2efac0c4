#pragma once
// Finds, in one pass over a line, which of many literals it contains (ASCII case-insensitively).
// Each literal is represented by one 4-byte window of it: the one least common in real logs
// (rules/literal_rarity.h), so "/usr/src/kernels/" is looked for as "s/ke", not as "kern". The scan
// keeps the line's last 4 bytes in a register and tests them against a 64-kilobit Bloom filter
// of the windows; only where it says yes are the literals with that window compared in full.
// Building it costs microseconds, its tables fit in the L1 cache, and its cost per byte does not
// grow with the number of literals.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kdiag {

class LiteralScanner {
 public:
  static constexpr std::size_t kWindow = 4;

  // literals: at least kWindow bytes each, matched as spelled or, prefixed "(?i)", ignoring ASCII
  // case (rules/literals.h); a literal's id is its index.
  explicit LiteralScanner(const std::vector<std::string>& literals);

  // Calls found(id) for every literal that occurs in text; an id can be reported more than once.
  template <class Found>
  void scan(std::string_view text, Found&& found) const {
    std::uint32_t window = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
      window = window << 8 | kFold[static_cast<unsigned char>(text[i])];
      const std::uint32_t h = hash(window);
      if (((bloom_[h >> 6] >> (h & 63)) & 1u) && i + 1 >= kWindow) confirm(h, window, text, i + 1 - kWindow, found);
    }
  }

  std::size_t size() const { return literals_.size(); }
  // The window chosen for a literal (tests and `kdiag rules patterns --literals` show it).
  std::string window_of(std::size_t id) const;

 private:
  struct Window {
    std::uint32_t bytes;  // folded, the first byte most significant, as the scan rolls them
    std::uint32_t literal;
    std::uint32_t offset;  // where the window starts in the literal
  };
  static constexpr int kBucketBits = 12;

  static std::uint32_t hash(std::uint32_t window) { return (window * 0x9E3779B1u) >> 16; }
  // Compares in full every literal whose window is `bytes`, the window starting at text[at].
  template <class Found>
  void confirm(std::uint32_t h, std::uint32_t bytes, std::string_view text, std::size_t at, Found& found) const {
    const std::uint32_t bucket = h >> (16 - kBucketBits);
    for (std::uint32_t k = bucket_begin_[bucket]; k < bucket_begin_[bucket + 1]; ++k) {
      const Window& w = windows_[k];
      if (w.bytes != bytes) continue;
      const std::string& literal = literals_[w.literal];
      if (at < w.offset || at - w.offset + literal.size() > text.size()) continue;
      const std::string_view here = text.substr(at - w.offset, literal.size());
      if (exact_[w.literal] ? here == literal : equal_folded(here, literal)) found(w.literal);
    }
  }
  // literal: lower case
  static bool equal_folded(std::string_view text, const std::string& literal);

  static const std::array<std::uint8_t, 256> kFold;  // ASCII upper case -> lower case
  std::vector<std::string> literals_;                // as spelled, or lower case
  std::vector<bool> exact_;                          // per literal: match as spelled
  std::array<std::uint64_t, 1024> bloom_{};          // bit hash(window) set for every window
  std::vector<Window> windows_;                      // by bucket (the hash's top bits)
  std::vector<std::uint32_t> bucket_begin_;          // bucket -> first of its windows
};

}  // namespace kdiag
