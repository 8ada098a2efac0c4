#pragma once
// UTF-8 helpers shared by the reader, the evidence book and front-ends that cut log text.
#include <cstddef>
#include <string_view>

namespace kdiag {

// The first max bytes of text at most, cut where a UTF-8 character begins (never inside one).
std::string_view utf8_prefix(std::string_view text, std::size_t max);

// How many characters text holds (UTF-8 code points; the reader has made it valid UTF-8): the
// width a terminal or a mailer gave it, where bytes would count "‣" or "…" three times.
inline std::size_t utf8_length(std::string_view text) {
  std::size_t n = 0;
  for (const char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

}  // namespace kdiag
