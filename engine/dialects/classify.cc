#include "dialects/dialects.h"

namespace kdiag {

Event classify(const Line& line, DialectState& state) {
  Event ev;
  ev.line = &line;
  // Order matters only where forms overlap: the specific prefixes ("EFI stub:", "==>",
  // "dracut[E]:", make's "***") come before the permissive "file: level:" and "module: text" forms.
  const auto attempt = [&](auto&& parse) {
    Event candidate;
    candidate.line = &line;
    if (!parse(candidate)) return false;
    ev = std::move(candidate);
    return true;
  };
  using namespace dialects;
  if (attempt([&](Event& e) { return parse_efistub(line, e); }) ||
      attempt([&](Event& e) { return parse_bootloader(line, e); }) ||
      attempt([&](Event& e) { return parse_kbuild(line, e); }) ||
      attempt([&](Event& e) { return parse_kconfig(line, e); }) ||
      attempt([&](Event& e) { return parse_rust_check(line, e); }) ||
      attempt([&](Event& e) { return parse_mkinitcpio(line, e); }) ||
      attempt([&](Event& e) { return parse_dracut(line, e); }) ||
      attempt([&](Event& e) { return parse_kmod(line, e); }) ||
      attempt([&](Event& e) { return parse_rustc(line, e, state); }) ||
      attempt([&](Event& e) { return parse_compiler(line, e); }) ||
      attempt([&](Event& e) { return parse_kernel(line, e); })) {
    return ev;
  }
  return ev;  // plain
}

}  // namespace kdiag
