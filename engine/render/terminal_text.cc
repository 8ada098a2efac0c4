#include "render/terminal_text.h"

#include <fmt/format.h>

#include "reader/normalize.h"

namespace kdiag {
namespace {

unsigned decode(std::string_view s, std::size_t i, std::size_t len) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned>(static_cast<unsigned char>(s[i + k])); };
  if (len == 2) return ((b(0) & 0x1F) << 6) | (b(1) & 0x3F);
  if (len == 3) return ((b(0) & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F);
  return ((b(0) & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) | (b(3) & 0x3F);
}

bool bidi_control(unsigned cp) { return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069); }

}  // namespace

std::string terminal_safe(std::string_view text, bool keep_newlines) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x7F) {
      out.push_back(static_cast<char>(c));
      ++i;
      continue;
    }
    if (c < 0x80) {
      if (c == '\t' || (c == '\n' && keep_newlines)) out.push_back(static_cast<char>(c));
      else if (c == '\n') out += "\\n";
      else if (c == '\r') out += "\\r";
      else out += fmt::format("\\x{:02x}", c);
      ++i;
      continue;
    }
    const std::size_t len = utf8_sequence_length(text, i);
    if (len == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
      continue;
    }
    const unsigned cp = decode(text, i, len);
    if (cp >= 0x80 && cp < 0xA0) out += fmt::format("\\u{:04x}", cp);
    else if (bidi_control(cp)) out += fmt::format("<U+{:04X}>", cp);
    else out.append(text.substr(i, len));
    i += len;
  }
  return out;
}

}  // namespace kdiag
