#pragma once
// Word-wrapping of prose for terminal output (the text renderer, `kdiag explain`).
#include <cstddef>
#include <string>
#include <string_view>

namespace kdiag {

// text re-flowed at width columns, every line indented by indent spaces and ended by '\n'.
std::string wrap_text(std::string_view text, std::size_t indent, std::size_t width = 96);

}  // namespace kdiag
