#pragma once
// Byte-level clean-up of one raw line: what pasted logs carry and no grammar should see.
#include <string>
#include <string_view>

namespace kdiag {

// Returns the line as a terminal would have shown it: a trailing CR dropped, text overwritten by
// an embedded CR (progress bars) dropped, ANSI/VT escape sequences and other control bytes
// removed (tabs kept), NUL bytes removed, invalid UTF-8 replaced by U+FFFD, and the HTML entities
// of a log copied from a web page (&#8216; &quot; &lt; ...) read as their characters.
std::string normalize_line(std::string_view raw);
// The same into out (its capacity is reused: the reader calls this once per line).
void normalize_line(std::string_view raw, std::string& out);
// Appends the code point (at most U+10FFFF, not a surrogate) as UTF-8.
void append_utf8(std::string& out, unsigned cp);

}  // namespace kdiag
