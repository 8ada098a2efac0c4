// Rule packs that are wrong are refused with file:line:col, the rule id and what is wrong.
#include <doctest/doctest.h>

#include "rules/fragments.h"
#include "rules/loader.h"

using namespace kdiag;

namespace {

const char* kGoodRule = R"(pack: test
rules:
  - id: kbuild.tool-missing
    title: a tool is missing
    severity: error
    cause: because
    fix: [install it]
    signatures:
      - name: bc
        pattern: '/bin/sh: 1: bc: not found'
    examples:
      match: ['/bin/sh: 1: bc: not found']
      no_match: ['bc: ok']
)";

LoadResult load(const std::string& text) { return load_packs({{"test.yaml", text}}); }

bool has_error(const LoadResult& r, const std::string& fragment) {
  for (const auto& e : r.errors) {
    if (e.find(fragment) != std::string::npos) return true;
  }
  return false;
}

std::string with(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("loader: a valid pack loads") {
  const auto r = load(kGoodRule);
  CHECK(r.ok());
  REQUIRE(r.rules.rules.size() == 1);
  CHECK(r.rules.rules[0].id == "kbuild.tool-missing");
  CHECK(r.rules.rules[0].mark.str() == "test.yaml:3:5");
}

TEST_CASE("loader: invalid YAML names the position") {
  const auto r = load("rules:\n  - id: [unclosed\n");
  REQUIRE_FALSE(r.ok());
  CHECK(r.errors[0].rfind("test.yaml:", 0) == 0);
  CHECK(has_error(r, "invalid YAML"));
}

TEST_CASE("loader: unknown fields get a did-you-mean") {
  const auto r = load(with(kGoodRule, "    signatures:", "    signature:"));
  CHECK(has_error(r, "unknown field 'signature' in rule (did you mean 'signatures'?)"));
  CHECK(has_error(r, "rule 'kbuild.tool-missing'"));
  CHECK(r.rules.rules.empty());  // never half a knowledge base
}

TEST_CASE("loader: wrong types, bad severity, bad ids") {
  CHECK(has_error(load(with(kGoodRule, "fix: [install it]", "fix: 3")), "'fix' must be a non-empty list of steps"));
  CHECK(has_error(load(with(kGoodRule, "severity: error", "severity: fatal")),
                  "severity must be error, warning or info"));
  CHECK(has_error(load(with(kGoodRule, "id: kbuild.tool-missing", "id: Tool Missing")), "id must be <domain>.<name>"));
  CHECK(has_error(
      load(with(kGoodRule, "        pattern: '/bin/sh: 1: bc: not found'", "        pattern: 7\n        weight: 2")),
      "weight must be in [0, 1]"));
}

TEST_CASE("loader: a pattern RE2 rejects is refused with RE2's reason") {
  const auto r = load(with(kGoodRule, "'/bin/sh: 1: bc: not found'\n    examples", "'(unclosed'\n    examples"));
  CHECK(has_error(r, "pattern does not compile: missing ): (unclosed"));
  CHECK(has_error(r, "test.yaml:10:18"));
}

TEST_CASE("loader: fragments put in the translations; an unknown one is refused") {
  CHECK(expand_fragments("x{2,3}: \\{ENOENT\\} a{ENOENT}").find("a(?:No such file or directory|Datei oder") !=
        std::string::npos);
  CHECK(expand_fragments("x{2,3} \\{ENOENT\\}").rfind("x{2,3} \\{ENOENT\\}", 0) == 0);  // repetition, escaped brace kept
  // A pack that writes a fragment loads, and the pattern it compiles holds every translation.
  auto r = load(with(with(kGoodRule, "'/bin/sh: 1: bc: not found'\n", "'bc: {ENOENT}'\n"),
                     "match: ['/bin/sh: 1: bc: not found']", "match: ['bc: File o directory non esistente']"));
  CHECK(r.ok());
  REQUIRE(r.rules.rules.size() == 1);
  CHECK(r.rules.rules[0].signatures[0].pattern.find("Нет такого файла или каталога") != std::string::npos);
  r = load(with(kGoodRule, "'/bin/sh: 1: bc: not found'\n", "'bc: {ENOENTT}'\n"));
  CHECK(has_error(r, "signature 'bc': unknown fragment {ENOENTT} (known: {ENOENT}, {COMMAND_NOT_FOUND})"));
}

TEST_CASE("loader: conditions must name signatures and be satisfiable") {
  CHECK(has_error(load(with(kGoodRule, "    examples:", "    condition: bc and not bx\n    examples:")),
                  "condition names unknown signature 'bx' (did you mean 'bc'?)"));
  CHECK(has_error(load(with(kGoodRule, "    examples:", "    condition: bc and not bc\n    examples:")),
                  "could never fire"));
  CHECK(has_error(load(with(kGoodRule, "    examples:", "    condition: bc and\n    examples:")),
                  "cannot parse condition"));
}

TEST_CASE("loader: fix steps may carry a condition, which must name the rule's signatures") {
  auto r =
      load(with(kGoodRule, "fix: [install it]", "fix: [install it, {step: 'newer', when: 'version(bc.v) >= 6.14'}]"));
  CHECK(r.ok());
  r = load(with(kGoodRule, "fix: [install it]", "fix: [{step: 'x', when: 'version(nope.v) >= 1'}]"));
  CHECK(has_error(r, "fix step condition names unknown signature 'nope'"));
  r = load(with(kGoodRule, "fix: [install it]", "fix: [{step: 'x', wen: 'bc'}]"));
  CHECK(has_error(r, "unknown field 'wen' in fix step (did you mean 'when'?)"));
}

TEST_CASE("loader: examples are required") {
  const std::string text = kGoodRule;
  CHECK(has_error(load(text.substr(0, text.find("    examples:"))), "'examples' must give 'match' and 'no_match'"));
}

TEST_CASE("loader: duplicate ids across packs, suppression cycles") {
  auto r = load_packs({{"a.yaml", kGoodRule}, {"b.yaml", kGoodRule}});
  CHECK(has_error(r, "duplicate id (first defined at a.yaml:3:5)"));
  const std::string second =
      with(with(kGoodRule, "kbuild.tool-missing", "kbuild.compile-error"), "pack: test\nrules:\n", "");
  const std::string both = with(kGoodRule, "    examples:", "    suppresses: [kbuild.compile-error]\n    examples:") +
                           with(second, "    examples:", "    suppresses: [kbuild.tool-missing]\n    examples:");
  r = load(both);
  CHECK(has_error(r, "suppression cycle"));
}

TEST_CASE("loader: demote and context-only signatures") {
  const std::string context = with(kGoodRule, "        pattern: '/bin/sh: 1: bc: not found'",
                                   "        pattern: '/bin/sh: 1: bc: not found'\n"
                                   "      - name: done\n        pattern: 'build finished'\n        weight: 0");
  // A weight-0 signature without a condition would fire the rule on its own.
  CHECK(has_error(load(context), "signature 'done' has weight 0 (context only), so the rule needs a condition"));
  const std::string demoted = with(
      context,
      "    examples:", "    condition: bc\n    demote: {when: done, because: 'the build went on.'}\n    examples:");
  const auto r = load(demoted);
  REQUIRE_MESSAGE(r.ok(), (r.errors.empty() ? "" : r.errors[0]));
  CHECK(r.rules.rules[0].demote_text == "done");
  CHECK(r.rules.rules[0].demote_because == "the build went on.");
  CHECK(has_error(load(with(demoted, "when: done", "when: finished")),
                  "demote condition names unknown signature 'finished'"));
  CHECK(has_error(load(with(demoted, "demote: {when: done, because: 'the build went on.'}", "demote: [done]")),
                  "'demote' must be a map"));
  CHECK(has_error(load(with(demoted, "because: 'the build went on.'", "becuase: x")),
                  "unknown field 'becuase' in demote"));
}

TEST_CASE("loader: a signature's dialect and kind are checked against the dialect table") {
  const std::string base =
      with(kGoodRule, "        pattern: '/bin/sh: 1: bc: not found'",
           "        pattern: '/bin/sh: 1: bc: not found'\n        dialect: kbuild\n        kind: make-error");
  CHECK(load(base).ok());
  CHECK(has_error(load(with(base, "kind: make-error", "kind: make-eror")),
                  "unknown kind 'make-eror' for dialect 'kbuild' (did you mean 'make-error'?)"));
  CHECK(has_error(load(with(base, "kind: make-error", "kind: diagnostic")),
                  "unknown kind 'diagnostic' for dialect 'kbuild'"));
  CHECK(has_error(load(with(base, "dialect: kbuild", "dialect: kbiuld")),
                  "unknown dialect 'kbiuld' (did you mean 'kbuild'?)"));
}

TEST_CASE("loader: a pack that is not UTF-8 is refused at file:line:col, before any renderer sees it") {
  const auto r = load(with(kGoodRule, "a tool is missing", "a tool \xff is missing"));
  CHECK_FALSE(r.ok());
  CHECK(has_error(r, "test.yaml:4:19: invalid UTF-8 (byte 0xFF)"));
  // Overlong forms and surrogates are not UTF-8 either.
  CHECK(has_error(load(with(kGoodRule, "because", "bec\xc0\xafuse")), "test.yaml:6:15: invalid UTF-8 (byte 0xC0)"));
  CHECK(has_error(load(with(kGoodRule, "because", "\xed\xa0\x80")), "invalid UTF-8 (byte 0xED)"));
  CHECK(load(with(kGoodRule, "because", "weil „Grund“ — 原因")).ok());
}

TEST_CASE("loader: rules take the pack's shared signatures with use:, under their own name and weight") {
  const std::string shared =
      "signatures:\n"
      "  - name: kernel_up\n"
      "    pattern: 'Linux version \\d'\n"
      "    weight: 0.01\n";
  const auto rule = [](const std::string& id, const std::string& use) {
    return "  - id: " + id +
           "\n    title: t\n    severity: error\n    cause: c\n    fix: [f]\n"
           "    signatures:\n      - {name: own, pattern: 'boom'}\n      - " +
           use +
           "\n"
           "    condition: own and not up\n"
           "    examples:\n      match: ['boom']\n      no_match: ['Linux version 6.1 boom']\n";
  };
  const LoadResult r = load(shared + "rules:\n" + rule("boot.a", "{use: kernel_up, name: up}") +
                            rule("boot.b", "{use: kernel_up, name: up, weight: 0.5}"));
  REQUIRE_MESSAGE(r.ok(), (r.errors.empty() ? "" : r.errors[0]));
  REQUIRE(r.rules.rules.size() == 2);
  const Signature& a = r.rules.rules[0].signatures[1];
  CHECK(a.name == "up");
  CHECK(a.pattern == "Linux version \\d");
  CHECK(a.weight == doctest::Approx(0.01));
  CHECK(r.rules.rules[1].signatures[1].weight == doctest::Approx(0.5));
  CHECK(a.mark.line == 2);  // errors and `rules list` point at the shared definition
  // A name the pack does not share is refused, with the nearest one.
  const LoadResult bad = load(shared + "rules:\n" + rule("boot.a", "{use: kernel_upp, name: up}"));
  REQUIRE(!bad.ok());
  CHECK(bad.errors[0].find("has no 'kernel_upp' (did you mean 'kernel_up'?)") != std::string::npos);
  // Two shared signatures of one name, and a use that clashes with a rule's own name.
  CHECK(!load(shared + "  - {name: kernel_up, pattern: x}\nrules:\n" + rule("boot.a", "{use: kernel_up, name: up}"))
             .ok());
  CHECK(!load(shared + "rules:\n" + rule("boot.a", "{use: kernel_up, name: own}")).ok());
}
