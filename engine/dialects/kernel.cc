// The kernel's own messages (dmesg, journalctl -k, serial console): panics, BUG/Oops, WARNING
// splats with their frames, the "***" boxes of the Rust toolchain checks, and "module: message"
// lines of drivers. Also kmod's userspace tools (insmod/modprobe), which report on the same events.
#include "dialects/dialects.h"
#include "dialects/grammar_util.h"

namespace kdiag::dialects {
namespace {
using namespace kdiag::grammar;
using x3::char_;
using x3::lit;
using x3::raw;
using x3::ascii::alnum;
using x3::ascii::digit;
using x3::ascii::xdigit;

const auto identifier = +(alnum | char_("_.-"));
}  // namespace

bool parse_rust_check(const Line& line, Event& ev) {
  if (!line.text.starts_with("***")) return false;
  std::string message;
  // The kernel's scripts/rust_is_available.sh and Kconfig print their reports in *** boxes.
  if (!parse_all(line.text, lit("***") >> *x3::ascii::blank >> raw[rest][into(message)])) return false;
  ev.dialect = "rust-check";
  ev.kind = "box";
  ev.set("message", std::string(trim(message)));
  return true;
}

bool parse_kmod(const Line& line, Event& ev) {
  if (line.text.empty() || std::string_view("imrdk").find(line.text[0]) == std::string_view::npos) return false;
  std::string tool, level, message;
  if (!parse_all(line.text, raw[lit("insmod") | lit("modprobe") | lit("rmmod") | lit("depmod") | lit("modinfo") |
                                lit("kmod")][into(tool)] >>
                                ": " >> -(raw[lit("ERROR") | lit("FATAL") | lit("WARNING")][into(level)] >> ": ") >>
                                raw[rest][into(message)])) {
    return false;
  }
  ev.dialect = "kmod";
  ev.kind = "report";
  ev.severity = level == "WARNING" ? Severity::warning : level.empty() ? Severity::none : Severity::error;
  ev.set("tool", tool);
  ev.set("message", message);
  std::string module, reason;
  // insmod: ERROR: could not insert module hello.ko: Invalid module format
  if (parse_all(message, lit("could not insert module ") >> raw[+(char_ - ':')][into(module)] >> ": " >>
                             raw[rest][into(reason)]) ||
      parse_all(message,
                lit("could not insert '") >> raw[+(char_ - '\'')][into(module)] >> "': " >> raw[rest][into(reason)]) ||
      parse_all(message, lit("Module ") >> raw[+(char_ - ' ')][into(module)] >> " not found" >> rest) ||
      parse_all(message, lit("could not load module ") >> raw[+(char_ - ':')][into(module)] >> rest)) {
    ev.set("module", module);
    if (!reason.empty()) ev.set("reason", reason);
  }
  return true;
}

bool parse_kernel(const Line& line, Event& ev) {
  const std::string& s = line.text;
  std::string reason, file, lineno, function, module, message;
  ev.dialect = "kernel";
  if (parse_all(s, lit("Kernel panic - not syncing: ") >> raw[rest][into(reason)])) {
    ev.kind = "panic";
    ev.severity = Severity::error;
    ev.set("reason", reason);
    return true;
  }
  if (parse_all(s, lit("---[ end Kernel panic - not syncing: ") >> raw[rest][into(reason)])) {
    ev.kind = "panic-end";
    ev.severity = Severity::error;
    ev.set("reason", reason);
    return true;
  }
  if (parse_all(s, lit("WARNING: CPU: ") >> +digit >> +(char_ - lit(" at ")) >> " at " >>
                       raw[+(char_ - char_(": "))][into(file)] >> ':' >> raw[+digit][into(lineno)] >> ' ' >>
                       raw[+(char_ - '+')][into(function)] >> rest)) {
    ev.kind = "warning-splat";
    ev.severity = Severity::warning;
    ev.set("file", file);
    ev.set_position(lineno);
    ev.set("function", function);
    return true;
  }
  if (parse_all(s, raw[lit("BUG: ") | lit("Oops") | lit("general protection fault") | lit("Unable to handle kernel") |
                       lit("kernel BUG at ") | lit("Internal error: ")] >>
                       rest)) {
    ev.kind = "oops";
    ev.severity = Severity::error;
    ev.set("reason", s);
    return true;
  }
  if (parse_all(s, lit("Call Trace:") | lit("Call trace:") | lit("<TASK>"))) {
    ev.kind = "call-trace";
    return true;
  }
  if (parse_all(s, lit("RIP: ") >> +alnum >> ':' >> raw[+(char_ - '+')][into(function)] >> rest) ||
      parse_all(s, lit("pc : ") >> raw[+(char_ - '+')][into(function)] >> rest) ||
      // " ? do_one_initcall+0x56/0x220" or "[<ffffffff810>] func+0x1/0x2 [mod]"
      parse_all(s, *x3::ascii::blank >> -('[' >> +(char_ - ']') >> "] ") >> -lit("? ") >>
                       raw[+(alnum | char_("_.$"))][into(function)] >> "+0x" >> +xdigit >> "/0x" >> +xdigit >> rest)) {
    ev.kind = "frame";
    ev.set("function", function);
    return true;
  }
  // "module: message" and "driver device: message" (nvme nvme0: ..., usb 1-1: ...); only for lines
  // that a kernel prefix marked, since the form is too common elsewhere.
  std::string device;
  if (line.kernel &&
      parse_all(s, raw[identifier][into(module)] >> -(' ' >> raw[+(char_ - char_(" :"))][into(device)]) >> ": " >>
                       raw[rest][into(message)])) {
    ev.kind = "message";
    ev.set("module", module);
    ev.set("message", message);
    return true;
  }
  if (line.kernel) {
    ev.kind = "message";
    ev.set("message", s);
    return true;
  }
  ev.dialect = "plain";
  return false;
}

}  // namespace kdiag::dialects
