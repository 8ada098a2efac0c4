#pragma once
// How common a piece of text is in real logs, judged by its 4-byte windows against the commonest
// windows of the corpus (common_grams.inc). Used to pick which literals stand for a signature
// (rules/literals.h) and which window of a literal the scanner looks for (matcher/literal_scanner.h):
// the rarer, the fewer lines wake a regex up for nothing. Only speed depends on it, never results.
#include <cstdint>
#include <string_view>

namespace kdiag {

// Up to 4 bytes as one number, the first byte most significant: how the table keys its windows
// and how the scanner rolls a line's last 4 bytes.
std::uint32_t pack_window(std::string_view bytes);

// window: 4 bytes, lower case. Lower is rarer; every window of the table scores above every
// window outside it.
int window_commonness(std::string_view window);

// The commonness of a literal's rarest window (at least 4 bytes).
int literal_commonness(std::string_view literal);

}  // namespace kdiag
