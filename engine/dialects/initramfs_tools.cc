// The initramfs generators: mkinitcpio ("==> ERROR: ...", "  -> Running build hook: [udev]")
// and dracut ("dracut[E]: ...", "dracut: FATAL: ...", dracut-install, in-initramfs warnings).
#include "dialects/dialects.h"
#include "dialects/grammar_util.h"

namespace kdiag::dialects {
namespace {
using namespace kdiag::grammar;
using x3::char_;
using x3::lit;
using x3::raw;
}  // namespace

bool parse_mkinitcpio(const Line& line, Event& ev) {
  const std::string& s = line.text;
  // "==> ..." or blanks then "-> ...": anything else is turned away before any parsing.
  const std::size_t first = s.find_first_not_of(" \t");
  if (first == std::string::npos || (s[0] != '=' && s[first] != '-')) return false;
  std::string message, level;
  if (parse_all(
          s, lit("==> ") >> -(raw[lit("ERROR") | lit("WARNING")][into(level)] >> ": ") >> raw[rest][into(message)])) {
    ev.kind = level.empty() ? "step" : "report";
    ev.severity = level == "ERROR" ? Severity::error : level == "WARNING" ? Severity::warning : Severity::none;
  } else if (parse_all(s, *x3::ascii::blank >> lit("-> ") >> raw[rest][into(message)])) {
    ev.kind = "substep";
  } else {
    return false;
  }
  ev.dialect = "mkinitcpio";
  ev.set("message", message);
  return true;
}

bool parse_dracut(const Line& line, Event& ev) {
  const std::string& s = line.text;
  if (!s.starts_with("dracut") && !line.source.starts_with("dracut")) return false;
  std::string letter, message, tool;
  if (parse_all(s, lit("dracut[") >> raw[char_("FEWIDT")][into(letter)] >> "]: " >> raw[rest][into(message)])) {
    ev.severity = letter == "F" || letter == "E" ? Severity::error : letter == "W" ? Severity::warning : Severity::info;
    ev.kind = "report";
  } else if (parse_all(
                 s,
                 raw[lit("dracut-install") | lit("dracut-initqueue") | lit("dracut-pre-udev") | lit("dracut-cmdline") |
                     lit("dracut-pre-mount") | lit("dracut-mount") | lit("dracut")][into(tool)] >>
                     -('[' >> +x3::ascii::digit >> ']') >> -(lit(':') | lit(" Warning:")) >> ' ' >>
                     raw[rest][into(message)])) {
    ev.kind = tool == "dracut-install" ? "install" : "report";
    const bool fatal = message.rfind("FATAL:", 0) == 0 || message.rfind("Refusing to continue", 0) == 0 ||
                       message.rfind("ERROR:", 0) == 0;
    const bool warn = s.find(" Warning:") != std::string::npos || message.rfind("Warning:", 0) == 0;
    ev.severity = fatal ? Severity::error : warn ? Severity::warning : Severity::none;
    if (!tool.empty()) ev.set("tool", tool);
  } else if (line.source.rfind("dracut", 0) == 0) {
    // journal lines of the dracut-* units inside the initramfs: "dracut-initqueue[300]: Warning: ..."
    message = s;
    ev.kind = "report";
    ev.severity = s.rfind("Warning:", 0) == 0 ? Severity::warning : Severity::none;
  } else {
    return false;
  }
  ev.dialect = "dracut";
  ev.set("message", message);
  return true;
}

}  // namespace kdiag::dialects
