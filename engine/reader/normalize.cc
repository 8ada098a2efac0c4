#include "reader/normalize.h"

namespace kdiag {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Skips an escape sequence starting at s[i] == ESC; returns the index after it.
std::size_t skip_escape(std::string_view s, std::size_t i) {
  std::size_t j = i + 1;
  if (j >= s.size()) return j;
  const char kind = s[j];
  if (kind == '[') {  // CSI: parameters and intermediates, then one final byte 0x40-0x7E
    ++j;
    while (j < s.size() && (s[j] < 0x40 || s[j] > 0x7E)) ++j;
    return j < s.size() ? j + 1 : j;
  }
  if (kind == ']' || kind == 'P' || kind == '_' || kind == '^') {  // OSC/DCS/...: until BEL or ST
    ++j;
    while (j < s.size()) {
      if (s[j] == '\a') return j + 1;
      if (s[j] == '\x1b' && j + 1 < s.size() && s[j + 1] == '\\') return j + 2;
      ++j;
    }
    return j;
  }
  return j + 1;  // two-byte sequences such as ESC ( B or ESC =
}

// The character an HTML entity at s[i] == '&' stands for, and its length; 0 when it is none.
// Only what web pages put in copied logs: &#8216; &#x2019; &quot; &lt; &gt; &amp; &apos; &nbsp;.
std::size_t decode_entity(std::string_view s, std::size_t i, unsigned& cp) {
  static constexpr struct {
    std::string_view name;
    unsigned cp;
  } kNamed[] = {{"&quot;", '"'}, {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&apos;", '\''}, {"&nbsp;", ' '}};
  for (const auto& e : kNamed) {
    if (s.substr(i, e.name.size()) == e.name) {
      cp = e.cp;
      return e.name.size();
    }
  }
  if (s.substr(i, 2) != "&#") return 0;
  std::size_t j = i + 2;
  const bool hex = j < s.size() && (s[j] == 'x' || s[j] == 'X');
  if (hex) ++j;
  unsigned long value = 0;
  const std::size_t digits = j;
  for (; j < s.size() && j - digits < 7; ++j) {
    const char c = s[j];
    int d = -1;
    if (c >= '0' && c <= '9') d = c - '0';
    if (hex && c >= 'a' && c <= 'f') d = c - 'a' + 10;
    if (hex && c >= 'A' && c <= 'F') d = c - 'A' + 10;
    if (d < 0) break;
    value = value * (hex ? 16 : 10) + static_cast<unsigned>(d);
  }
  if (j == digits || j >= s.size() || s[j] != ';') return 0;
  // Not controls, surrogates or beyond Unicode: those stay as they were written.
  if ((value < 0x20 && value != '\t') || (value >= 0x7F && value < 0xA0) || (value >= 0xD800 && value <= 0xDFFF) ||
      value > 0x10FFFF) {
    return 0;
  }
  cp = static_cast<unsigned>(value);
  return j + 1 - i;
}

// A log copied from a web page's source or a forum's export keeps the page's escapes
// ('&#8216;struct net_device&#8217;'): read them as the characters they stand for.
void decode_entities(std::string& line) {
  if (line.find('&') == std::string::npos) return;
  std::string out;
  out.reserve(line.size());
  for (std::size_t i = 0; i < line.size();) {
    unsigned cp = 0;
    const std::size_t len = line[i] == '&' ? decode_entity(line, i, cp) : 0;
    if (len == 0) {
      out.push_back(line[i++]);
      continue;
    }
    append_utf8(out, cp);
    i += len;
  }
  line.swap(out);
}

}  // namespace

std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = byte(i);
  std::size_t len = 0;
  unsigned min_second = 0x80, max_second = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    if (c == 0xE0) min_second = 0xA0;  // overlong
    if (c == 0xED) max_second = 0x9F;  // surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    if (c == 0xF0) min_second = 0x90;  // overlong
    if (c == 0xF4) max_second = 0x8F;  // above U+10FFFF
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  if (byte(i + 1) < min_second || byte(i + 1) > max_second) return 0;
  for (std::size_t k = 2; k < len; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  }
  return len;
}

std::size_t first_invalid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
    } else if (const std::size_t len = utf8_sequence_length(text, i)) {
      i += len;
    } else {
      return i;
    }
  }
  return i;
}

std::string_view utf8_prefix(std::string_view text, std::size_t max) {
  if (text.size() <= max) return text;
  std::size_t end = max;
  // Back off continuation bytes (10xxxxxx) so the cut falls before a character's first byte.
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}

void append_utf8(std::string& out, unsigned cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

namespace {

// The length of a no-break space at raw[i] (U+00A0, U+2007 figure space, U+202F narrow), or 0.
std::size_t no_break_space_length(std::string_view raw, std::size_t i) {
  const auto at = [&](std::size_t k) { return i + k < raw.size() ? static_cast<unsigned char>(raw[i + k]) : 0; };
  if (at(0) == 0xC2 && at(1) == 0xA0) return 2;
  if (at(0) == 0xE2 && at(1) == 0x80 && (at(2) == 0x87 || at(2) == 0xAF)) return 3;
  return 0;
}

}  // namespace

std::string normalize_line(std::string_view raw) {
  std::string out;
  normalize_line(raw, out);
  return out;
}

void normalize_line(std::string_view raw, std::string& out) {
  while (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
  // A carriage return inside a line means the text before it was overwritten on screen.
  if (const auto cr = raw.rfind('\r'); cr != std::string_view::npos) raw.remove_prefix(cr + 1);

  out.clear();
  // Most lines are printable ASCII: copy them in one go.
  bool plain = true;
  for (char c : raw) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7F) {
      if (c != '\t') {
        plain = false;
        break;
      }
    }
  }
  if (plain) {
    out.assign(raw);
    decode_entities(out);
    return;
  }
  out.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size();) {
    const auto c = static_cast<unsigned char>(raw[i]);
    if (c == 0x1b) {
      i = skip_escape(raw, i);
    } else if (c < 0x80) {
      if (c >= 0x20 || c == '\t') out.push_back(static_cast<char>(c));
      // Other C0 controls (NUL, BEL, backspace...) carry nothing readable.
      ++i;
    } else if (c == 0xC2 && i + 1 < raw.size() && static_cast<unsigned char>(raw[i + 1]) < 0xA0) {
      i += 2;  // a C1 control character (U+0080-U+009F): as unreadable as the C0 ones
    } else if (const std::size_t len = no_break_space_length(raw, i)) {
      // HTML mail and web pages indent pasted logs with no-break spaces, where rules (and RE2's
      // \s) expect the space the program printed.
      out.push_back(' ');
      i += len;
    } else if (const auto len = utf8_sequence_length(raw, i)) {
      out.append(raw.substr(i, len));
      i += len;
    } else {
      out.append(kReplacement);
      ++i;
    }
  }
  decode_entities(out);
}

}  // namespace kdiag
