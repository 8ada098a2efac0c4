#pragma once
// The dialect grammars: each turns a Line into an Event when it recognises the line's form.
// classify() tries them in a fixed order; a line no grammar knows becomes a "plain" event.
#include <cstddef>
#include <string>

#include "dialects/event.h"

namespace kdiag {

// What a grammar needs to remember between lines of one diagnosis (rustc prints the location of
// a diagnostic on a later line).
struct DialectState {
  std::string rust_message;
  std::string rust_code;
  std::size_t rust_ordinal = 0;
};

Event classify(const Line& line, DialectState& state);

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
}  // namespace dialects

}  // namespace kdiag
