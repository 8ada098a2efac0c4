#include "render/style.h"

#include <fmt/color.h>

namespace kdiag {

std::string paint(bool on, Tone tone, std::string_view text) {
  if (!on) return std::string(text);
  fmt::text_style style;
  switch (tone) {
    case Tone::heading: style = fmt::emphasis::bold; break;
    case Tone::quiet: style = fmt::emphasis::faint; break;
    case Tone::error: style = fmt::emphasis::bold | fmt::fg(fmt::terminal_color::red); break;
    case Tone::warning: style = fmt::emphasis::bold | fmt::fg(fmt::terminal_color::yellow); break;
    case Tone::info: style = fmt::emphasis::bold | fmt::fg(fmt::terminal_color::cyan); break;
  }
  return fmt::format(style, "{}", text);
}

}  // namespace kdiag
