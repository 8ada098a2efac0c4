// The literal prefilter: which literals a pattern requires (rules/literals.h), the scanner that
// finds them (matcher/literal_scanner.h), and the property everything rests on: a line a
// signature's regex matches always holds one of its literals, checked on every example line of
// the built-in packs.
#include <set>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <re2/re2.h>

#include "kdiag.h"
#include "matcher/literal_scanner.h"
#include "matcher/matcher.h"
#include "rules/literals.h"

using namespace kdiag;

namespace {

std::set<std::string> found_in(const LiteralScanner& scanner, const std::vector<std::string>& literals,
                               const std::string& text) {
  std::set<std::string> found;
  scanner.scan(text, [&](std::uint32_t id) { found.insert(literals[id]); });
  return found;
}

}  // namespace

TEST_CASE("required literals: the smallest set RE2's prefilter allows, spelled as the pattern spells it") {
  // RE2's atoms are "/usr/src/linux-headers-" and "/usr/src/kernels/"; the parts the pattern
  // spells as one run are kept, exactly as spelled.
  CHECK(required_literals("/usr/src/(?:linux-headers-|kernels/)") ==
        std::vector<std::string>{"kernels/", "linux-headers-"});
  CHECK(required_literals("(?i)/usr/src/(?:linux-headers-|kernels/)") ==
        std::vector<std::string>{"(?i)/usr/src/kernels/", "(?i)/usr/src/linux-headers-"});
  // Case-sensitive: the pattern's spelling, so "warning: " in a compiler line does not count.
  CHECK(required_literals(R"((?:^|[\s>\]])WARNING: at \S+)") == std::vector<std::string>{"WARNING: at "});
  // Case-insensitive: lower case, marked.
  CHECK(required_literals("(?i)Kernel panic") == std::vector<std::string>{"(?i)kernel panic"});
  // Alternatives: one literal each.
  CHECK(required_literals("modpost: missing|objtool: warning") ==
        std::vector<std::string>{"modpost: missing", "objtool: warning"});
  // Nothing required: checked on every line.
  CHECK(required_literals(R"(^\s*\[\s*\d+\.\d+\])").empty());
  CHECK(required_literals("abc|wxyz").empty());  // "abc" is too short to stand for its branch
  // Non-ASCII text is looked for as the case-sensitive pattern spells it...
  CHECK(required_literals("No such file|Нет такого файла|没有那个文件") ==
        std::vector<std::string>{"No such file", "Нет такого файла", "没有那个文件"});
  // ...but cannot be when the pattern ignores case (the scanner folds ASCII only): nothing is
  // required then...
  CHECK(required_literals("(?i)No such file|Нет такого файла").empty());
  // ...unless something else is required anyway.
  CHECK(required_literals("(?i)/usr/src/\\S+: (?:No such file|Нет такого файла)") ==
        std::vector<std::string>{"(?i)/usr/src/"});
  // A letter class ([Ff]) is folded into RE2's atom but not spelled by the pattern: the literal
  // must then ignore case, or "Firmware version" would be missed for "firmware version".
  const auto lits = required_literals("loaded firmware version|[Ff]irmware version");
  REQUIRE(lits.size() == 1);
  CHECK(lits[0].rfind("(?i)", 0) == 0);
  CHECK(required_literals("[Ee]rror: x") != std::vector<std::string>{"rror: x"});
  // A long non-ASCII literal is cut to its start at a character's boundary, never inside one.
  const auto cut = required_literals("そのようなファイルやディレクトリはありません。そのようなファイルやディレクトリ");
  REQUIRE(cut.size() == 1);
  CHECK(cut[0].size() <= 64);
  CHECK(cut[0] == "そのようなファイルやディレクトリはありませ");  // 21 characters of 3 bytes: 63
}

TEST_CASE("required literals: a pattern of thousands of alternatives loads quickly, and every branch is found") {
  std::string pattern = "(?:";
  for (int i = 0; i < 3000; ++i) pattern += (i ? "|" : "") + std::string("driver") + std::to_string(i) + " failed";
  pattern += ")";
  const auto literals = required_literals(pattern);
  REQUIRE_FALSE(literals.empty());
  const LiteralScanner scanner(literals);
  for (int i = 0; i < 3000; i += 7) {
    const std::string line = "kernel: driver" + std::to_string(i) + " failed to probe";
    CHECK_FALSE(found_in(scanner, literals, line).empty());
  }
}

TEST_CASE("literal scanner: finds every literal, exact ones as spelled, others ignoring case") {
  const std::vector<std::string> literals = {"WARNING: ", "(?i)kernel panic", "(?i)/usr/src/", "(?i)src/linux"};
  const LiteralScanner scanner(literals);
  CHECK(found_in(scanner, literals, "").empty());
  CHECK(found_in(scanner, literals, "abc").empty());
  CHECK(found_in(scanner, literals, "WARNING: ") == std::set<std::string>{"WARNING: "});
  CHECK(found_in(scanner, literals, "drivers/foo.c:1:2: warning: unused").empty());
  CHECK(found_in(scanner, literals, "KERNEL PANIC - not syncing") == std::set<std::string>{"(?i)kernel panic"});
  // Overlapping literals, at the very end of the line.
  CHECK(found_in(scanner, literals, "make -C /USR/SRC/LINUX") ==
        std::set<std::string>{"(?i)/usr/src/", "(?i)src/linux"});
  // A window that occurs without its literal wakes nothing.
  CHECK(found_in(scanner, literals, "ernel panicked? no: kernelpanic").empty());
}

TEST_CASE("literal scanner: many literals, each found alone in a line of noise") {
  std::vector<std::string> literals;
  for (int i = 0; i < 2000; ++i) literals.push_back("(?i)sig" + std::to_string(i * 7919) + "x");
  const LiteralScanner scanner(literals);
  for (int i = 0; i < 2000; i += 37) {
    const std::string line = "  CC [M]  drivers/net/foo.o sig" + std::to_string(i * 7919) + "x trailing";
    CHECK(found_in(scanner, literals, line) == std::set<std::string>{literals[i]});
  }
}

TEST_CASE("a line of every built-in example a signature matches holds one of its literals") {
  const RuleSet rules = builtin_rules();
  std::size_t checked = 0;
  for (const auto& rule : rules.rules) {
    for (const auto& sig : rule.signatures) {
      if (sig.literals.empty()) continue;
      const RE2 re(sig.pattern);
      const LiteralScanner scanner(sig.literals);
      std::vector<std::string> lines = rule.match_examples;
      lines.insert(lines.end(), rule.no_match_examples.begin(), rule.no_match_examples.end());
      for (const auto& line : lines) {
        if (!RE2::PartialMatch(line, re)) continue;
        INFO(rule.id << "/" << sig.name << " on: " << line);
        CHECK_FALSE(found_in(scanner, sig.literals, line).empty());
        ++checked;
      }
    }
  }
  CHECK(checked > 200);
}

TEST_CASE("matcher: a case-insensitive pattern matches through a character that folds onto ASCII") {
  // RE2 folds U+212A KELVIN SIGN onto 'k', so "(?i)kernel" matches "\u212Aernel"; the ASCII
  // literal "kernel" is not in that line, and the matcher must try the regex anyway.
  RuleSet rules;
  Rule rule;
  rule.id = "test.kelvin";
  Signature sig;
  sig.name = "panic";
  sig.pattern = "(?i)kernel panic";
  sig.literals = required_literals(sig.pattern);
  REQUIRE_FALSE(sig.literals.empty());
  rule.signatures.push_back(sig);
  rules.rules.push_back(rule);
  const RuleTable table(rules);
  const Matcher matcher(table);
  Line line;
  line.text =
      "\xE2\x84\xAA"
      "ernel panic - not syncing";
  Event event;
  event.line = &line;
  std::vector<Hit> hits;
  MatchScratch scratch = matcher.new_scratch();
  matcher.match(event, hits, scratch);
  CHECK(hits.size() == 1);
}
