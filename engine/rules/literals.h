#pragma once
// The literal prefilter of a signature: strings of which every line its pattern matches contains
// at least one. The matcher scans each line once for all of them (matcher/literal_scanner.h) and
// runs a signature's regex only on lines that contain one of its literals, so that the rule set
// never has to be compiled into one big RE2::Set: that compile was most of kdiag's start-up.
#include <string>
#include <string_view>
#include <vector>

namespace kdiag {

// Strings of at least kMinLiteralLength bytes, matched as spelled (the pattern is case-sensitive
// and spells them so; UTF-8 text such as "Нет такого файла" too) or, written "(?i)" + lower-case
// ASCII, ignoring ASCII case.
// Empty when the pattern has no such set (e.g. `^\s*\[\s*\d+\.\d+\]`): the signature is then
// checked on every line. Derived from RE2's own prefilter (re2::FilteredRE2), reduced to a
// smallest set that still holds: for `/usr/src/(?:linux-headers-|kernels/)` that is {"/usr/src/"}.
std::vector<std::string> required_literals(const std::string& pattern);

constexpr std::size_t kMinLiteralLength = 4;
constexpr std::string_view kIgnoreCase = "(?i)";

// A line holding a character whose case folds onto an ASCII letter (U+017F LATIN SMALL LETTER
// LONG S, U+212A KELVIN SIGN) can match a case-insensitive pattern without containing its ASCII
// literal; the matcher checks every signature on such lines.
bool has_ascii_folding_character(const std::string& line);

}  // namespace kdiag
