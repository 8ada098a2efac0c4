#pragma once
// Byte-level clean-up of one raw line: what pasted logs carry and no grammar should see.
#include <cstddef>
#include <string>
#include <string_view>

#include "reader/utf8.h"

namespace kdiag {

// Returns the line as a terminal would have shown it: a trailing CR dropped, text overwritten by
// an embedded CR (progress bars) dropped, ANSI/VT escape sequences and other control bytes
// removed (tabs kept), NUL bytes removed, invalid UTF-8 replaced by U+FFFD, and the HTML entities
// of a log copied from a web page (&#8216; &quot; &lt; ...) read as their characters.
std::string normalize_line(std::string_view raw);
// The same into out (its capacity is reused: the reader calls this once per line).
void normalize_line(std::string_view raw, std::string& out);
// Length of a valid UTF-8 sequence starting at s[i] (i < s.size()), or 0 when it is not valid.
std::size_t utf8_sequence_length(std::string_view s, std::size_t i);
// The offset of the first byte that is not part of valid UTF-8 (overlong forms, surrogates and
// code points past U+10FFFF count as invalid), or text.size() when all of it is valid.
std::size_t first_invalid_utf8(std::string_view text);
// Appends the code point (at most U+10FFFF, not a surrogate) as UTF-8.
void append_utf8(std::string& out, unsigned cp);

}  // namespace kdiag
