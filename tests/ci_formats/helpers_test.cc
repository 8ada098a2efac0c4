// The pieces the CI formats are made of, pinned one by one: numbers read from a log, paths as CI
// reports name them (relative to the project, never "../"), URIs, and Markdown escaping.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include "dialects/dialects.h"
#include "dialects/log_number.h"
#include "render/location.h"
#include "render/markdown.h"

using namespace kdiag;

TEST_CASE("log numbers: from_chars with a bound, nothing else") {
  CHECK(parse_log_number("12") == 12u);
  CHECK(parse_log_number("0007") == 7u);
  CHECK(parse_log_number("1000000000") == 1000000000u);
  CHECK_FALSE(parse_log_number("1000000001"));
  CHECK_FALSE(parse_log_number("4294967296"));
  CHECK_FALSE(parse_log_number("12345678901234567890123"));
  CHECK_FALSE(parse_log_number(""));
  CHECK_FALSE(parse_log_number("-1"));
  CHECK_FALSE(parse_log_number("+1"));
  CHECK_FALSE(parse_log_number("12a"));
  CHECK_FALSE(parse_log_number(" 12"));
  CHECK(parse_log_number("80", 79) == std::nullopt);
}

TEST_CASE("dialects keep a source position as numbers, and drop one out of bounds") {
  const auto classify_text = [](const std::string& text, Line& line) {
    line.text = line.display = text;
    line.ordinal = 1;
    DialectState state;
    return classify(line, state);
  };
  Line line;
  Event ev = classify_text("drivers/foo.c:218:13: error: implicit declaration of function 'err'", line);
  CHECK(ev.kind == "diagnostic");
  CHECK(ev.file_line == 218u);
  CHECK(ev.file_col == 13u);
  CHECK(*ev.get("line") == "218");
  ev = classify_text("drivers/foo.c:12345678901234567890123:5: error: boom", line);
  CHECK(ev.kind == "diagnostic");  // still the compiler's error, without a position
  CHECK(*ev.get("file") == "drivers/foo.c");
  CHECK(ev.file_line == 0u);
  CHECK(ev.file_col == 0u);
  CHECK(ev.get("line") == nullptr);
  ev = classify_text("drivers/foo.c:12:99999999999999: error: boom", line);
  CHECK(ev.file_line == 12u);
  CHECK(ev.file_col == 0u);
  ev = classify_text("  --> samples/rust/rust_minimal.rs:4294967296:1", line);
  CHECK(ev.kind == "location");
  CHECK(ev.file_line == 0u);
}

TEST_CASE("project paths: relative inside the project, lexically normalised, never ../") {
  const std::string project = "/builds/group/kdiag";
  CHECK(report_path("/builds/group/kdiag/drivers/net/x.c", project) == "drivers/net/x.c");
  CHECK(report_path("/builds/group/kdiag/drivers/../net/./x.c", project) == "net/x.c");
  CHECK(report_path("/builds/group/kdiag//drivers///x.c", project) == "drivers/x.c");
  CHECK(report_path("/builds/group/kdiag/../other/x.c", project) == "/builds/group/kdiag/../other/x.c");
  CHECK(report_path("/builds/group/kdiag-old/x.c", project) == "/builds/group/kdiag-old/x.c");
  CHECK(report_path("/usr/src/linux/include/x.h", project) == "/usr/src/linux/include/x.h");
  CHECK(report_path("./drivers/x.c", project) == "drivers/x.c");
  CHECK(report_path("build.log", project) == "build.log");
  CHECK(report_path("../linux/include/x.h", project) == "/builds/group/linux/include/x.h");
  CHECK(report_path("../../../../x.h", project) == "/x.h");
  CHECK(report_path("/builds/group/kdiag/x.c", "/builds/group/kdiag/") == "x.c");
  CHECK(report_path("/x.c", "/") == "x.c");
  // No project directory: relative paths normalised, absolute ones as they are.
  CHECK(report_path("a/../b.c", "") == "b.c");
  CHECK(report_path("/a/../b.c", "") == "/a/../b.c");
  const ProjectPath outside = project_path("/home/u/x.c", project);
  CHECK_FALSE(outside.inside);
  CHECK(outside.absolute == "/home/u/x.c");
  const ProjectPath inside = project_path("drivers/x.c", project);
  CHECK(inside.inside);
  CHECK(inside.relative == "drivers/x.c");
  CHECK(inside.absolute == "/builds/group/kdiag/drivers/x.c");
}

TEST_CASE("URIs: percent-encoded, file:// for absolute paths") {
  CHECK(path_to_uri("drivers/my driver,v2/x.c") == "drivers/my%20driver%2Cv2/x.c");
  CHECK(path_to_uri("a:b/c") == "a%3Ab/c");  // not read as a scheme
  CHECK(path_to_uri("caf\xC3\xA9.c") == "caf%C3%A9.c");
  CHECK(file_uri("/home/u/100%.c") == "file:///home/u/100%25.c");
}

TEST_CASE("Markdown: escaped text, code spans with longer fences") {
  CHECK(markdown::escape("<module> rust/*.rmeta [x](y) a|b & c_d") ==
        "&lt;module&gt; rust/\\*.rmeta \\[x\\]\\(y\\) a\\|b &amp; c\\_d");
  CHECK(markdown::escape("line\nbreak") == "line break");
  CHECK(markdown::code_span("make M=$PWD") == "`make M=$PWD`");
  CHECK(markdown::code_span("a `b` c") == "``a `b` c``");
  CHECK(markdown::code_span("``x") == "``` ``x ```");
  CHECK(markdown::code_span("") == "");
  CHECK(markdown::code_fence("a\n```\nb") == "````");
  CHECK(markdown::code_fence("plain") == "```");
}

TEST_CASE("Markdown: a rule's text from its template, captures in code spans") {
  const Captures captures = {{"module", "![img](https://x)"}};
  CHECK(markdown::rule_text("Rebuild {module} or <module>: `modinfo {module}`",
                            "Rebuild ![img](https://x) or "
                            "<module>: `modinfo ![img](https://x)`",
                            captures) == "Rebuild `![img](https://x)` or &lt;module&gt;: `modinfo ![img](https://x)`");
  // A capture the log did not reveal is "<name>"; ${shell} is no placeholder.
  CHECK(markdown::rule_text("Use {kver} in ${kernelver}", "Use <kver> in ${kernelver}", {}) ==
        "Use &lt;kver&gt; in \\$\\{kernelver\\}");
  // Not the template this text was filled from.
  CHECK(markdown::rule_text("Other {module}", "Rebuild x", captures).empty());
}
