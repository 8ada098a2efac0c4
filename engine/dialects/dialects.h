#pragma once
// The dialect grammars: each turns a Line into an Event when it recognises the line's form.
// classify() tries them in a fixed order; a line no grammar knows becomes a "plain" event.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

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

// One dialect: its name, the kinds of event it makes, and its grammar (registry.cc holds the
// table, in the order classify() tries them).
struct DialectInfo {
  std::string_view name;
  std::vector<std::string_view> kinds;
  bool (*parse)(const Line& line, Event& ev, DialectState& state);  // nullptr: "plain"
  // Its lines quote what another program would print (an echoed `echo "ERROR: ..."`): only
  // signatures that name this dialect read them.
  bool quotes_others = false;
};
const std::vector<DialectInfo>& dialect_table();
const DialectInfo* find_dialect(std::string_view name);
// Whether a dialect (any, when dialect is empty) makes events of this kind.
bool known_kind(std::string_view dialect, std::string_view kind);

}  // namespace kdiag
