// A shell command that prints text, echoed into the log: make's verbose output and `make -n`
// print recipes (`echo "  ERROR: Kernel configuration is invalid.";`), `set -x` traces print
// `+ echo ...`. The text in quotes is what the command would print, not what was printed: a rule
// reads such a line only if it names this dialect (DialectInfo::quotes_others).
//   echo "  ERROR: ...";  \        -> kind echo, field command (echo or printf)
//   + printf '%s\n' "..."
#include "dialects/dialects.h"
#include "dialects/grammar_util.h"

namespace kdiag::dialects {
namespace {
using namespace kdiag::grammar;
using x3::lit;
using x3::raw;
using x3::ascii::alpha;
using x3::ascii::blank;

const auto trace = +lit('+') >> +blank;
const auto command = lit("echo") | lit("printf");
const auto option = lit('-') >> +alpha >> +blank;
}  // namespace

bool parse_shell(const Line& line, Event& ev) {
  const std::string& s = line.text;
  // Cheap test first: nearly no line holds either word.
  if (s.find("echo") == std::string::npos && s.find("printf") == std::string::npos) return false;
  std::string name;
  if (!parse_all(s, *blank >> -trace >> -lit('@') >> raw[command][into(name)] >> +blank >> *option >>
                        x3::char_("\"'") >> rest)) {
    return false;
  }
  ev.dialect = "shell";
  ev.kind = "echo";
  ev.set("command", name);
  return true;
}

}  // namespace kdiag::dialects
