#include "summary/render.h"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace kdiag::cli {
namespace {

std::string share(std::size_t n, std::size_t total) {
  return total ? fmt::format("{:.1f}%", 100.0 * static_cast<double>(n) / static_cast<double>(total)) : "-";
}

std::string join(const std::vector<std::string>& v, std::string_view sep, std::string (*f)(std::string_view)) {
  std::string out;
  for (const auto& s : v) {
    if (!out.empty()) out += sep;
    out += f(s);
  }
  return out;
}

// Bounded, so one absurd path cannot blow up a table.
constexpr std::size_t kMaxCell = 300;

}  // namespace

std::string text_safe(std::string_view s) {
  std::string out;
  for (const unsigned char c : s.substr(0, kMaxCell)) out += (c < 0x20 || c == 0x7f) ? '?' : static_cast<char>(c);
  return out;
}

std::string markdown_cell(std::string_view s) {
  std::string out;
  for (const unsigned char c : s.substr(0, kMaxCell)) {
    switch (c) {
      case '|': out += "\\|"; break;
      case '`': out += "\\`"; break;
      case '\\': out += "\\\\"; break;
      case '*': out += "\\*"; break;
      case '_': out += "\\_"; break;
      case '[': out += "\\["; break;
      case ']': out += "\\]"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '\n':
      case '\r': out += ' '; break;
      default: out += (c < 0x20 || c == 0x7f) ? '?' : static_cast<char>(c);
    }
  }
  return out;
}

void render_summary_text(const Summary& s, std::ostream& out) {
  const std::size_t read = s.logs - s.unreadable.size();
  out << fmt::format("kdiag summary: {} logs, {} with a known cause, {} with none, {} unreadable\n\n", s.logs,
                     read - s.unknown.size(), s.unknown.size(), s.unreadable.size());
  std::size_t wid = 10, wkey = s.by.size();
  for (const auto& g : s.causes) {
    wid = std::max(wid, text_safe(g.cause).size());
    wkey = std::max(wkey, text_safe(g.key).size());
  }
  if (!s.causes.empty()) {
    std::string head = fmt::format("{:<{}}", "root cause", wid);
    if (!s.by.empty()) head += fmt::format("  {:<{}}", text_safe(s.by), wkey);
    out << head << fmt::format("  {:>5}  {:>6}  {:<8}  examples\n", "logs", "share", "severity");
    for (const auto& g : s.causes) {
      std::string line = fmt::format("{:<{}}", text_safe(g.cause), wid);
      if (!s.by.empty()) line += fmt::format("  {:<{}}", text_safe(g.key), wkey);
      out << line
          << fmt::format("  {:>5}  {:>6}  {:<8}  {}\n", g.logs, share(g.logs, s.logs), text_safe(g.severity),
                         join(g.examples, ", ", text_safe));
    }
  }
  if (!s.unknown.empty()) {
    out << "\nno known cause (" << s.unknown.size() << "):\n";
    for (const auto& p : s.unknown) out << "  " << text_safe(p) << "\n";
  }
  if (!s.unreadable.empty()) {
    out << "\nunreadable (" << s.unreadable.size() << "):\n";
    for (const auto& r : s.unreadable) out << "  " << text_safe(r.path) << ": " << text_safe(r.error) << "\n";
  }
}

void render_summary_json(const Summary& s, std::ostream& out) {
  using json = nlohmann::ordered_json;
  json causes = json::array();
  for (const auto& g : s.causes) {
    json c = {{"id", g.cause}};
    if (!s.by.empty()) c[s.by] = g.key;
    c["logs"] = g.logs;
    c["share"] = s.logs ? static_cast<double>(g.logs) / static_cast<double>(s.logs) : 0.0;
    c["severity"] = g.severity;
    c["title"] = g.title;
    c["examples"] = g.examples;
    causes.push_back(std::move(c));
  }
  json unreadable = json::array();
  for (const auto& r : s.unreadable) unreadable.push_back({{"path", r.path}, {"error", r.error}});
  json doc = {{"logs", s.logs}};
  if (!s.by.empty()) doc["by"] = s.by;
  doc["causes"] = std::move(causes);
  doc["unknown"] = s.unknown;
  doc["unreadable"] = std::move(unreadable);
  out << doc.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
}

void render_summary_markdown(const Summary& s, std::ostream& out) {
  const std::size_t read = s.logs - s.unreadable.size();
  out << fmt::format("## kdiag summary\n\n{} logs: {} with a known cause, {} with none, {} unreadable.\n\n", s.logs,
                     read - s.unknown.size(), s.unknown.size(), s.unreadable.size());
  if (!s.causes.empty()) {
    out << "| Root cause |" << (s.by.empty() ? "" : " " + markdown_cell(s.by) + " |")
        << " Logs | Share | Severity | Examples |\n";
    out << "| --- |" << (s.by.empty() ? "" : " --- |") << " ---: | ---: | --- | --- |\n";
    for (const auto& g : s.causes) {
      out << "| " << markdown_cell(g.cause) << " |" << (s.by.empty() ? "" : " " + markdown_cell(g.key) + " |") << " "
          << g.logs << " | " << share(g.logs, s.logs) << " | " << markdown_cell(g.severity) << " | "
          << join(g.examples, "<br>", markdown_cell) << " |\n";
    }
  }
  if (!s.unknown.empty()) {
    out << "\n### No known cause (" << s.unknown.size() << ")\n\n";
    for (const auto& p : s.unknown) out << "- " << markdown_cell(p) << "\n";
  }
  if (!s.unreadable.empty()) {
    out << "\n### Unreadable (" << s.unreadable.size() << ")\n\n";
    for (const auto& r : s.unreadable) out << "- " << markdown_cell(r.path) << ": " << markdown_cell(r.error) << "\n";
  }
}

}  // namespace kdiag::cli
