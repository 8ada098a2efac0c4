// The one table of dialects: classify() tries them in this order, the rule loader checks a
// signature's `dialect` and `kind` against it, and the rules README lists it (a unit test
// compares the two). Adding a dialect is its grammar file in this folder (CMake finds it) plus
// its declaration and one line here.
#include "dialects/dialects.h"

namespace kdiag {

// The grammars, one file each.
namespace dialects {
bool parse_efistub(const Line& line, Event& ev);
bool parse_bootloader(const Line& line, Event& ev);
bool parse_kbuild(const Line& line, Event& ev);
bool parse_compiler(const Line& line, Event& ev);
bool parse_rust_check(const Line& line, Event& ev);
bool parse_mkinitcpio(const Line& line, Event& ev);
bool parse_dracut(const Line& line, Event& ev);
bool parse_kmod(const Line& line, Event& ev);
bool parse_rustc(const Line& line, Event& ev, DialectState& state);
bool parse_kernel(const Line& line, Event& ev);
bool parse_kconfig(const Line& line, Event& ev);
bool parse_shell(const Line& line, Event& ev);
}  // namespace dialects

const std::vector<DialectInfo>& dialect_table() {
  using namespace dialects;
  // Order matters only where forms overlap: the specific prefixes ("EFI stub:", "==>",
  // "dracut[E]:", make's "***", "CONFIG_") come before the permissive "file: level:" and
  // "module: text" forms.
  static const std::vector<DialectInfo> table = {
      {"efistub", {"message"}, [](const Line& l, Event& e, DialectState&) { return parse_efistub(l, e); }},
      {"bootloader", {"message"}, [](const Line& l, Event& e, DialectState&) { return parse_bootloader(l, e); }},
      // Before kbuild and the rest: an echoed `echo "make: *** ..."` is a command, not make's error.
      {"shell", {"echo"}, [](const Line& l, Event& e, DialectState&) { return parse_shell(l, e); }, true},
      {"kbuild",
       {"make-error", "no-rule", "make-fatal", "directory", "modpost", "step"},
       [](const Line& l, Event& e, DialectState&) { return parse_kbuild(l, e); }},
      {"kconfig",
       {"option-set", "option-unset"},
       [](const Line& l, Event& e, DialectState&) { return parse_kconfig(l, e); }},
      {"rust-check", {"box"}, [](const Line& l, Event& e, DialectState&) { return parse_rust_check(l, e); }},
      {"mkinitcpio",
       {"report", "step", "substep"},
       [](const Line& l, Event& e, DialectState&) { return parse_mkinitcpio(l, e); }},
      {"dracut", {"report", "install"}, [](const Line& l, Event& e, DialectState&) { return parse_dracut(l, e); }},
      {"kmod", {"report"}, [](const Line& l, Event& e, DialectState&) { return parse_kmod(l, e); }},
      {"rustc", {"diagnostic", "location", "note"}, parse_rustc},
      {"compiler",
       {"diagnostic", "driver", "tool-message", "context", "include"},
       [](const Line& l, Event& e, DialectState&) { return parse_compiler(l, e); }},
      {"kernel",
       {"panic", "panic-end", "oops", "warning-splat", "call-trace", "frame", "message"},
       [](const Line& l, Event& e, DialectState&) { return parse_kernel(l, e); }},
      {"plain", {"line"}, nullptr},  // what no grammar recognised
  };
  return table;
}

const DialectInfo* find_dialect(std::string_view name) {
  for (const auto& d : dialect_table()) {
    if (d.name == name) return &d;
  }
  return nullptr;
}

bool known_kind(std::string_view dialect, std::string_view kind) {
  for (const auto& d : dialect_table()) {
    if (!dialect.empty() && d.name != dialect) continue;
    for (const auto& k : d.kinds) {
      if (k == kind) return true;
    }
  }
  return false;
}

const std::vector<std::string_view>& known_dialects() {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> out;
    for (const auto& d : dialect_table()) out.push_back(d.name);
    return out;
  }();
  return names;
}

}  // namespace kdiag
