#pragma once
// The text renderer's few styles, written by fmt's colour support (not hand-made escape codes).
// Off, the text comes back unchanged.
#include <string>
#include <string_view>

namespace kdiag {

enum class Tone { heading, quiet, error, warning, info };

std::string paint(bool on, Tone tone, std::string_view text);

}  // namespace kdiag
