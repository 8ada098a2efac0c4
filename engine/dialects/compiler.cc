// gcc and clang: file:line:col diagnostics, driver errors ("gcc: error: unrecognized
// command-line option"), linker messages and the "In function" context lines.
#include "dialects/dialects.h"
#include "dialects/grammar_util.h"

namespace kdiag::dialects {
namespace {
using namespace kdiag::grammar;
using x3::char_;
using x3::lit;
using x3::raw;
using x3::ascii::digit;

// The level word up to its colon; canonical_level() says whether it is one.
const auto level = +(char_ - char_(":\n"));

// gcc's and binutils' level words in the locales kernels are built in (their .po files), as the
// English word rules and renderers read: a German build says "Fehler", a Russian one "ошибка".
std::string canonical_level(std::string_view word) {
  word = trim(word);
  struct Entry {
    std::string_view word, level;
  };
  static constexpr Entry kLevels[] = {
      {"error", "error"},
      {"fatal error", "fatal error"},
      // A compiler bug the source triggers stops the build like a fatal error.
      {"internal compiler error", "fatal error"},
      {"interner Compiler-Fehler", "fatal error"},
      {"erreur interne du compilateur", "fatal error"},
      {"error interno del compilador", "fatal error"},
      // gas: "{standard input}:11856: Error: missing operand" (capitalised, unlike gcc).
      {"Error", "error"},
      {"Warning", "warning"},
      {"sorry, unimplemented", "error"},
      {"Entschuldigung, nicht implementiert", "error"},
      {"désolé, pas implanté", "error"},
      {"warning", "warning"},
      {"note", "note"},
      {"remark", "remark"},
      {"Fehler", "error"},
      {"schwerwiegender Fehler", "fatal error"},
      {"Warnung", "warning"},
      {"Anmerkung", "note"},
      {"erreur", "error"},
      {"erreur fatale", "fatal error"},
      {"attention", "warning"},
      {"avertissement", "warning"},
      {"error fatal", "fatal error"},
      {"aviso", "warning"},
      {"advertencia", "warning"},
      {"nota", "note"},
      {"errore", "error"},
      {"errore fatale", "fatal error"},
      {"attenzione", "warning"},
      {"avviso", "warning"},
      {"erro", "error"},
      {"erro fatal", "fatal error"},
      {"ошибка", "error"},
      {"фатальная ошибка", "fatal error"},
      {"предупреждение", "warning"},
      {"замечание", "note"},
      {"błąd", "error"},
      {"błąd krytyczny", "fatal error"},
      {"ostrzeżenie", "warning"},
      {"uwaga", "note"},
      {"错误", "error"},
      {"致命错误", "fatal error"},
      {"警告", "warning"},
      {"附注", "note"},
      {"备注", "note"},
      {"エラー", "error"},
      {"致命的エラー", "fatal error"},
      {"備考", "note"},
  };
  for (const auto& e : kLevels) {
    if (e.word == word) return std::string(e.level);
  }
  return {};
}

// Whether a program name (with or without path and target triple) is a compiler or binutils tool.
bool is_toolchain_program(std::string_view name) {
  const auto slash = name.rfind('/');
  if (slash != std::string_view::npos) name.remove_prefix(slash + 1);
  for (std::string_view family : {"gcc", "clang", "g++", "cc1", "collect2", "lld", "ld.", "objtool"}) {
    if (name.find(family) != std::string_view::npos) return true;
  }
  for (std::string_view exact : {"cc", "ld", "as", "c++"}) {
    if (name == exact) return true;
    if (name.size() > exact.size() &&
        name.substr(name.size() - exact.size() - 1) == std::string("-") + std::string(exact)) {
      return true;
    }
  }
  return false;
}

Severity severity_of(std::string_view lvl) {
  if (lvl == "error" || lvl == "fatal error") return Severity::error;
  if (lvl == "warning") return Severity::warning;
  return Severity::info;
}

void set_flag(Event& ev, const std::string& message) {
  // "... [-Wimplicit-function-declaration]" or "[-Werror=implicit-function-declaration]"
  if (message.size() > 4 && message.back() == ']') {
    const auto open = message.rfind(" [-");
    if (open != std::string::npos) ev.set("flag", message.substr(open + 2, message.size() - open - 3));
  }
}

}  // namespace

bool parse_compiler(const Line& line, Event& ev) {
  ev.dialect = "compiler";
  const std::string& s = line.text;
  if (s.find(':') == std::string::npos) return false;  // every form names "file:" or "tool:"
  std::string file, lineno, col, lvl, message;
  // A path may hold spaces ("/home/u/my driver/x.c"), though it does not start with one.
  if (parse_all(s, raw[(char_ - char_(": \t")) >> *(char_ - ':')][into(file)] >> ':' >> raw[+digit][into(lineno)] >>
                       -(':' >> raw[+digit][into(col)]) >> ": " >> raw[level][into(lvl)] >> ':' >> -lit(' ') >>
                       raw[rest][into(message)]) &&
      !(lvl = canonical_level(lvl)).empty()) {
    ev.kind = "diagnostic";
    ev.severity = severity_of(lvl);
    ev.set("file", file);
    ev.set_position(lineno, col);
    ev.set("level", lvl);
    ev.set("message", message);
    set_flag(ev, message);
    return true;
  }
  std::string tool;
  if (parse_all(s, raw[+(char_ - char_(": "))][into(tool)] >> ": " >> raw[level][into(lvl)] >> ':' >> -lit(' ') >>
                       raw[rest][into(message)]) &&
      is_toolchain_program(tool) && !(lvl = canonical_level(lvl)).empty()) {
    ev.kind = "driver";
    ev.severity = severity_of(lvl);
    ev.set("tool", tool);
    ev.set("level", lvl);
    ev.set("message", message);
    return true;
  }
  if (parse_all(s, raw[+(char_ - char_(": "))][into(tool)] >> ": " >> raw[rest][into(message)]) &&
      is_toolchain_program(tool)) {
    ev.kind = "tool-message";  // ld: x.o: in function `f': undefined reference to `g'
    const bool failed = message.find("undefined reference") != std::string::npos ||
                        message.find("cannot find") != std::string::npos || message.find("error") != std::string::npos;
    ev.severity = failed ? Severity::error : Severity::none;
    ev.set("tool", tool);
    ev.set("message", message);
    return true;
  }
  std::string function;
  if (parse_all(s, raw[+(char_ - char_(": "))][into(file)] >> ": In " >> +x3::ascii::alpha >> ' ' >> char_("'`\xE2") >>
                       -lit("\x80\x98") >> raw[+(char_ - char_("'\xE2"))][into(function)] >> rest)) {
    ev.kind = "context";
    ev.set("file", file);
    ev.set("function", function);
    return true;
  }
  if (parse_all(s, *x3::ascii::blank >> (lit("In file included from ") | lit("from ")) >>
                       raw[+(char_ - char_(": "))][into(file)] >> ':' >> raw[+digit][into(lineno)] >> rest)) {
    ev.kind = "include";
    ev.set("file", file);
    ev.set_position(lineno);
    return true;
  }
  return false;
}

}  // namespace kdiag::dialects
