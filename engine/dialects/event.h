#pragma once
// A typed reading of one Line: which program printed it, what kind of message it is, and its
// fields (file, line, code, module, symbol, message...). Dialect grammars produce events; the
// matcher reads them; nothing else looks at raw text.
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "reader/line.h"

namespace kdiag {

enum class Severity { none = 0, info = 1, warning = 2, error = 3 };

std::string_view severity_name(Severity s);
bool parse_severity(std::string_view name, Severity& out);

struct Event {
  const Line* line = nullptr;
  std::string_view dialect = "plain";  // kbuild, compiler, rustc, rust-check, mkinitcpio, dracut,
                                       // kmod, kernel, efistub, bootloader, kconfig, plain
  std::string_view kind = "line";      // what the dialect recognised: make-error, diagnostic...
  Severity severity = Severity::none;  // what the line itself says (error:, ==> ERROR:, ...)
  std::vector<std::pair<std::string_view, std::string>> fields;
  // The source position the line names (compiler/rustc "file:line:col", a kernel splat's
  // "file:line"), as numbers: 0 = none. Renderers read these, never the text of the log.
  std::uint32_t file_line = 0;
  std::uint32_t file_col = 0;
  // The line quotes another program's text rather than printing it (DialectInfo::quotes_others).
  bool quoted = false;

  void set(std::string_view key, std::string value) { fields.emplace_back(key, std::move(value)); }
  // Sets file_line and file_col, and the "line" and "col" fields, from the digits a grammar took
  // (dialects/log_number.h): a line out of bounds drops the position (line and column), a column
  // out of bounds only the column.
  void set_position(std::string_view line_digits, std::string_view col_digits = {});
  // The field's value; "text" is the line body, "display" the line with its prefixes, "source"
  // who printed it (journal identifier, "dmesg"). Returns nullptr when the event has no such field.
  const std::string* get(std::string_view key) const;
};

// The dialect and field names a rule may restrict a signature to; the loader checks against these
// (dialect names come from the dialect table, dialects.h).
const std::vector<std::string_view>& known_dialects();
const std::vector<std::string_view>& known_fields();

}  // namespace kdiag
