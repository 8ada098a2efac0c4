// The binary form the built-in packs are compiled into (rules/serialize.h): it must give back
// exactly what the YAML loader builds, parsed conditions and literals included, and refuse a
// damaged blob instead of reading past it.
#include <string>

#include <doctest/doctest.h>

#include "kdiag.h"
#include "rules/serialize.h"

using namespace kdiag;

TEST_CASE("compiled packs round-trip: rules, conditions, fix conditions, literals") {
  LoadResult yaml = load_packs(builtin_packs());
  REQUIRE(yaml.ok());
  const std::string blob = serialize_rules(yaml.rules);
  Outcome<RuleSet> read_back = deserialize_rules(blob);
  REQUIRE(read_back.ok());
  const RuleSet& back = read_back.value;
  REQUIRE(back.rules.size() == yaml.rules.rules.size());
  for (std::size_t i = 0; i < back.rules.size(); ++i) {
    const Rule& a = yaml.rules.rules[i];
    const Rule& b = back.rules[i];
    INFO(a.id);
    CHECK(a.id == b.id);
    CHECK(bool(a.condition) == bool(b.condition));
    if (a.condition && b.condition) CHECK(to_string(*a.condition) == to_string(*b.condition));
    REQUIRE(a.fix_conditions.size() == b.fix_conditions.size());
    for (std::size_t k = 0; k < a.fix_conditions.size(); ++k) {
      CHECK(bool(a.fix_conditions[k]) == bool(b.fix_conditions[k]));
      if (a.fix_conditions[k] && b.fix_conditions[k]) {
        CHECK(to_string(*a.fix_conditions[k]) == to_string(*b.fix_conditions[k]));
      }
    }
    REQUIRE(a.signatures.size() == b.signatures.size());
    for (std::size_t s = 0; s < a.signatures.size(); ++s) {
      CHECK(a.signatures[s].pattern == b.signatures[s].pattern);
      CHECK(a.signatures[s].literals == b.signatures[s].literals);
    }
  }
  // The serialised form of what came back is the same bytes.
  CHECK(serialize_rules(back) == blob);
}

TEST_CASE("a truncated or damaged compiled pack is refused") {
  LoadResult yaml = load_packs(builtin_packs());
  REQUIRE(yaml.ok());
  const std::string blob = serialize_rules(yaml.rules);
  for (std::size_t cut = 0; cut < blob.size(); cut += 997) {
    const Outcome<RuleSet> out = deserialize_rules(std::string_view(blob).substr(0, cut));
    CHECK_FALSE(out.ok());
    REQUIRE_FALSE(out.errors.empty());
    CHECK(out.errors.front().rfind("compiled rule set: ", 0) == 0);
  }
  // Damage anywhere (a length or count of 0xff...) may give odd text or a refusal, never a crash
  // or a huge allocation.
  for (std::size_t at = 14; at < blob.size(); at += 331) {
    std::string damaged = blob;
    damaged[at] = static_cast<char>(0xff);
    (void)deserialize_rules(damaged);
  }
}
