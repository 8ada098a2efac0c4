// The reader's clean-up and prefix stripping, on lines as real pastes carry them.
#include <doctest/doctest.h>

#include <cstdio>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
using namespace std::string_literals;

#include "reader/line_reader.h"
#include "reader/normalize.h"
#include "reader/prefix.h"
#include "reader/regular_file.h"
#include "render/terminal_text.h"

using namespace kdiag;

namespace {

Line stripped(const std::string& display) {
  Line line;
  line.display = normalize_line(display);
  strip_prefixes(line);
  return line;
}

std::vector<Line> read_all(const std::string& bytes, std::size_t cap = 1 << 16, std::size_t chunk = 7) {
  InputInfo info;
  std::size_t ordinal = 0;
  LineReader reader(0, info, ordinal, cap);
  std::vector<Line> lines;
  auto sink = [&](const Line& l) { lines.push_back(l); };
  for (std::size_t i = 0; i < bytes.size(); i += chunk) reader.feed(std::string_view(bytes).substr(i, chunk), sink);
  reader.finish(sink);
  return lines;
}

}  // namespace

TEST_CASE("normalize: CR, ANSI colours, NUL, control bytes") {
  CHECK(normalize_line("make: *** [Makefile:6: default] Error 2\r") == "make: *** [Makefile:6: default] Error 2");
  CHECK(normalize_line("\x1b[1m\x1b[31m==> ERROR:\x1b[0m file not found") == "==> ERROR: file not found");
  CHECK(normalize_line("a\0b"s) == "ab");
  CHECK(normalize_line("downloading 10%\rdownloading 100%") == "downloading 100%");
  CHECK(normalize_line("\x1b]0;title\x07text") == "text");
  CHECK(normalize_line("tab\tkept") == "tab\tkept");
}

TEST_CASE("normalize: no-break spaces (HTML mail, web pages) become spaces") {
  CHECK(normalize_line("\xC2\xA0 \xC2\xA0 File \"scripts/x.py\", line 3") == "    File \"scripts/x.py\", line 3");
  CHECK(normalize_line("erreur\xE2\x80\xAF: x\xE2\x80\x87y") == "erreur : x y");
  CHECK(normalize_line("caf\xC3\xA9 \xC2\xA9") == "caf\xC3\xA9 \xC2\xA9");  // other characters stay
}

TEST_CASE("normalize: invalid UTF-8 becomes U+FFFD, valid UTF-8 stays") {
  CHECK(normalize_line("gcc: error: unrecognized command-line option \xE2\x80\x98-mfoo\xE2\x80\x99") ==
        "gcc: error: unrecognized command-line option \xE2\x80\x98-mfoo\xE2\x80\x99");
  CHECK(normalize_line("bad \xFF byte") == "bad \xEF\xBF\xBD byte");
  CHECK(normalize_line("cut \xE2\x80") == "cut \xEF\xBF\xBD\xEF\xBF\xBD");
  CHECK(normalize_line("overlong \xC0\xAF") == "overlong \xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST_CASE("prefixes: dmesg timestamps, caller ids, dmesg -T") {
  auto l = stripped("[  762.902684] hello: loading out-of-tree module taints kernel.");
  CHECK(l.text == "hello: loading out-of-tree module taints kernel.");
  CHECK(l.kernel);
  CHECK(l.source == "dmesg");
  l = stripped(
      "[   30.504146][   T81] WARNING: CPU: 1 PID: 81 at drivers/usb/core/urb.c:478 usb_submit_urb+0x1188/0x1460");
  CHECK(l.text == "WARNING: CPU: 1 PID: 81 at drivers/usb/core/urb.c:478 usb_submit_urb+0x1188/0x1460");
  l = stripped("[Tue Sep  5 10:53:29 2023] rtw_8821ce 0000:02:00.0: Direct firmware load failed");
  CHECK(l.text == "rtw_8821ce 0000:02:00.0: Direct firmware load failed");
  CHECK(l.kernel);
}

TEST_CASE("prefixes: journalctl, syslog identifiers, CI timestamps") {
  auto l = stripped("Nov 27 10:00:00 archbox kernel: nvme nvme0: pci function 0000:01:00.0");
  CHECK(l.text == "nvme nvme0: pci function 0000:01:00.0");
  CHECK(l.kernel);
  CHECK(l.source == "kernel");
  l = stripped("Jun 18 09:12:01 fedora dracut-initqueue[301]: Warning: dracut-initqueue: timeout");
  CHECK(l.text == "Warning: dracut-initqueue: timeout");
  CHECK_FALSE(l.kernel);
  CHECK(l.source == "dracut-initqueue");
  l = stripped("2024-01-28T12:00:00.1234567Z make[2]: *** [scripts/Makefile.build:243: x.o] Error 1");
  CHECK(l.text == "make[2]: *** [scripts/Makefile.build:243: x.o] Error 1");
  l = stripped("2024-01-28T12:00:00+0100 host kernel: EXT4-fs (sda1): mounted");
  CHECK(l.text == "EXT4-fs (sda1): mounted");
  CHECK(l.kernel);
  // Clock times before every line (tuxmake, Jenkins' timestamper, ts), bare or bracketed.
  l = stripped("00:00:14 ./include/linux/stddef.h:11:9: error: cannot use keyword 'false'");
  CHECK(l.text == "./include/linux/stddef.h:11:9: error: cannot use keyword 'false'");
  l = stripped("[12:00:01.250] make[1]: *** [Makefile:1234: vmlinux] Error 2");
  CHECK(l.text == "make[1]: *** [Makefile:1234: vmlinux] Error 2");
  l = stripped("[2024-01-28T12:00:00.123Z] > [  3.100000] nvme nvme0: I/O 1 QID 0 timeout");
  CHECK(l.text == "nvme nvme0: I/O 1 QID 0 timeout");
  CHECK(l.kernel);
  // Not a clock: a version or a time in the middle of a message stays.
  CHECK(stripped("10:00 is not a timestamp here").text == "10:00 is not a timestamp here");
}

TEST_CASE("prefixes: issue pastes (quotes, prompts) and several wrappers at once") {
  CHECK(stripped("> [    1.0] Kernel panic - not syncing: VFS: Unable to mount root fs").text ==
        "Kernel panic - not syncing: VFS: Unable to mount root fs");
  CHECK(stripped("root@ecs-3c5a:~/_linux/module# dmesg | tail").text == "dmesg | tail");
  CHECK(stripped("$ make KDIR=../torvalds CC=clang").text == "make KDIR=../torvalds CC=clang");
  // A config line is not a prompt: '# ' alone is kept.
  CHECK(stripped("# CONFIG_RUST is not set").text == "# CONFIG_RUST is not set");
  CHECK(stripped("  CC [M]  /home/alex/test.o").text == "  CC [M]  /home/alex/test.o");
  // A line pasted as Markdown inline code loses the pair of backticks, not quotes of its own.
  CHECK(stripped("`EFI stub: Exiting boot services...`").text == "EFI stub: Exiting boot services...");
  CHECK(stripped("> `Loading Linux 6.1.50-current-arm64 ...`  ").text == "Loading Linux 6.1.50-current-arm64 ...");
  CHECK(stripped("`.exit.text' referenced in section `__bug_table' of crypto/algboss.o").text ==
        "`.exit.text' referenced in section `__bug_table' of crypto/algboss.o");
  CHECK(stripped("`uname -r` is `6.1`").text == "`uname -r` is `6.1`");
}

TEST_CASE("line reader: numbering, CRLF, missing last newline, chunk borders") {
  const auto lines = read_all("one\r\ntwo\n\nthree");
  REQUIRE(lines.size() == 4);
  CHECK(lines[0].text == "one");
  CHECK(lines[1].number == 2);
  CHECK(lines[3].text == "three");
  CHECK(lines[3].number == 4);
  CHECK(lines[3].ordinal == 4);
}

TEST_CASE("line reader: a line over the cap keeps its start and is marked") {
  const std::string huge(100000, 'x');
  const auto lines = read_all(huge + "\nnext\n", 1000, 4096);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].truncated);
  CHECK(lines[0].text.size() == 1000);
  CHECK(lines[1].text == "next");
  CHECK_FALSE(lines[1].truncated);
}

TEST_CASE("line reader: UTF-16 with a BOM (a log saved on Windows) is decoded") {
  std::string le = "\xFF\xFE";
  for (char c : std::string("EFI stub: hi\r\nok\r\n")) {
    le.push_back(c);
    le.push_back('\0');
  }
  const auto lines = read_all(le, 1 << 16, 3);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].text == "EFI stub: hi");
  CHECK(lines[1].text == "ok");
}

TEST_CASE("prefixes: Yocto task logs prefix every line with '| '") {
  CHECK(stripped("| make[2]: *** [scripts/Makefile.build:243: x.o] Error 1").text ==
        "make[2]: *** [scripts/Makefile.build:243: x.o] Error 1");
}

TEST_CASE("prefixes: nested mail quotes") {
  CHECK(stripped(">> EFI stub: Exiting boot services...").text == "EFI stub: Exiting boot services...");
  CHECK(stripped("> > [    0.5] nvme nvme0: pci function").text == "nvme nvme0: pci function");
}

TEST_CASE("normalize: HTML entities of a log copied from a web page") {
  CHECK(
      normalize_line(
          "VBoxNetFlt-linux.c:225: error: &#8216;struct net_device&#8217; has no member named &#x2018;open&#x2019;") ==
      "VBoxNetFlt-linux.c:225: error: \xE2\x80\x98struct net_device\xE2\x80\x99 has no member named "
      "\xE2\x80\x98open\xE2\x80\x99");
  CHECK(normalize_line("mount: &quot;/dev/sda1&quot; &lt;x&gt; a&amp;b") == "mount: \"/dev/sda1\" <x> a&b");
  // Not entities, or ones that would smuggle in controls: left as written.
  CHECK(normalize_line("if (a && b) x = &y; &#; &#0; &#27; &#xD800; &bogus;") ==
        "if (a && b) x = &y; &#; &#0; &#27; &#xD800; &bogus;");
  CHECK(normalize_line("&#99999999999999999999;") == "&#99999999999999999999;");
}

TEST_CASE("prefix: what stamped a line as printed on its own") {
  CHECK(stripped("[    1.234567] usb 1-1: new device").stamped);
  CHECK(stripped("2024-01-28T12:00:00.1234567Z make: *** Error 2").stamped);
  CHECK(stripped("Nov 27 10:00:00 host kernel: nvme nvme0: I/O timeout").stamped);
  CHECK_FALSE(stripped("> undefined!").stamped);
  CHECK_FALSE(stripped("user@host:~$ make").stamped);
}

TEST_CASE("terminal_safe: text from outside is shown, never obeyed by the terminal") {
  CHECK(terminal_safe("plain text\twith a tab") == "plain text\twith a tab");
  CHECK(terminal_safe("\x1b[2Jclear") == "\\x1b[2Jclear");
  CHECK(terminal_safe("two\nlines\r") == "two\\nlines\\r");
  CHECK(terminal_safe("two\nlines", true) == "two\nlines");
  CHECK(terminal_safe("x\u202ey") == "x<U+202E>y");
  CHECK(terminal_safe("x\u2067y") == "x<U+2067>y");
  CHECK(terminal_safe("\xc2\x9b"
                      "31m") == "\\u009b31m");  // C1 CSI
  CHECK(terminal_safe("bad \xff byte") == "bad \xef\xbf\xbd byte");
  CHECK(terminal_safe("Fehler: „x“ 原因") == "Fehler: „x“ 原因");
  CHECK(first_invalid_utf8("ok „x“") == std::string("ok „x“").size());
  CHECK(first_invalid_utf8("ab\xc0\xaf") == 2);
}

TEST_CASE("read_regular_file: FIFOs and devices refused at once, limits named") {
  char tmpl[] = "/tmp/kdiag-reader-XXXXXX";
  REQUIRE(::mkdtemp(tmpl) != nullptr);
  const std::string dir = tmpl;
  REQUIRE(::mkfifo((dir + "/fifo").c_str(), 0600) == 0);
  const FileRead fifo = read_regular_file(dir + "/fifo", 100);  // no writer: would block forever
  REQUIRE_FALSE(fifo.ok());
  CHECK(fifo.errors.front() == dir + "/fifo: is a FIFO, not a regular file");
  const FileRead zero = read_regular_file("/dev/zero", 100);
  REQUIRE_FALSE(zero.ok());
  CHECK(zero.errors.front() == "/dev/zero: is a character device, not a regular file");
  {
    std::FILE* f = std::fopen((dir + "/ten").c_str(), "w");
    REQUIRE(f);
    std::fputs("0123456789", f);
    std::fclose(f);
  }
  const FileRead exact = read_regular_file(dir + "/ten", 10);
  CHECK((exact.ok() && !exact.over_limit && exact.content == "0123456789"));
  const FileRead over = read_regular_file(dir + "/ten", 4);
  CHECK((over.ok() && over.over_limit && over.content == "0123"));
  const FileRead none = read_regular_file(dir + "/none", 4);
  REQUIRE_FALSE(none.ok());
  CHECK(none.errors.front() == dir + "/none: No such file or directory");
  CHECK(none.error_number == ENOENT);
  std::remove((dir + "/fifo").c_str());
  std::remove((dir + "/ten").c_str());
  ::rmdir(dir.c_str());
}
