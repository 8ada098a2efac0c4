#pragma once
// Lines a mailer, a forum or a terminal broke in two: `ERROR: modpost: "foo" [x.ko]` with
// `undefined!` alone on the next line, or `No such file or direc` then `tory`. The reader hands
// lines on one at a time; the session asks here whether a line may be the rest of the one before
// and, when it may, also reads the two joined (engine.cc), so that a message matches however it
// was wrapped.
#include <cstddef>

#include "reader/line.h"

namespace kdiag {

// A wrapper breaks a line whose next word would pass its width: mailers wrap near 72 columns,
// terminals at their width, none narrower than this.
inline constexpr std::size_t kMinWrappedWidth = 40;
// A piece this wide may have been cut anywhere, in a word or before a space: terminals cut at
// their width, and some mailers cut a word longer than theirs. Narrower pieces were broken at a
// space.
inline constexpr std::size_t kHardCutWidth = 72;
// At most this many lines are read as one, and at most this many bytes.
inline constexpr std::size_t kMaxJoinedLines = 4;
inline constexpr std::size_t kMaxJoinedBytes = 4096;

// How wide a wrapper of this input must be, judging from one of its lines: a line with a blank
// inside is no wider than its wrapper (which would have broken it there); a line that is one long
// word says nothing (mailers leave such a word whole).
std::size_t width_shown(const Line& line);

// Whether next may continue previous: adjacent lines of one input; next was not begun by a
// timestamp or a dmesg/journal header (such a line is one a program printed) and is not indented
// (gcc's source excerpts, make's recipe echo); previous and next's first word together are wider
// than a wrap width and than every line of the input so far (width_seen, the largest width_shown):
// a wrapper breaks a line only where its next word would pass the width, and a log whose lines
// run wider than that was not wrapped there. A next line that a dialect recognised (recognised: its event is not
// "plain") is taken as a message of its own, unless previous plainly did not end: it was stamped
// and next was not (a wrapped dmesg or journal line), or it ends with ':' (gcc's `file:line:col:`,
// `not found:`) or inside a two-word error level (`file:line:col: fatal` + `error: ...`, `syntax`
// + `error: ...`).
bool may_continue(const Line& previous, const Line& next, bool next_recognised, std::size_t width_seen);

// Whether overflow, which continued first, is a replying mailer's re-wrap of a quoted line: it has
// fewer '>' in front than first ("> > ... failed" + "> with error"), and next, quoted as deep as
// first, may go on where the quoted line itself was wrapped before ("> > -2"). The session then
// asks may_continue about first and overflow joined.
bool ragged_quote(const Line& first, const Line& overflow, const Line& next);

// Whether the break may have cut a word (a hard cut, no blank on either side of it): the pieces are
// then also read joined without a space.
bool may_cut_word(const Line& previous, const Line& next);

// first and next as one line in out: first's input, number and prefixes (evidence points at where
// the message begins), next's ordinal (lines stay in reading order), and the text as a person
// reads it unwrapped. first may itself be a join.
void join_lines(const Line& first, const Line& next, bool with_space, Line& out);

}  // namespace kdiag
