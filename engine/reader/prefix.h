#pragma once
// Strips the prefixes that wrap the text a program printed: CI timestamps, dmesg and journal
// headers, markdown quotes and shell prompts from issue pastes. Fills Line::text/source/kernel
// from Line::display.
#include "reader/line.h"

namespace kdiag {

void strip_prefixes(Line& line);

}  // namespace kdiag
