// make and kbuild: make's own errors, directory changes, kbuild's "  CC [M]  path" steps and
// modpost's reports.
#include "dialects/dialects.h"
#include "dialects/grammar_util.h"

namespace kdiag::dialects {
namespace {
using namespace kdiag::grammar;
using x3::char_;
using x3::lit;
using x3::raw;
using x3::ascii::digit;
using x3::ascii::upper;

// make, gmake, make[2], /usr/bin/make
const auto make_program = -lit('/') >> *(+(char_ - char_(" :/")) >> '/') >> -lit('g') >> lit("make") >>
                          -('[' >> +digit >> ']') >> ':';
const auto quote = char_("'`\xE2");  // ' or ` (GNU make < 4) or the UTF-8 lead of a curly quote

bool parse_make(const Line& line, Event& ev) {
  const std::string& s = line.text;
  // Every form below has "make" or make's "***" in it; most lines have neither.
  if (s.find("make") == std::string::npos && s.find("***") == std::string::npos) return false;
  std::string target, code, message, directory;
  if (parse_all(s, make_program >> " *** [" >> raw[+(char_ - ']')][into(target)] >> "] " >> -lit("Error ") >>
                       raw[rest][into(code)])) {
    ev.kind = "make-error";
    ev.severity = Severity::error;
    // "scripts/Makefile.build:243: drivers/x.o": the part after the recipe location is the target.
    const auto sep = target.rfind(": ");
    if (sep != std::string::npos) {
      ev.set("file", target.substr(0, target.rfind(':', sep - 1)));
      target = target.substr(sep + 2);
    }
    ev.set("target", target);
    ev.set("code", code);
    return true;
  }
  std::string needed_by;
  if (parse_all(s, make_program >> " *** No rule to make target " >> quote >> -lit("\x80\x98") >>
                       raw[*(char_ - quote)][into(target)] >> +(quote | char_("\x80\x98\x99")) >>
                       -(lit(", needed by ") >> quote >> -lit("\x80\x98") >> raw[*(char_ - quote)][into(needed_by)]) >>
                       rest)) {
    ev.kind = "no-rule";
    ev.severity = Severity::error;
    ev.set("target", target);
    if (!needed_by.empty()) ev.set("path", needed_by);
    return true;
  }
  if (parse_all(s, make_program >> " *** " >> raw[rest][into(message)])) {
    ev.kind = "make-fatal";
    ev.severity = message.rfind("Waiting for unfinished jobs", 0) == 0 ? Severity::none : Severity::error;
    ev.set("message", message);
    return true;
  }
  std::string file;
  // Makefile:720: *** multiple target patterns.  Stop.
  if (parse_all(s, raw[+(char_ - char_(": "))][into(file)] >> ':' >> +digit >> ": *** " >> raw[rest][into(message)])) {
    ev.kind = "make-fatal";
    ev.severity = Severity::error;
    ev.set("file", file);
    ev.set("message", message);
    return true;
  }
  if (parse_all(s, make_program >> ' ' >> (lit("Entering") | lit("Leaving")) >> " directory " >> quote >>
                       -lit("\x80\x98") >> raw[*(char_ - quote)][into(directory)] >> rest)) {
    ev.kind = "directory";
    ev.set("directory", directory);
    return true;
  }
  return false;
}

bool parse_modpost(const Line& line, Event& ev) {
  const std::string& s = line.text;
  if (s.find("modpost") == std::string::npos && s.find(": \"") == std::string::npos) return false;
  std::string level, message;
  const bool modern = parse_all(s, raw[lit("ERROR") | lit("WARNING") | lit("FATAL")][into(level)] >>
                                       lit(": modpost: ") >> raw[rest][into(message)]);
  // Before 5.x modpost printed WARNING: "sym" [m.ko] undefined! without its name.
  const bool legacy = !modern && parse_all(s, raw[lit("ERROR") | lit("WARNING") | lit("FATAL")][into(level)] >> ": " >>
                                                  &lit('"') >> raw[rest][into(message)]);
  const bool bare = !modern && !legacy && parse_all(s, lit("modpost: ") >> raw[rest][into(message)]);
  if (!modern && !legacy && !bare) return false;
  ev.kind = "modpost";
  ev.severity = level == "WARNING" ? Severity::warning : Severity::error;
  if (bare) ev.severity = Severity::none;
  std::string symbol, module;
  if (parse_all(message, '"' >> raw[+(char_ - '"')][into(symbol)] >> "\" [" >> raw[+(char_ - ']')][into(module)] >>
                             ']' >> rest)) {
    ev.set("symbol", symbol);
    ev.set("module", module);
  }
  ev.set("message", message);
  return true;
}

bool parse_step(const Line& line, Event& ev) {
  const std::string& s = line.text;
  if (s.size() < 4 || s[0] != ' ' || s[1] != ' ' || s[2] < 'A' || s[2] > 'Z') return false;
  std::string tool, path;
  // "  CC [M]  drivers/net/x.o", "  RUSTC [M] x.o", "  LD      vmlinux"
  if (!parse_all(line.text, lit("  ") >> raw[upper >> +(upper | digit | char_('_'))][into(tool)] >> -lit(" [M]") >>
                                +x3::ascii::blank >> raw[+char_][into(path)])) {
    return false;
  }
  ev.kind = "step";
  ev.set("tool", tool);
  ev.set("path", std::string(trim(path)));
  return true;
}

}  // namespace

bool parse_kbuild(const Line& line, Event& ev) {
  ev.dialect = "kbuild";
  return parse_make(line, ev) || parse_modpost(line, ev) || parse_step(line, ev);
}

}  // namespace kdiag::dialects
