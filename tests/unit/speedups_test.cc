// Every speed-up must leave the diagnosis unchanged: the rule packs compiled at build time versus
// the YAML loaded at run time, and both matcher strategies (the literal scanner, which small logs
// use, and the full RE2::Set big logs switch to) versus one regex at a time, compared on every
// case of the corpus; and reading on two threads (EngineOptions::threads) versus one.
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

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
  EngineOptions scanner_only, set_only, two_stages, two_stages_later, reference_options;
  scanner_only.full_set_after_bytes = SIZE_MAX;
  set_only.full_set_after_bytes = 0;
  // Reading and matching on two threads from the first line, and from half-way through the
  // longer logs (the switch happens between two lines of an input).
  two_stages.threads = two_stages_later.threads = 2;
  two_stages.pipeline_after_bytes = 0;
  two_stages_later.pipeline_after_bytes = 2000;
  reference_options.signature_sets = false;
  const Engine scanner(builtin_rules(), scanner_only);
  const Engine full_set(builtin_rules(), set_only);
  const Engine pipelined(builtin_rules(), two_stages);
  const Engine pipelined_later(builtin_rules(), two_stages_later);
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
    CHECK(summary(pipelined.diagnose_text("log.txt", text.str())) == expected);
    CHECK(summary(pipelined_later.diagnose_text("log.txt", text.str())) == expected);
    ++cases;
  }
  CHECK(cases > 100);
}

TEST_CASE("reading on two threads: several inputs in one session, as one thread reads them") {
  EngineOptions one_thread, two_threads;
  two_threads.threads = 2;
  two_threads.pipeline_after_bytes = 0;
  const Engine single(builtin_rules(), one_thread);
  const Engine pipelined(builtin_rules(), two_threads);
  // Inputs whose stories join across files (a build log, a boot log and a kernel config).
  const std::vector<std::string> names = {"initramfs-mkinitcpio-fsck-btrfs-helper-missing",
                                          "rust-target-json-missing-e1000",
                                          "oot-module-modpost-gpl-only-symbol-zfs-loongarch"};
  const auto diagnose = [&](const Engine& engine) {
    Session session(engine);
    for (const auto& name : names) {
      std::ifstream in(std::string(KDIAG_SOURCE_DIR) + "/corpus/" + name + "/log.txt", std::ios::binary);
      std::ostringstream text;
      text << in.rdbuf();
      REQUIRE_FALSE(text.str().empty());
      session.begin_input(name);
      // In uneven pieces, as a pipe delivers them.
      const std::string& t = text.str();
      for (std::size_t at = 0; at < t.size(); at += 997) session.feed(std::string_view(t).substr(at, 997));
      session.end_input();
    }
    const Result r = session.finish();
    std::ostringstream out;
    out << summary(r);
    for (const auto& d : r.diagnoses)
      for (const auto& e : d.evidence) out << e.input << ":" << e.line << " ";
    return out.str();
  };
  const std::string expected = diagnose(single);
  CHECK_FALSE(expected.empty());
  CHECK(diagnose(pipelined) == expected);
}
