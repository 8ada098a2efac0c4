// Every input the fuzzers ever crashed on (fuzz/regressions/<target>/, committed) is fed again to
// the same entry function, in the normal build and under the sanitizer build: a fixed crash stays
// fixed without clang or libFuzzer.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "entries.h"

namespace {

namespace fs = std::filesystem;

std::vector<fs::path> files_of(const std::string& target) {
  std::vector<fs::path> files;
  const fs::path dir = fs::path(KDIAG_SOURCE_DIR) / "fuzz" / "regressions" / target;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.is_regular_file() && entry.path().filename().string()[0] != '.') files.push_back(entry.path());
  }
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
                                 std::string("\x3F\xFF\xFE" "e\0r\0r\0\n\0", 12)};
  for (const auto& s : samples) {
    CHECK(kdiag::fuzz::session_one_input(reinterpret_cast<const std::uint8_t*>(s.data()), s.size()) == 0);
  }
}

TEST_CASE("fuzz regressions: loader (rule packs)") { replay("loader", kdiag::fuzz::loader_one_input); }

TEST_CASE("fuzz regressions: condition parser") { replay("condition", kdiag::fuzz::condition_one_input); }
