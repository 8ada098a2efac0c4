#include "dialects/event.h"

#include "dialects/log_number.h"

namespace kdiag {

std::string_view severity_name(Severity s) {
  switch (s) {
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    case Severity::info: return "info";
    case Severity::none: break;
  }
  return "none";
}

bool parse_severity(std::string_view name, Severity& out) {
  if (name == "error") out = Severity::error;
  else if (name == "warning") out = Severity::warning;
  else if (name == "info") out = Severity::info;
  else return false;
  return true;
}

const std::string* Event::get(std::string_view key) const {
  if (key == "text") return line ? &line->text : nullptr;
  if (key == "display") return line ? &line->display : nullptr;
  // Who printed the line, as its prefix said: a journal identifier ("systemd", "NetworkManager",
  // "kernel"), "dmesg"; none for a line with no such prefix (build output, a console).
  if (key == "source") return line && !line->source.empty() ? &line->source : nullptr;
  for (const auto& [k, v] : fields) {
    if (k == key) return &v;
  }
  return nullptr;
}

void Event::set_position(std::string_view line_digits, std::string_view col_digits) {
  const auto line_number = parse_log_number(line_digits);
  if (!line_number || *line_number == 0) return;
  file_line = *line_number;
  set("line", std::to_string(file_line));
  const auto col = parse_log_number(col_digits);
  if (!col || *col == 0) return;
  file_col = *col;
  set("col", std::to_string(file_col));
}

const std::vector<std::string_view>& known_fields() {
  static const std::vector<std::string_view> names = {
      "text",      "display", "message",  "file",   "line",  "col",    "code",   "level",
      "flag",      "module",  "symbol",   "target", "tool",  "path",   "reason", "subsystem",
      "directory", "source",  "function", "option", "value", "command"};
  return names;
}

}  // namespace kdiag
