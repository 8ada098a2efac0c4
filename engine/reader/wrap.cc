#include "reader/wrap.h"

#include <algorithm>

#include "reader/utf8.h"

namespace kdiag {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }

// The size of s without its trailing blanks.
std::size_t trimmed_size(const std::string& s) {
  std::size_t end = s.size();
  while (end > 0 && is_blank(s[end - 1])) --end;
  return end;
}

// Whether a break fell inside a two-word error level, so that next's "error: ..." is the rest of
// previous and not a message of its own: previous ends in "fatal" after a compiler location
// ("file.c:10:10: fatal" + "error: gelf.h: ..."), or in "syntax" or "fatal" as the shell and
// tools print them ("... 100 *  + : syntax" + "error: operand expected").
bool breaks_error_level(const std::string& previous, const std::string& next) {
  const std::size_t lead = next.find_first_not_of(" \t");
  if (lead == std::string::npos || next.compare(lead, 6, "error:") != 0) return false;
  const std::size_t end = trimmed_size(previous);
  const std::size_t gap = previous.find_last_of(" \t", end == 0 ? 0 : end - 1);
  if (gap == std::string::npos || gap + 1 >= end) return false;
  const std::string word = previous.substr(gap + 1, end - gap - 1);
  if (word == "syntax") return true;
  if (word != "fatal") return false;
  return gap >= 2 && (previous[gap - 1] == ':' || previous[gap - 1] == ' ');
}

}  // namespace

std::size_t width_shown(const Line& line) {
  // The blank must be in what the program printed: a quote's "> " before one long word is not.
  const std::string& s = line.text;
  const std::size_t word = s.find_first_not_of(" \t");
  if (word == std::string::npos) return 0;
  const std::size_t gap = s.find_first_of(" \t", word);
  if (gap == std::string::npos || s.find_first_not_of(" \t", gap) == std::string::npos) return 0;
  // Trailing blanks are one byte, one character each.
  return line.width - (line.display.size() - trimmed_size(line.display));
}

bool may_continue(const Line& previous, const Line& next, bool next_recognised, std::size_t width_seen) {
  if (previous.input != next.input || next.ordinal != previous.ordinal + 1) return false;
  if (next.stamped || next.text.empty() || previous.text.empty()) return false;
  // A terminal cuts anywhere, also just before a space; other indentation is gcc's source
  // excerpts, make's recipe echo, wget's progress, never a wrap.
  // Widths are in characters, as terminals and mailers count them (Line::width).
  const std::size_t previous_width = previous.width;
  const std::size_t lead = next.text.find_first_not_of(" \t");
  if (lead == std::string::npos || lead > 1 || (lead == 1 && previous_width < kHardCutWidth)) return false;
  // A wrapper breaks a line when its next word does not fit, so the first piece and that word
  // together are wider than the wrap width, whatever the piece alone.
  const std::size_t word_end = next.text.find_first_of(" \t", lead);
  const std::size_t word = utf8_length(
      std::string_view(next.text).substr(lead, (word_end == std::string::npos ? next.text.size() : word_end) - lead));
  const std::size_t wrapped = previous_width + 1 + word;
  if (wrapped < kMinWrappedWidth || wrapped <= width_seen) return false;
  if (previous.text.size() + next.text.size() >= kMaxJoinedBytes) return false;
  if (!next_recognised) return true;
  const std::size_t last = previous.text.find_last_not_of(" \t");
  return previous.stamped || (last != std::string::npos && previous.text[last] == ':') ||
         breaks_error_level(previous.text, next.text);
}

namespace {
// The number of '>' that quote the line (mail and Markdown quoting, blanks between them allowed).
std::size_t quote_depth(const Line& line) {
  std::size_t depth = 0;
  for (const char c : line.display) {
    if (c == '>') {
      ++depth;
    } else if (!is_blank(c)) {
      break;
    }
  }
  return depth;
}
}  // namespace

bool ragged_quote(const Line& first, const Line& overflow, const Line& next) {
  const std::size_t depth = quote_depth(first);
  return depth >= 2 && quote_depth(overflow) < depth && quote_depth(next) == depth &&
         overflow.ordinal == first.ordinal + 1 && next.ordinal == overflow.ordinal + 1;
}

bool may_cut_word(const Line& previous, const Line& next) {
  return previous.width >= kHardCutWidth && !previous.text.empty() && !next.text.empty() &&
         !is_blank(previous.text.back()) && !is_blank(next.text.front());
}

void join_lines(const Line& first, const Line& next, bool with_space, Line& out) {
  out.input = first.input;
  out.number = first.number;
  out.ordinal = next.ordinal;
  out.source = first.source;
  out.kernel = first.kernel;
  out.stamped = first.stamped;
  out.truncated = first.truncated || next.truncated;
  // A wrap that fell on a space leaves it at the end of one piece or the start of the next: keep
  // exactly one.
  const std::size_t end = trimmed_size(first.text);
  const bool space = with_space || end < first.text.size() || is_blank(next.text.front());
  const std::size_t lead = std::min(next.text.find_first_not_of(" \t"), next.text.size());
  out.text.assign(first.text, 0, end);
  out.display.assign(first.display, 0, trimmed_size(first.display));
  for (std::string* joined : {&out.text, &out.display}) {
    if (space) *joined += ' ';
    joined->append(next.text, lead);
  }
  out.width = utf8_length(out.display);
}

}  // namespace kdiag
