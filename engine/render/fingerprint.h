#pragma once
// A stable identity for "this cause, shown by this evidence": the same failure gets the same
// fingerprint in every CI format and in every run, whatever the timestamps, absolute paths, line
// numbers or build directories, so code-scanning and merge-request widgets recognise it.
#include <initializer_list>
#include <string>
#include <string_view>

#include "scorer/diagnosis.h"

namespace kdiag {

// 16 hex digits.
std::string fingerprint(const Diagnosis& d);
// The same hash over other fields (a report entry that is not a diagnosis: an unread input).
std::string fingerprint_of(std::initializer_list<std::string_view> fields);

// The evidence text with what varies between runs taken out: directories of paths (the file
// name stays), hexadecimal addresses and decimal numbers.
std::string stable_text(const std::string& text);

}  // namespace kdiag
