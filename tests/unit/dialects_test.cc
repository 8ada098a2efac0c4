// Every dialect grammar, on real lines copied from the corpus.
#include <doctest/doctest.h>

#include <fstream>
#include <iterator>

#include "dialects/dialects.h"
#include "reader/normalize.h"
#include "reader/prefix.h"

using namespace kdiag;

namespace {

struct Parsed {
  Line line;
  Event event;
  std::string field(std::string_view key) const {
    const std::string* v = event.get(key);
    return v ? *v : std::string("<none>");
  }
};

Parsed parse(const std::string& raw, DialectState* state = nullptr) {
  static DialectState shared;
  Parsed p;
  p.line.display = normalize_line(raw);
  p.line.ordinal = 1;
  strip_prefixes(p.line);
  p.event = classify(p.line, state ? *state : shared);
  p.event.line = &p.line;
  // Every event a grammar makes is of a kind its dialect declares (the table rules are checked against).
  CHECK_MESSAGE(known_kind(p.event.dialect, p.event.kind), p.event.dialect << "/" << p.event.kind);
  return p;
}

}  // namespace

TEST_CASE("kbuild: make errors, missing targets, directories, steps") {
  auto p = parse("make[2]: *** [scripts/Makefile.build:307: /usr/src/linux/rust-e1000/rust_e1000.o] Error 1");
  CHECK(p.event.dialect == "kbuild");
  CHECK(p.event.kind == "make-error");
  CHECK(p.event.severity == Severity::error);
  CHECK(p.field("target") == "/usr/src/linux/rust-e1000/rust_e1000.o");
  CHECK(p.field("file") == "scripts/Makefile.build");
  CHECK(p.field("code") == "1");
  p = parse("make[3]: *** [kernel/timeconst.h] Error 127");
  CHECK(p.field("target") == "kernel/timeconst.h");
  CHECK(p.field("code") == "127");
  p = parse(
      "make: *** No rule to make target '/lib/modules/6.7.10-200.fc39.x86_64/build', needed by 'modules'.  Stop.");
  CHECK(p.event.kind == "no-rule");
  CHECK(p.field("target") == "/lib/modules/6.7.10-200.fc39.x86_64/build");
  CHECK(p.field("path") == "modules");
  p = parse("make[1]: Entering directory '/usr/src/linux/torvalds'");
  CHECK(p.event.kind == "directory");
  CHECK(p.field("directory") == "/usr/src/linux/torvalds");
  p = parse("  CC [M]  /home/pi/tinydrm_it8951/it8951.o");
  CHECK(p.event.kind == "step");
  CHECK(p.field("tool") == "CC");
  CHECK(p.field("path") == "/home/pi/tinydrm_it8951/it8951.o");
  p = parse("  RUSTC [M] /usr/src/linux/rust-e1000/rust_e1000.o");
  CHECK(p.field("tool") == "RUSTC");
}

TEST_CASE("kbuild: modpost reports") {
  auto p = parse("ERROR: modpost: \"__aeabi_ldivmod\" [/home/pi/v4l2loopback/v4l2loopback.ko] undefined!");
  CHECK(p.event.kind == "modpost");
  CHECK(p.event.severity == Severity::error);
  CHECK(p.field("symbol") == "__aeabi_ldivmod");
  CHECK(p.field("module") == "/home/pi/v4l2loopback/v4l2loopback.ko");
  p = parse("ERROR: modpost: GPL-incompatible module gdrdrv.ko uses GPL-only symbol 'cc_mkdec'");
  CHECK(p.event.kind == "modpost");
  CHECK(p.field("message") == "GPL-incompatible module gdrdrv.ko uses GPL-only symbol 'cc_mkdec'");
  p = parse("WARNING: \"__udivdi3\" [/tmp/flashcache.ko] undefined!");
  CHECK(p.event.kind == "modpost");
  CHECK(p.event.severity == Severity::warning);
  CHECK(p.field("symbol") == "__udivdi3");
}

TEST_CASE("compiler: gcc/clang diagnostics and driver errors") {
  auto p = parse(
      "/var/lib/dkms/awdev/0.1/build/awusb.c:218:13: error: implicit declaration of function "
      "\xE2\x80\x98"
      "err"
      "\xE2\x80\x99 [-Werror=implicit-function-declaration]");
  CHECK(p.event.dialect == "compiler");
  CHECK(p.event.kind == "diagnostic");
  CHECK(p.event.severity == Severity::error);
  CHECK(p.field("file") == "/var/lib/dkms/awdev/0.1/build/awusb.c");
  CHECK(p.field("line") == "218");
  CHECK(p.field("col") == "13");
  CHECK(p.field("flag") == "-Werror=implicit-function-declaration");
  p = parse("gcc: error: unrecognized command-line option \xE2\x80\x98-mretpoline-external-thunk\xE2\x80\x99");
  CHECK(p.event.kind == "driver");
  CHECK(p.field("tool") == "gcc");
  p = parse("clang: error: unknown argument: '-fconserve-stack'");
  CHECK(p.event.kind == "driver");
  CHECK(p.field("level") == "error");
  p = parse("x86_64-linux-gnu-gcc-12: error: unrecognized command-line option '-fmin-function-alignment=16'");
  CHECK(p.event.kind == "driver");
}

TEST_CASE("rustc: diagnostics and the location that follows them") {
  DialectState state;
  auto p =
      parse("error[E0461]: couldn't find crate `core` with expected target triple target-13637732820183936185", &state);
  CHECK(p.event.dialect == "rustc");
  CHECK(p.field("code") == "E0461");
  CHECK(p.event.severity == Severity::error);
  Parsed loc;
  loc.line.display = "  --> /home/leo/rust-kernel-modules/rust-random/rust_random.rs:11:5";
  loc.line.ordinal = 3;
  strip_prefixes(loc.line);
  loc.event = classify(loc.line, state);
  CHECK(loc.event.kind == "location");
  CHECK(*loc.event.get("file") == "/home/leo/rust-kernel-modules/rust-random/rust_random.rs");
  CHECK(*loc.event.get("line") == "11");
  CHECK(*loc.event.get("code") == "E0461");
  p = parse("error: target file \"./rust/target.json\" does not exist");
  CHECK(p.event.dialect == "rustc");
  CHECK(p.field("message") == "target file \"./rust/target.json\" does not exist");
}

TEST_CASE("rust-check boxes, mkinitcpio, dracut") {
  auto p = parse("*** Rust bindings generator 'bindgen' could not be found.");
  CHECK(p.event.dialect == "rust-check");
  CHECK(p.field("message") == "Rust bindings generator 'bindgen' could not be found.");
  p = parse("==> ERROR: file not found: `fsck.btrfs'");
  CHECK(p.event.dialect == "mkinitcpio");
  CHECK(p.event.severity == Severity::error);
  CHECK(p.field("message") == "file not found: `fsck.btrfs'");
  p = parse("  -> Running build hook: [udev]");
  CHECK(p.event.kind == "substep");
  p = parse("dracut[E]: Module 'systemd-pcrphase' cannot be found.");
  CHECK(p.event.dialect == "dracut");
  CHECK(p.event.severity == Severity::error);
  CHECK(p.field("message") == "Module 'systemd-pcrphase' cannot be found.");
  p = parse("dracut[24942]: Failed to install module mptspivmxnet3");
  CHECK(p.event.dialect == "dracut");
  CHECK(p.field("message") == "Failed to install module mptspivmxnet3");
}

TEST_CASE("kmod, kernel, EFI stub and bootloader lines") {
  auto p = parse("insmod: ERROR: could not insert module master/ec_master.ko: Invalid module format");
  CHECK(p.event.dialect == "kmod");
  CHECK(p.field("module") == "master/ec_master.ko");
  CHECK(p.field("reason") == "Invalid module format");
  p = parse("modprobe: ERROR: could not insert 'vboxdrv': Exec format error");
  CHECK(p.field("module") == "vboxdrv");
  CHECK(p.field("reason") == "Exec format error");
  p = parse("[    2.540000] Kernel panic - not syncing: No working init found.  Try passing init= option to kernel.");
  CHECK(p.event.dialect == "kernel");
  CHECK(p.event.kind == "panic");
  CHECK(p.field("reason") == "No working init found.  Try passing init= option to kernel.");
  p = parse(
      "[58857.640075] WARNING: CPU: 3 PID: 2549 at ../drivers/gpu/drm/radeon/radeon_object.c:84 "
      "radeon_ttm_bo_destroy+0xec/0xf0 [radeon]");
  CHECK(p.event.kind == "warning-splat");
  CHECK(p.field("file") == "../drivers/gpu/drm/radeon/radeon_object.c");
  CHECK(p.field("function") == "radeon_ttm_bo_destroy");
  p = parse("[  762.902684] hello: loading out-of-tree module taints kernel.");
  CHECK(p.event.kind == "message");
  CHECK(p.field("module") == "hello");
  p = parse(" ? do_one_initcall+0x56/0x220");
  CHECK(p.event.kind == "frame");
  CHECK(p.field("function") == "do_one_initcall");
  p = parse("EFI stub: Measured initrd data into PCR 9");
  CHECK(p.event.dialect == "efistub");
  CHECK(p.field("message") == "Measured initrd data into PCR 9");
  p = parse("EFI stub: ERROR: Failed to handle fs_proto");
  CHECK(p.event.severity == Severity::error);
  p = parse("Starting kernel ...");
  CHECK(p.event.dialect == "bootloader");
  p = parse("something nobody knows");
  CHECK(p.event.dialect == "plain");
}

TEST_CASE("kconfig: a .config (or /proc/config.gz) among the inputs") {
  auto p = parse("CONFIG_BLK_DEV_NVME=m");
  CHECK(p.event.dialect == "kconfig");
  CHECK(p.event.kind == "option-set");
  CHECK(p.field("option") == "BLK_DEV_NVME");
  CHECK(p.field("value") == "m");
  p = parse("# CONFIG_BLK_DEV_NVME is not set");
  CHECK(p.event.kind == "option-unset");
  CHECK(p.field("option") == "BLK_DEV_NVME");
  CHECK(p.field("value") == "n");
  p = parse("CONFIG_CMDLINE=\"root=/dev/nvme0n1p2 rw\"");
  CHECK(p.field("option") == "CMDLINE");
  CHECK(p.field("value") == "\"root=/dev/nvme0n1p2 rw\"");
  // Comments that are not 'is not set' lines, and prose mentioning an option, stay plain.
  CHECK(parse("# Automatically generated file; DO NOT EDIT.").event.dialect == "plain");
  CHECK(parse("CONFIG_RUST depends on !MODVERSIONS").event.dialect != "kconfig");
  CHECK(parse("# CONFIG_FOO is not set, says the log").event.dialect != "kconfig");
}

TEST_CASE("compiler: diagnostics in the locale the build ran in") {
  auto p = parse("drivers/foo.c:12:5: Fehler: »bar« nicht deklariert");
  CHECK(p.event.kind == "diagnostic");
  CHECK(p.field("level") == "error");
  CHECK(p.event.severity == Severity::error);
  p = parse(
      "/home/kost/crystalhd/driver/linux/crystalhd_lnx.c:541:2: ошибка: неявная декларация функции «check_mem_region»");
  CHECK(p.field("level") == "error");
  CHECK(p.field("file") == "/home/kost/crystalhd/driver/linux/crystalhd_lnx.c");
  p = parse("x.c:3:1: erreur : « y » non déclaré");
  CHECK(p.field("level") == "error");
  p = parse("x.c:3:1: schwerwiegender Fehler: y.h: Datei oder Verzeichnis nicht gefunden");
  CHECK(p.field("level") == "fatal error");
  p = parse("x.c:7:2: 警告: 隐式声明函数");
  CHECK(p.field("level") == "warning");
  // A colon-separated line whose second part is no level word stays something else.
  CHECK(parse("notes.txt:12: something: else").event.kind != "diagnostic");
}

TEST_CASE("dialects: shell echoes quote another program's text") {
  DialectState state;
  Line line;
  line.text = "\techo \"  ERROR: Kernel configuration is invalid.\";\t\t\\";
  Event ev = classify(line, state);
  CHECK(ev.dialect == "shell");
  CHECK(ev.kind == "echo");
  CHECK(ev.quoted);
  line.text = "+ printf '%s\\n' \"make: *** [x] Error 2\"";
  CHECK(classify(line, state).dialect == "shell");
  line.text = "make: *** [Makefile:12: all] Error 2";
  ev = classify(line, state);
  CHECK(ev.dialect == "kbuild");
  CHECK_FALSE(ev.quoted);
  line.text = "echoing nothing: error";  // the word alone is not a command
  CHECK(classify(line, state).dialect != "shell");
}

TEST_CASE("the rules README lists every dialect of the table, with every kind") {
  // The table (engine/dialects/registry.cc) is what the loader accepts; the README is what pack
  // writers read. A dialect or kind added to one and not the other fails here.
  std::ifstream in(std::string(KDIAG_SOURCE_DIR) + "/rules/README.md");
  REQUIRE(in);
  std::string readme((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto begin = readme.find("- Dialects and kinds");
  REQUIRE(begin != std::string::npos);
  const std::string section = readme.substr(begin, readme.find("\n- ", begin + 1) - begin);
  for (const auto& d : dialect_table()) {
    const std::string name = "`" + std::string(d.name) + "`";
    const auto at = section.find(name);
    CHECK_MESSAGE(at != std::string::npos, "rules/README.md does not list the dialect ", name);
    if (at == std::string::npos || d.name == "plain") continue;
    // Its kinds follow its name, before the next dialect's name.
    const auto next = section.find('`', at + name.size());
    const std::string own = section.substr(at, next == std::string::npos ? std::string::npos : next - at);
    for (const auto& kind : d.kinds) {
      CHECK_MESSAGE(own.find(std::string(kind)) != std::string::npos, "rules/README.md: dialect ", name,
                    " does not list its kind ", kind);
    }
  }
}
