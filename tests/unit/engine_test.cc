// The engine as a value: moving it keeps it working (the matcher refers to the rule set, and a
// moved-from rule set used to leave it dangling), and results made before a move stay readable.
#include <doctest/doctest.h>

#include <sstream>
#include <type_traits>
#include <utility>

#include "kdiag.h"

using namespace kdiag;

namespace {

const char* const kLog =
    "  RUSTC [M] hello.o\n"
    "error: target file \"./rust/target.json\" does not exist\n"
    "make[1]: *** [scripts/Makefile.build:291: hello.o] Error 1\n";

std::vector<std::string> ids(const Result& r) {
  std::vector<std::string> out;
  for (const auto& d : r.diagnoses) out.push_back(d.rule->id);
  return out;
}

}  // namespace

static_assert(std::is_nothrow_move_constructible_v<Engine>);
static_assert(!std::is_copy_constructible_v<Engine>);

TEST_CASE("engine: a moved Engine diagnoses as the original did") {
  Engine original(builtin_rules());
  const Result before = original.diagnose_text("log", kLog);
  REQUIRE(!before.diagnoses.empty());
  CHECK(before.diagnoses[0].rule->id == "rust.target-json-missing");

  Engine moved = std::move(original);
  const Result after = moved.diagnose_text("log", kLog);
  CHECK(ids(after) == ids(before));

  Engine assigned(RuleSet{});
  assigned = std::move(moved);
  CHECK(ids(assigned.diagnose_text("log", kLog)) == ids(before));
  // The rules the earlier results point to moved with the engine, not away from them.
  CHECK(before.diagnoses[0].rule->id == "rust.target-json-missing");
}

TEST_CASE("the built-in packs stay well inside the pattern budget; a hostile pack is refused at its signature") {
  const LoadResult builtin = load_packs(builtin_packs());
  REQUIRE(builtin.ok());
  MESSAGE("built-in packs: " << builtin.program_size << " RE2 instructions of " << kMaxProgramSize);
  CHECK(builtin.program_size * 4 < kMaxProgramSize);
  // 3000 signatures like KEY17Z[^a]{1000}: 173 KB of YAML that would take gigabytes at run time.
  std::string pack =
      "pack: hostile\nrules:\n  - id: kbuild.hostile-test\n    title: t\n    severity: error\n"
      "    cause: c\n    fix: [f]\n    signatures:\n";
  for (int i = 0; i < 3000; ++i)
    pack += "      - {name: s" + std::to_string(i) + ", pattern: 'KEY" + std::to_string(i) + "Z[^a]{1000}'}\n";
  pack += "    examples:\n      match: ['KEY1Z" + std::string(1000, 'b') + "']\n      no_match: ['fine']\n";
  const LoadResult hostile = load_packs({{"hostile.yaml", pack}});
  REQUIRE_FALSE(hostile.ok());
  CHECK(hostile.errors[0].find("hostile.yaml:") == 0);
  CHECK(hostile.errors[0].find("exceed the budget of") != std::string::npos);
}

TEST_CASE("text renderer: a long evidence line is cut on a character boundary") {
  // 196 ASCII bytes, then a 3-byte character across the 197-byte cut: the old byte cut left
  // half of it, shown as U+FFFD (or worse, raw).
  const std::string line = "error: target file \"./rust/target.json\" does not exist " + std::string(141, 'x') +
                           "\xe2\x82\xac" + std::string(40, 'y');
  REQUIRE(line.size() > 200);
  const Engine engine(builtin_rules());
  const Result r = engine.diagnose_text("log", "  RUSTC [M] hello.o\n" + line + "\n");
  REQUIRE(!r.diagnoses.empty());
  std::ostringstream out;
  RenderOptions options;
  REQUIRE(render("text", r, options, out));
  const std::string text = out.str();
  CHECK(text.find("\xef\xbf\xbd") == std::string::npos);  // no U+FFFD
  CHECK(text.find(std::string(141, 'x') + "...") != std::string::npos);
}
