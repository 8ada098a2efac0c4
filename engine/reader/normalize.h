#pragma once
// Byte-level clean-up of one raw line: what pasted logs carry and no grammar should see.
#include <string>
#include <string_view>

namespace kdiag {

// Returns the line as a terminal would have shown it: a trailing CR dropped, text overwritten by
// an embedded CR (progress bars) dropped, ANSI/VT escape sequences and other control bytes
// removed (tabs kept), NUL bytes removed, and invalid UTF-8 replaced by U+FFFD.
std::string normalize_line(std::string_view raw);
// The same into out (its capacity is reused: the reader calls this once per line).
void normalize_line(std::string_view raw, std::string& out);

}  // namespace kdiag
