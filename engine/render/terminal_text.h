#pragma once
// Text from outside kdiag (log lines, rule packs, file names, files of the machine doctor reads)
// on its way to a terminal: it must not move the cursor, change colours, set the window title,
// reorder what is shown (bidirectional overrides) or end a line where kdiag did not.
#include <string>
#include <string_view>

namespace kdiag {

// text with every control character shown instead of obeyed: ESC as "\x1b", CR as "\r", newline as
// "\n" (kept as a line break with keep_newlines), C1 controls as "\u0085"...; bidirectional
// embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) as "<U+202E>"; invalid UTF-8 as
// U+FFFD. Tabs and everything printable pass unchanged.
std::string terminal_safe(std::string_view text, bool keep_newlines = false);

}  // namespace kdiag
