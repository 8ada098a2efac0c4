#pragma once
// Numbers in a log are data, not trusted: a compiler may print a line number of 23 digits, a
// pasted log may hold anything. Every number a grammar takes from a line is read here, with
// std::from_chars (no exceptions, no locale) and a bound; one that does not fit is dropped, not
// clamped, so nothing downstream ever parses or trusts a number's text again.
#include <charconv>
#include <cstdint>
#include <optional>
#include <string_view>
#include <system_error>

namespace kdiag {

// Larger than any real source line or column (a 10^9-line file is 10+ GB of newlines).
inline constexpr std::uint32_t kMaxLogNumber = 1'000'000'000;

// The value of digits when it is a plain decimal number (ASCII digits only, no sign, no space)
// of at most max; nullopt otherwise (empty, other characters, out of range).
inline std::optional<std::uint32_t> parse_log_number(std::string_view digits, std::uint32_t max = kMaxLogNumber) {
  if (digits.empty()) return std::nullopt;
  std::uint64_t value = 0;
  const char* const end = digits.data() + digits.size();
  const auto [ptr, ec] = std::from_chars(digits.data(), end, value);
  if (ec != std::errc() || ptr != end || value > max) return std::nullopt;
  return static_cast<std::uint32_t>(value);
}

}  // namespace kdiag
