// Every input the fuzzers ever crashed on (fuzz/regressions/<target>/, committed) is fed again to
// the same entry function, in the normal build and under the sanitizer build: a fixed crash stays
// fixed without clang or libFuzzer.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "entries.h"

namespace {

namespace fs = std::filesystem;

// KDIAG_FUZZ_REGRESSIONS replaces fuzz/regressions (the test that shows a missing one fails).
fs::path regressions_dir() {
  const char* env = std::getenv("KDIAG_FUZZ_REGRESSIONS");
  return env && *env ? fs::path(env) : fs::path(KDIAG_SOURCE_DIR) / "fuzz" / "regressions";
}

// A target's directory that is missing or holds nothing fails the test: a moved or emptied folder
// must not turn the replay into a pass that replayed nothing.
std::vector<fs::path> files_of(const std::string& target) {
  std::vector<fs::path> files;
  const fs::path dir = regressions_dir() / target;
  std::error_code ec;
  REQUIRE_MESSAGE(fs::is_directory(dir, ec), "no regression directory " << dir.string());
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.is_regular_file() && entry.path().filename().string()[0] != '.') files.push_back(entry.path());
  }
  REQUIRE_MESSAGE(!files.empty(), "no regression inputs in " << dir.string());
  std::sort(files.begin(), files.end());
  return files;
}

std::size_t replay(const std::string& target, int (*entry)(const std::uint8_t*, std::size_t)) {
  const auto files = files_of(target);
  for (const auto& file : files) {
    INFO("replaying " << file.string());
    std::ifstream in(file, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(entry(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()) == 0);
  }
  MESSAGE(target << ": " << files.size() << " regression input(s) replayed");
  return files.size();
}

}  // namespace

TEST_CASE("fuzz regressions: session (reader, dialects, diagnosis, renderers)") {
  replay("session", kdiag::fuzz::session_one_input);
  // The entry itself on a few shapes that reach every branch of its control byte.
  const std::string samples[] = {"", std::string(1, '\0'), std::string("\x21line one\nline two", 18),
                                 std::string("\x3F\xFF\xFE"
                                             "e\0r\0r\0\n\0",
                                             12)};
  for (const auto& s : samples) {
    CHECK(kdiag::fuzz::session_one_input(reinterpret_cast<const std::uint8_t*>(s.data()), s.size()) == 0);
  }
}

TEST_CASE("fuzz regressions: loader (rule packs)") { replay("loader", kdiag::fuzz::loader_one_input); }

TEST_CASE("fuzz regressions: condition parser") { replay("condition", kdiag::fuzz::condition_one_input); }

TEST_CASE("fuzz regressions: doctor over generated trees") { replay("doctor", kdiag::fuzz::doctor_one_input); }

TEST_CASE("fuzz regressions: corpus metadata") { replay("corpus", kdiag::fuzz::corpus_one_input); }

TEST_CASE("the doctor target builds its trees without following the links it makes") {
  // A link to a directory outside the scratch tree, then an entry below that link: the entry
  // must be skipped, never written through the link (it once deleted a host's /etc that way).
  const fs::path victim = fs::temp_directory_path() / "kdiag-fuzz-victim";
  fs::create_directories(victim);
  std::ofstream(victim / "file") << "keep me\n";
  std::string input;
  const auto record = [&](unsigned char kind, const std::string& payload) {
    input += static_cast<char>(kind);
    input += static_cast<char>(255);  // a path spelled in the payload: "path\ncontent"
    input += static_cast<char>(payload.size());
    input += payload;
  };
  record(1, "b\n" + victim.string());  // b -> the victim directory
  record(0, "b/file\nreplaced");       // a file through the link
  record(2, "b/file/sub\n");           // a directory through it
  record(1, "b/file\n/");              // a link through it
  REQUIRE(input.size() < 256 * 4);
  CHECK(kdiag::fuzz::doctor_one_input(reinterpret_cast<const std::uint8_t*>(input.data()), input.size()) == 0);
  std::ifstream in(victim / "file");
  const std::string kept((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(kept == "keep me\n");
  CHECK(fs::is_regular_file(victim / "file"));
  fs::remove_all(victim);
}
