#pragma once
// UTF-8 helpers shared by the reader, the evidence book and front-ends that cut log text.
#include <cstddef>
#include <string_view>

namespace kdiag {

// The first max bytes of text at most, cut where a UTF-8 character begins (never inside one).
std::string_view utf8_prefix(std::string_view text, std::size_t max);

}  // namespace kdiag
