// rustc: "error[E0463]: can't find crate for `core`", the "  --> file:line:col" that locates the
// previous diagnostic, and "  = note:" lines.
#include "dialects/dialects.h"
#include "dialects/grammar_util.h"

namespace kdiag::dialects {
namespace {
using namespace kdiag::grammar;
using x3::char_;
using x3::lit;
using x3::raw;
using x3::ascii::digit;
}  // namespace

bool parse_rustc(const Line& line, Event& ev, DialectState& state) {
  ev.dialect = "rustc";
  const std::string& s = line.text;
  std::string lvl, code, message, file, lineno, col;
  if (parse_all(s, raw[lit("error") | lit("warning")][into(lvl)] >>
                       -('[' >> raw[char_("EW") >> +digit][into(code)] >> ']') >> ": " >> raw[rest][into(message)])) {
    ev.kind = "diagnostic";
    ev.severity = lvl == "error" ? Severity::error : Severity::warning;
    ev.set("level", lvl);
    if (!code.empty()) ev.set("code", code);
    ev.set("message", message);
    state.rust_message = message;
    state.rust_code = code;
    state.rust_ordinal = line.ordinal;
    return true;
  }
  if (parse_all(s, *x3::ascii::blank >> "--> " >> raw[+(char_ - char_(": "))][into(file)] >> ':' >>
                       raw[+digit][into(lineno)] >> -(':' >> raw[+digit][into(col)]) >> *x3::ascii::blank)) {
    ev.kind = "location";
    ev.set("file", file);
    ev.set_position(lineno, col);
    // The location belongs to the diagnostic a few lines above; carry its message and code so
    // that renderers can point a CI annotation at the source line.
    if (state.rust_ordinal && line.ordinal - state.rust_ordinal <= 3) {
      ev.set("message", state.rust_message);
      if (!state.rust_code.empty()) ev.set("code", state.rust_code);
    }
    return true;
  }
  if (parse_all(s, *x3::ascii::blank >> "= " >> raw[lit("note") | lit("help")][into(lvl)] >> ": " >>
                       raw[rest][into(message)])) {
    ev.kind = "note";
    ev.set("level", lvl);
    ev.set("message", message);
    return true;
  }
  return false;
}

}  // namespace kdiag::dialects
