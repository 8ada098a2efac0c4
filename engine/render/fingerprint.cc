#include "render/fingerprint.h"

#include <cctype>
#include <cstdint>

#include <fmt/format.h>

namespace kdiag {

std::string stable_text(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '/') {
      // Drop what came before the last '/' of this path: keep only the final component.
      std::size_t start = out.size();
      while (start > 0 && !std::isspace(static_cast<unsigned char>(out[start - 1])) && out[start - 1] != '\'' &&
             out[start - 1] != '"' && out[start - 1] != '`' && out[start - 1] != '(' && out[start - 1] != '[') {
        --start;
      }
      out.erase(start);
      ++i;
    } else if (c == '0' && i + 1 < text.size() && (text[i + 1] == 'x' || text[i + 1] == 'X')) {
      out += '#';
      i += 2;
      while (i < text.size() && std::isxdigit(static_cast<unsigned char>(text[i]))) ++i;
    } else if (std::isdigit(c)) {
      out += '#';
      while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.')) ++i;
    } else {
      out += static_cast<char>(c);
      ++i;
    }
  }
  return out;
}

std::string fingerprint_of(std::initializer_list<std::string_view> fields) {
  // FNV-1a, 64 bits: small, portable, the same on every platform and in the wasm build.
  std::uint64_t h = 1469598103934665603ULL;
  for (const std::string_view s : fields) {
    for (unsigned char c : s) {
      h ^= c;
      h *= 1099511628211ULL;
    }
    h ^= 0xff;
    h *= 1099511628211ULL;
  }
  return fmt::format("{:016x}", h);
}

std::string fingerprint(const Diagnosis& d) {
  // The first evidence line names the failure; later ones may vary with how much log was given.
  if (d.evidence.empty()) return fingerprint_of({d.rule->id});
  return fingerprint_of({d.rule->id, stable_text(d.evidence.front().body)});
}

}  // namespace kdiag
