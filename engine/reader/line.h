#pragma once
// One line of input after the reader has cleaned it. This is the only thing the dialects see.
#include <cstddef>
#include <functional>
#include <string>

namespace kdiag {

struct Line {
  std::size_t input = 0;    // index of the input (file or stdin) the line came from
  std::size_t number = 0;   // 1-based line number in that input, as a user would count it
  std::size_t ordinal = 0;  // position over all inputs, in reading order: drives "before"/"last"
  std::string display;      // the cleaned line with its prefixes kept: what evidence shows
  std::size_t width = 0;    // display's length in characters (UTF-8 code points), as a terminal
                            // or a mailer counts it: what decides whether a line was wrapped
  std::string text;         // the body with timestamps and other prefixes stripped: what is parsed
  std::string source;       // what the prefix said about the writer: "dmesg", "kernel", a journal
                            // identifier such as "systemd", or "" when there was none
  bool kernel = false;      // the prefix marks a kernel (printk) line
  bool stamped = false;     // a timestamp, dmesg or journal header began the line: a program
                            // printed it as a line of its own (not the rest of a wrapped one)
  bool truncated = false;   // the line was longer than the reader's cap and was cut
};

// What the reader learned about one input as a whole.
struct InputInfo {
  std::string name;
  std::size_t lines = 0;
  std::size_t bytes = 0;
  std::size_t truncated_lines = 0;
  std::size_t last_nonblank_ordinal = 0;  // ordinal of the input's last non-blank line
  bool any_nonblank = false;
  std::string encoding = "utf-8";  // "utf-16le"/"utf-16be..." when a BOM or NULs said so
};

// Told the size of every chunk read (the CLI's progress line).
using ChunkObserver = std::function<void(std::size_t)>;

}  // namespace kdiag
