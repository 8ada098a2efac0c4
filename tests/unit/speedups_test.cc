// Every speed-up must leave the diagnosis unchanged: the rule packs compiled at build time versus
// the YAML loaded at run time, and both matcher strategies (the literal scanner, which small logs
// use, and the full RE2::Set big logs switch to) versus one regex at a time, compared on every
// case of the corpus.
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <doctest/doctest.h>

#include "kdiag.h"

using namespace kdiag;

namespace {

std::string summary(const Result& r) {
  std::ostringstream s;
  for (const auto& d : r.diagnoses) {
    s << d.rule->id << " " << d.score << " [";
    for (const auto& e : d.evidence) s << e.line << ",";
    s << "] {";
    for (const auto& [k, v] : d.captures) s << k << "=" << v << ";";
    s << "}\n";
  }
  for (const auto& d : r.suppressed) s << "suppressed " << d.rule->id << " by " << d.suppressed_by << "\n";
  return s.str();
}

}  // namespace

TEST_CASE("speed-ups leave every corpus diagnosis unchanged") {
  EngineOptions scanner_only, set_only, reference_options;
  scanner_only.full_set_after_bytes = SIZE_MAX;
  set_only.full_set_after_bytes = 0;
  reference_options.signature_sets = false;
  const Engine scanner(builtin_rules(), scanner_only);
  const Engine full_set(builtin_rules(), set_only);
  LoadResult yaml = load_packs(builtin_packs());
  REQUIRE(yaml.ok());
  const Engine reference(std::move(yaml.rules), reference_options);

  std::size_t cases = 0;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(KDIAG_SOURCE_DIR) + "/corpus")) {
    const auto log = entry.path() / "log.txt";
    if (!std::filesystem::exists(log)) continue;
    std::ifstream in(log, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    INFO("case " << entry.path().filename().string());
    const std::string expected = summary(reference.diagnose_text("log.txt", text.str()));
    CHECK(summary(scanner.diagnose_text("log.txt", text.str())) == expected);
    CHECK(summary(full_set.diagnose_text("log.txt", text.str())) == expected);
    ++cases;
  }
  CHECK(cases > 100);
}
