// One const Engine, many sessions on many threads at once (batch and threaded scanning need it):
// every corpus log diagnosed on 4 threads gives what one thread gives, also when the logs are big
// enough for the matcher to switch to its full signature set half-way (compiled once, by
// whichever thread gets there first). Run under ThreadSanitizer by scripts/test-tsan.sh.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "kdiag.h"

namespace {

namespace fs = std::filesystem;

std::vector<std::string> corpus_logs() {
  std::vector<std::string> logs;
  for (const auto& entry : fs::directory_iterator(fs::path(KDIAG_SOURCE_DIR) / "corpus")) {
    const fs::path log = entry.path() / "log.txt";
    if (!fs::is_regular_file(log)) continue;
    std::ifstream in(log, std::ios::binary);
    logs.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  return logs;
}

// Everything a diagnosis says that a thread could get wrong.
std::string summary(const kdiag::Result& r) {
  std::ostringstream out;
  for (const auto& d : r.diagnoses) {
    out << d.rule->id << ' ' << d.score << ' ' << kdiag::severity_name(d.severity) << " [";
    for (const auto& e : d.evidence) out << e.line << ',';
    out << "] {";
    for (const auto& [k, v] : d.captures) out << k << '=' << v << ';';
    out << "} " << d.fix.size() << '\n';
  }
  return out.str();
}

void same_on_four_threads(const kdiag::Engine& engine, const std::vector<std::string>& logs) {
  std::vector<std::string> expected;
  for (const auto& log : logs) expected.push_back(summary(engine.diagnose_text("log.txt", log)));
  std::vector<std::string> got(logs.size());
  std::atomic<std::size_t> next{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (std::size_t i = next++; i < logs.size(); i = next++)
        got[i] = summary(engine.diagnose_text("log.txt", logs[i]));
    });
  }
  for (auto& t : threads) t.join();
  std::size_t differ = 0;
  for (std::size_t i = 0; i < logs.size(); ++i) differ += got[i] != expected[i];
  CHECK(differ == 0);
}

}  // namespace

TEST_CASE("threads: sessions of one const Engine on 4 threads give one thread's results") {
  const auto logs = corpus_logs();
  REQUIRE(logs.size() > 100);
  // A fresh engine: its lazily built parts (scanners, regexes) are first built by the threads.
  const kdiag::Engine engine(kdiag::builtin_rules());
  same_on_four_threads(engine, logs);
}

TEST_CASE("threads: ... also when each session reads on two threads (reader and matcher)") {
  const auto logs = corpus_logs();
  kdiag::EngineOptions options;
  options.threads = 2;
  options.pipeline_after_bytes = 1000;  // most corpus logs switch half-way
  const kdiag::Engine engine(kdiag::builtin_rules(), options);
  same_on_four_threads(engine, logs);
}

TEST_CASE("threads: ... also when logs switch to the full signature set") {
  const auto logs = corpus_logs();
  kdiag::EngineOptions options;
  options.full_set_after_bytes = 4096;  // most corpus logs pass it
  const kdiag::Engine engine(kdiag::builtin_rules(), options);
  same_on_four_threads(engine, logs);
}
