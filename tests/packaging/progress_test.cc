// The progress line's text (cli/progress.cc): what a person reads while a large log is read.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include "progress.h"

using kdiag::cli::format_progress;

TEST_CASE("bytes, total, rate and ETA when the size is known") {
  CHECK(format_progress("build.log", 12'300'000, 512'000'000, 1.0, 120) ==
        "kdiag: reading build.log  12.3 MB of 512.0 MB  12.3 MB/s  ETA 41s");
}

TEST_CASE("a pipe: no total, no ETA") {
  CHECK(format_progress("<stdin>", 3'000'000, std::nullopt, 2.0, 120) == "kdiag: reading <stdin>  3.0 MB  1.5 MB/s");
}

TEST_CASE("long ETAs in minutes and hours") {
  CHECK(format_progress("a", 1'000'000, 200'000'000, 1.0, 120).ends_with("ETA 3m19s"));
  CHECK(format_progress("a", 1'000'000, 9'000'000'000, 1.0, 120).ends_with("ETA 2h29m"));
}

TEST_CASE("no rate yet: no ETA, no division by zero") {
  CHECK(format_progress("a", 0, 100, 0.0, 120) == "kdiag: reading a  0.0 MB of 0.0 MB  0.0 MB/s");
}

TEST_CASE("fits the terminal, leaving the last column free; the end of a long name is kept") {
  const std::string line =
      format_progress("/very/long/directory/of/build/logs/linux-6.8-rust-build.log", 1'000'000, 2'000'000, 1.0, 60);
  CHECK(line.size() <= 59);
  CHECK(line.find("...") != std::string::npos);
  CHECK(line.find("MB/s") != std::string::npos);
  CHECK(format_progress("some.log", 1, 2, 1.0, 10).size() <= 9);
}
